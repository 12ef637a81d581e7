CREATE TABLE `disclosure_secret` (
	`id` integer PRIMARY KEY NOT NULL,
	`secret` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "disclosure_secret_one_row" CHECK("disclosure_secret"."id" = 1),
	CONSTRAINT "disclosure_secret_length" CHECK(length("disclosure_secret"."secret") >= 32)
);
