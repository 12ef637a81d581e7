-- Custom SQL migration file, put your code below! --
-- Date order across tables, which a CHECK constraint cannot see: no TARE session before the
-- patient's index date (the first session), no follow-up therapy before it, no index date moved
-- after an existing session.
CREATE TRIGGER `treatments_not_before_index_insert` BEFORE INSERT ON `treatments`
WHEN NEW.`date` < (SELECT `index_date` FROM `patients` WHERE `id` = NEW.`patient_id`)
BEGIN SELECT RAISE(ABORT, 'treatment date precedes the patient''s index date'); END;
--> statement-breakpoint
CREATE TRIGGER `treatments_not_before_index_update` BEFORE UPDATE OF `date`, `patient_id` ON `treatments`
WHEN NEW.`date` < (SELECT `index_date` FROM `patients` WHERE `id` = NEW.`patient_id`)
BEGIN SELECT RAISE(ABORT, 'treatment date precedes the patient''s index date'); END;
--> statement-breakpoint
CREATE TRIGGER `follow_up_therapies_not_before_index_insert` BEFORE INSERT ON `follow_up_therapies`
WHEN NEW.`start_date` < (SELECT `index_date` FROM `patients` WHERE `id` = NEW.`patient_id`)
BEGIN SELECT RAISE(ABORT, 'follow-up therapy starts before the patient''s index date'); END;
--> statement-breakpoint
CREATE TRIGGER `patients_index_not_after_treatment` BEFORE UPDATE OF `index_date` ON `patients`
WHEN NEW.`index_date` > (SELECT min(`date`) FROM `treatments` WHERE `patient_id` = NEW.`id`)
BEGIN SELECT RAISE(ABORT, 'index date would follow an existing treatment session'); END;
