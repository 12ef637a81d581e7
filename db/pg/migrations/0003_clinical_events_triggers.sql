-- Custom SQL migration file, put your code below! --
-- PostgreSQL's form of the hand-written part of db/migrations/0009: a patient's death cause is one
-- of the causes and only for a patient who died, and clinical events move the data version like
-- every other patient-data table (statement-level, as in 0001).
CREATE FUNCTION patients_death_cause() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.death_cause IS NOT NULL AND (NEW.death_cause NOT IN ('TUMOR', 'LIVER', 'TREATMENT', 'OTHER', 'UNKNOWN') OR NEW.death_date IS NULL) THEN
    RAISE EXCEPTION 'death cause must be one of TUMOR, LIVER, TREATMENT, OTHER, UNKNOWN, for a patient who died' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER patients_death_cause BEFORE INSERT OR UPDATE OF death_cause, death_date ON patients
FOR EACH ROW EXECUTE FUNCTION patients_death_cause();
--> statement-breakpoint
CREATE TRIGGER clinical_events_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clinical_events
FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
