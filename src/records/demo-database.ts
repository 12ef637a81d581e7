/**
 * A demo database: the synthetic cohort (src/demo/), its derived CTCAE grades, and the study's
 * subgroups saved as cohorts, written together.
 */
import { seedDemoCohort } from '../demo/index.js';
import type { Store } from '../store/database.js';
import { recomputeLabGrades } from './lab-grades.js';
import { saveStudySubgroups } from './study-subgroups.js';

export interface DemoSeedOptions {
  patients?: number;
  sites?: number;
  seed?: number;
}

export function seedDemoDatabase(db: Store, options: DemoSeedOptions = {}) {
  const rows = seedDemoCohort(db, options);
  const gradedLabs = recomputeLabGrades(db);
  const savedCohorts = saveStudySubgroups(db);
  return { rows, gradedLabs, savedCohorts };
}
