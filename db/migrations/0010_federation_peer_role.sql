PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`salt` text NOT NULL,
	`role` text NOT NULL,
	`site_id` integer,
	`label` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text,
	`expires_at` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "api_keys_role" CHECK("__new_api_keys"."role" IN ('ADMIN', 'SITE_MANAGER', 'SITE_ANALYST', 'CONSORTIUM_ANALYST', 'FEDERATION_PEER')),
	CONSTRAINT "api_keys_site_role" CHECK(("__new_api_keys"."role" IN ('SITE_MANAGER', 'SITE_ANALYST')) = ("__new_api_keys"."site_id" IS NOT NULL))
);
--> statement-breakpoint
INSERT INTO `__new_api_keys`("id", "prefix", "secret_hash", "salt", "role", "site_id", "label", "created_at", "revoked_at", "expires_at") SELECT "id", "prefix", "secret_hash", "salt", "role", "site_id", "label", "created_at", "revoked_at", "expires_at" FROM `api_keys`;--> statement-breakpoint
DROP TABLE `api_keys`;--> statement-breakpoint
ALTER TABLE `__new_api_keys` RENAME TO `api_keys`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_prefix` ON `api_keys` (`prefix`);--> statement-breakpoint
CREATE INDEX `api_keys_site` ON `api_keys` (`site_id`);