CREATE TABLE `sites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "sites_code_format" CHECK(length("sites"."code") BETWEEN 1 AND 32 AND "sites"."code" NOT GLOB '*[^A-Za-z0-9_-]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_code_unique` ON `sites` (`code`);--> statement-breakpoint
CREATE TABLE `patients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` integer NOT NULL,
	`external_id` text NOT NULL,
	`sex` text NOT NULL,
	`birth_date` text,
	`age_at_index` real NOT NULL,
	`index_date` text NOT NULL,
	`ecog` integer,
	`tumor_type` text,
	`differentiation` text,
	`tumor_burden` text,
	`ascites_at_baseline` integer NOT NULL,
	`extrahepatic_metastases` integer NOT NULL,
	`child_pugh` text,
	`liver_metastasis_diagnosis_date` text,
	`last_follow_up_date` text NOT NULL,
	`vital_status` text NOT NULL,
	`death_date` text,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "patients_sex" CHECK("patients"."sex" IN ('MALE', 'FEMALE')),
	CONSTRAINT "patients_tumor_type" CHECK("patients"."tumor_type" IN ('CARCINOID', 'ISLET_CELL', 'OTHER')),
	CONSTRAINT "patients_differentiation" CHECK("patients"."differentiation" IN ('WELL', 'MODERATE_POOR', 'UNKNOWN')),
	CONSTRAINT "patients_tumor_burden" CHECK("patients"."tumor_burden" IN ('UNDER_25', 'FROM_25_TO_50', 'OVER_50')),
	CONSTRAINT "patients_child_pugh" CHECK("patients"."child_pugh" IN ('A', 'B', 'C')),
	CONSTRAINT "patients_vital_status" CHECK("patients"."vital_status" IN ('ALIVE', 'DEAD')),
	CONSTRAINT "patients_ecog" CHECK("patients"."ecog" BETWEEN 0 AND 4),
	CONSTRAINT "patients_age" CHECK("patients"."age_at_index" >= 0 AND "patients"."age_at_index" < 130),
	CONSTRAINT "patients_ascites" CHECK("patients"."ascites_at_baseline" IN (0, 1)),
	CONSTRAINT "patients_extrahepatic" CHECK("patients"."extrahepatic_metastases" IN (0, 1)),
	CONSTRAINT "patients_external_id" CHECK(length(trim("patients"."external_id")) > 0),
	CONSTRAINT "patients_birth_date" CHECK("patients"."birth_date" IS NULL OR (length("patients"."birth_date") = 10 AND date("patients"."birth_date") = "patients"."birth_date")),
	CONSTRAINT "patients_index_date" CHECK("patients"."index_date" IS NULL OR (length("patients"."index_date") = 10 AND date("patients"."index_date") = "patients"."index_date")),
	CONSTRAINT "patients_diagnosis_date" CHECK("patients"."liver_metastasis_diagnosis_date" IS NULL OR (length("patients"."liver_metastasis_diagnosis_date") = 10 AND date("patients"."liver_metastasis_diagnosis_date") = "patients"."liver_metastasis_diagnosis_date")),
	CONSTRAINT "patients_last_follow_up_date" CHECK("patients"."last_follow_up_date" IS NULL OR (length("patients"."last_follow_up_date") = 10 AND date("patients"."last_follow_up_date") = "patients"."last_follow_up_date")),
	CONSTRAINT "patients_death_date" CHECK("patients"."death_date" IS NULL OR (length("patients"."death_date") = 10 AND date("patients"."death_date") = "patients"."death_date")),
	CONSTRAINT "patients_born_before_index" CHECK("patients"."birth_date" IS NULL OR "patients"."birth_date" < "patients"."index_date"),
	CONSTRAINT "patients_diagnosis_not_after_index" CHECK("patients"."liver_metastasis_diagnosis_date" IS NULL OR "patients"."liver_metastasis_diagnosis_date" <= "patients"."index_date"),
	CONSTRAINT "patients_follow_up_not_before_index" CHECK("patients"."last_follow_up_date" >= "patients"."index_date"),
	CONSTRAINT "patients_death_matches_status" CHECK(("patients"."vital_status" = 'DEAD') = ("patients"."death_date" IS NOT NULL)),
	CONSTRAINT "patients_no_death_before_index" CHECK("patients"."death_date" IS NULL OR "patients"."death_date" >= "patients"."index_date"),
	CONSTRAINT "patients_no_follow_up_after_death" CHECK("patients"."death_date" IS NULL OR "patients"."death_date" >= "patients"."last_follow_up_date")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patients_site_external_id` ON `patients` (`site_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `patients_index_date` ON `patients` (`index_date`);--> statement-breakpoint
