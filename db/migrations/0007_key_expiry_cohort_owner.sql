ALTER TABLE `saved_cohorts` ADD `owner_key_id` integer REFERENCES api_keys(id);--> statement-breakpoint
ALTER TABLE `saved_cohorts` ADD `site_id` integer REFERENCES sites(id);--> statement-breakpoint
CREATE INDEX `saved_cohorts_site` ON `saved_cohorts` (`site_id`);--> statement-breakpoint
ALTER TABLE `api_keys` ADD `expires_at` text;