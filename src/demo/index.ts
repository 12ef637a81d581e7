/** The synthetic demo cohort (docs/demo-cohort.md): generation as plain rows, and seeding a database. */
export {
  DEFAULT_DEMO_SEED, DemoOptionsError, MAX_DEMO_SITES, MIN_DEMO_PATIENTS, generateDemoCohort, resolveDemoOptions, type DemoCohortOptions,
} from './generate.js';
export { DemoDatabaseNotEmptyError, seedDemoCohort, type DemoSeedSummary } from './seed.js';
export type {
  DemoCohort, DemoFollowUpTherapy, DemoImagingStudy, DemoLabResult, DemoPatient, DemoPriorTherapy, DemoSite,
  DemoSiteReferenceRange, DemoTreatment,
} from './types.js';