CREATE TABLE `prior_therapies` (
	`patient_id` integer NOT NULL,
	`therapy` text NOT NULL,
	PRIMARY KEY(`patient_id`, `therapy`),
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "prior_therapies_therapy" CHECK("prior_therapies"."therapy" IN ('TACE', 'RESECTION', 'SYSTEMIC_CHEMOTHERAPY', 'ABLATION'))
);
--> statement-breakpoint
CREATE TABLE `treatments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`date` text NOT NULL,
	`target` text NOT NULL,
	`device` text NOT NULL,
	`activity_gbq` real NOT NULL,
	`lung_shunt_fraction_percent` real,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "treatments_date" CHECK("treatments"."date" IS NULL OR (length("treatments"."date") = 10 AND date("treatments"."date") = "treatments"."date")),
	CONSTRAINT "treatments_target" CHECK("treatments"."target" IN ('RIGHT_LOBE', 'LEFT_LOBE', 'SEGMENTAL', 'WHOLE_LIVER')),
	CONSTRAINT "treatments_device" CHECK("treatments"."device" IN ('RESIN', 'GLASS')),
	CONSTRAINT "treatments_activity" CHECK("treatments"."activity_gbq" > 0 AND "treatments"."activity_gbq" <= 20),
	CONSTRAINT "treatments_lung_shunt" CHECK("treatments"."lung_shunt_fraction_percent" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `treatments_patient_date_target` ON `treatments` (`patient_id`,`date`,`target`);--> statement-breakpoint
CREATE TABLE `lab_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`analyte` text NOT NULL,
	`value` real NOT NULL,
	`unit` text NOT NULL,
	`received_value` real NOT NULL,
	`received_unit` text NOT NULL,
	`collected_on` text NOT NULL,
	`lower_limit_of_normal` real,
	`upper_limit_of_normal` real,
	`grade_v5` integer,
	`grade_v4_03` integer,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "lab_results_analyte" CHECK("lab_results"."analyte" IN ('ALBUMIN', 'ALP', 'AST', 'ALT', 'BILIRUBIN', 'HEMOGLOBIN', 'PLATELETS', 'LEUKOCYTES', 'NEUTROPHILS', 'CREATININE', 'INR')),
	CONSTRAINT "lab_results_collected_on" CHECK("lab_results"."collected_on" IS NULL OR (length("lab_results"."collected_on") = 10 AND date("lab_results"."collected_on") = "lab_results"."collected_on")),
	CONSTRAINT "lab_results_value" CHECK("lab_results"."value" >= 0),
	CONSTRAINT "lab_results_grade_v5" CHECK("lab_results"."grade_v5" BETWEEN 0 AND 5),
	CONSTRAINT "lab_results_grade_v4_03" CHECK("lab_results"."grade_v4_03" BETWEEN 0 AND 5),
	CONSTRAINT "lab_results_limits" CHECK("lab_results"."lower_limit_of_normal" IS NULL OR "lab_results"."upper_limit_of_normal" IS NULL OR "lab_results"."lower_limit_of_normal" <= "lab_results"."upper_limit_of_normal")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lab_results_patient_analyte_date` ON `lab_results` (`patient_id`,`analyte`,`collected_on`);--> statement-breakpoint
CREATE INDEX `lab_results_analyte_date` ON `lab_results` (`analyte`,`collected_on`);--> statement-breakpoint
CREATE TABLE `imaging_studies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`date` text NOT NULL,
	`modality` text NOT NULL,
	`ascites` integer NOT NULL,
	`cirrhosis_like_morphology` integer NOT NULL,
	`splenomegaly` integer NOT NULL,
	`varices` integer NOT NULL,
	`recist` text,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "imaging_studies_date" CHECK("imaging_studies"."date" IS NULL OR (length("imaging_studies"."date") = 10 AND date("imaging_studies"."date") = "imaging_studies"."date")),
	CONSTRAINT "imaging_studies_recist" CHECK("imaging_studies"."recist" IN ('CR', 'PR', 'SD', 'PD')),
	CONSTRAINT "imaging_studies_ascites" CHECK("imaging_studies"."ascites" IN (0, 1)),
	CONSTRAINT "imaging_studies_cirrhosis" CHECK("imaging_studies"."cirrhosis_like_morphology" IN (0, 1)),
	CONSTRAINT "imaging_studies_splenomegaly" CHECK("imaging_studies"."splenomegaly" IN (0, 1)),
	CONSTRAINT "imaging_studies_varices" CHECK("imaging_studies"."varices" IN (0, 1))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `imaging_studies_patient_date_modality` ON `imaging_studies` (`patient_id`,`date`,`modality`);--> statement-breakpoint
CREATE TABLE `follow_up_therapies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`kind` text NOT NULL,
	`agent` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "follow_up_therapies_start_date" CHECK("follow_up_therapies"."start_date" IS NULL OR (length("follow_up_therapies"."start_date") = 10 AND date("follow_up_therapies"."start_date") = "follow_up_therapies"."start_date")),
	CONSTRAINT "follow_up_therapies_kind" CHECK("follow_up_therapies"."kind" IN ('SYSTEMIC', 'HEPATIC_ARTERIAL_INFUSION', 'LIVER_DIRECTED', 'SURGERY', 'OTHER'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follow_up_therapies_patient_date_agent` ON `follow_up_therapies` (`patient_id`,`start_date`,`agent`);--> statement-breakpoint
CREATE TABLE `site_reference_ranges` (
	`site_id` integer NOT NULL,
	`analyte` text NOT NULL,
	`lower_limit_of_normal` real,
	`upper_limit_of_normal` real,
	PRIMARY KEY(`site_id`, `analyte`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "site_reference_ranges_analyte" CHECK("site_reference_ranges"."analyte" IN ('ALBUMIN', 'ALP', 'AST', 'ALT', 'BILIRUBIN', 'HEMOGLOBIN', 'PLATELETS', 'LEUKOCYTES', 'NEUTROPHILS', 'CREATININE', 'INR'))
);
--> statement-breakpoint
CREATE TABLE `saved_cohorts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`filter_json` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "saved_cohorts_filter_json" CHECK(json_valid("saved_cohorts"."filter_json")),
	CONSTRAINT "saved_cohorts_name" CHECK(length(trim("saved_cohorts"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `saved_cohorts_name_unique` ON `saved_cohorts` (`name`);