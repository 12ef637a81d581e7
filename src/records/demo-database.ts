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

export async function seedDemoDatabase(db: Store, options: DemoSeedOptions = {}) {
  const rows = await seedDemoCohort(db, options);
  const gradedLabs = await recomputeLabGrades(db);
  const savedCohorts = await saveStudySubgroups(db);
  return { rows, gradedLabs, savedCohorts };
}
