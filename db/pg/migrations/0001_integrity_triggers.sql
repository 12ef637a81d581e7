-- Custom SQL migration file, put your code below! --
-- PostgreSQL's form of db/migrations/0001, 0003 and 0006 (the SQLite triggers): PL/pgSQL trigger
-- functions with the same checks and the same messages.
--
-- Date order across tables, which a CHECK constraint cannot see: no TARE session before the
-- patient's index date (the first session), no follow-up therapy before it, no index date moved
-- after an existing session.
CREATE FUNCTION treatments_not_before_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.date < (SELECT index_date FROM patients WHERE id = NEW.patient_id) THEN
    RAISE EXCEPTION 'treatment date precedes the patient''s index date' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER treatments_not_before_index BEFORE INSERT OR UPDATE OF date, patient_id ON treatments
FOR EACH ROW EXECUTE FUNCTION treatments_not_before_index();
--> statement-breakpoint
CREATE FUNCTION follow_up_therapies_not_before_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.start_date < (SELECT index_date FROM patients WHERE id = NEW.patient_id) THEN
    RAISE EXCEPTION 'follow-up therapy starts before the patient''s index date' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER follow_up_therapies_not_before_index BEFORE INSERT ON follow_up_therapies
FOR EACH ROW EXECUTE FUNCTION follow_up_therapies_not_before_index();
--> statement-breakpoint
CREATE FUNCTION patients_index_not_after_treatment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.index_date > (SELECT min(date) FROM treatments WHERE patient_id = NEW.id) THEN
    RAISE EXCEPTION 'index date would follow an existing treatment session' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER patients_index_not_after_treatment BEFORE UPDATE OF index_date ON patients
FOR EACH ROW EXECUTE FUNCTION patients_index_not_after_treatment();
--> statement-breakpoint
-- The audit log is append-only: no row is ever changed or removed through SQL (TRUNCATE included).
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
-- The data version moves with every change of patient data, by any connection: one row, and a
-- statement-level AFTER trigger per table analyses read (db/schema/data-version.ts). Statement
-- level: once per INSERT, UPDATE or DELETE, whatever the number of rows (SQLite's fire per row).
INSERT INTO data_version (id, version) VALUES (1, 0);
--> statement-breakpoint
CREATE FUNCTION data_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER sites_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sites
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
--> statement-breakpoint
CREATE TRIGGER patients_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON patients
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
--> statement-breakpoint
CREATE TRIGGER prior_therapies_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON prior_therapies
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
--> statement-breakpoint
CREATE TRIGGER treatments_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON treatments
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
--> statement-breakpoint
CREATE TRIGGER lab_results_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON lab_results
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
--> statement-breakpoint
CREATE TRIGGER imaging_studies_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON imaging_studies
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
--> statement-breakpoint
CREATE TRIGGER follow_up_therapies_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON follow_up_therapies
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
--> statement-breakpoint
CREATE TRIGGER site_reference_ranges_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON site_reference_ranges
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
