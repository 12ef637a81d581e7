CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`salt` text NOT NULL,
	`role` text NOT NULL,
	`site_id` integer,
	`label` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "api_keys_role" CHECK("api_keys"."role" IN ('ADMIN', 'SITE_MANAGER', 'SITE_ANALYST', 'CONSORTIUM_ANALYST')),
	CONSTRAINT "api_keys_site_role" CHECK(("api_keys"."role" IN ('SITE_MANAGER', 'SITE_ANALYST')) = ("api_keys"."site_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_prefix` ON `api_keys` (`prefix`);--> statement-breakpoint
CREATE INDEX `api_keys_site` ON `api_keys` (`site_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`api_key_id` integer,
	`role` text NOT NULL,
	`site_code` text,
	`channel` text NOT NULL,
	`operation_name` text,
	`variables_hash` text,
	`served_rows` integer NOT NULL,
	`served_aggregates` integer NOT NULL,
	`suppressions` integer NOT NULL,
	`outcome` text NOT NULL,
	`duration_ms` integer NOT NULL,
	CONSTRAINT "audit_log_outcome" CHECK(length("audit_log"."outcome") > 0)
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);