CREATE TABLE `clinical_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`date` text NOT NULL,
	`event` text NOT NULL,
	`site_of_progression` text,
	`detail` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "clinical_events_date" CHECK("clinical_events"."date" IS NULL OR (length("clinical_events"."date") = 10 AND date("clinical_events"."date") = "clinical_events"."date")),
	CONSTRAINT "clinical_events_event" CHECK("clinical_events"."event" IN ('PROGRESSION', 'TRANSPLANT', 'HEPATIC_DECOMPENSATION', 'NEW_THERAPY')),
	CONSTRAINT "clinical_events_site_of_progression" CHECK("clinical_events"."site_of_progression" IN ('LIVER', 'EXTRAHEPATIC', 'BOTH')),
	CONSTRAINT "clinical_events_site_only_for_progression" CHECK("clinical_events"."site_of_progression" IS NULL OR "clinical_events"."event" = 'PROGRESSION')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clinical_events_patient_date_event` ON `clinical_events` (`patient_id`,`date`,`event`);--> statement-breakpoint
ALTER TABLE `patients` ADD `death_cause` text;--> statement-breakpoint
-- Hand-written below (drizzle-kit's output above): a patient's death cause is one of the causes and
-- only for a patient who died (triggers, since a CHECK added to the stored patients table would rebuild it),
-- and clinical events move the data version like every other patient-data table (0006).
CREATE TRIGGER `patients_death_cause_insert` BEFORE INSERT ON `patients`
WHEN NEW.`death_cause` IS NOT NULL AND (NEW.`death_cause` NOT IN ('TUMOR', 'LIVER', 'TREATMENT', 'OTHER', 'UNKNOWN') OR NEW.`death_date` IS NULL)
BEGIN SELECT RAISE(ABORT, 'death cause must be one of TUMOR, LIVER, TREATMENT, OTHER, UNKNOWN, for a patient who died'); END;
--> statement-breakpoint
CREATE TRIGGER `patients_death_cause_update` BEFORE UPDATE OF `death_cause`, `death_date` ON `patients`
WHEN NEW.`death_cause` IS NOT NULL AND (NEW.`death_cause` NOT IN ('TUMOR', 'LIVER', 'TREATMENT', 'OTHER', 'UNKNOWN') OR NEW.`death_date` IS NULL)
BEGIN SELECT RAISE(ABORT, 'death cause must be one of TUMOR, LIVER, TREATMENT, OTHER, UNKNOWN, for a patient who died'); END;
--> statement-breakpoint
CREATE TRIGGER `clinical_events_data_version_insert` AFTER INSERT ON `clinical_events`
BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `clinical_events_data_version_update` AFTER UPDATE ON `clinical_events`
BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `clinical_events_data_version_delete` AFTER DELETE ON `clinical_events`
BEGIN UPDATE `data_version` SET `version` = `version` + 1 WHERE `id` = 1; END;
