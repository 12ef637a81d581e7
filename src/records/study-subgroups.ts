/**
 * The founding study's subgroups as saved cohorts, shipped with the demo database: its serial-lab
 * and imaging analyses are over the patients followed more than a year (n = 52), the long-term labs
 * over those followed more than four years (n = 11), and several comparisons split unilobar from
 * bilobar treatment.
 */
import { findSavedCohortByName, insertSavedCohort } from '../store/saved-cohorts.js';
import type { Store } from '../store/database.js';
import type { PatientFilter } from './cohorts.js';

export const STUDY_SUBGROUPS: readonly { name: string; description: string; where: PatientFilter }[] = [
  { name: 'Followed more than 1 year', description: 'Tables 3, 4 and 6 of the study (n = 52): follow-up of at least 12 months.', where: { variable: 'followUpMonths', gte: 12 } },
  { name: 'Followed more than 4 years', description: 'Table 5 of the study (n = 11): follow-up of more than 48 months.', where: { variable: 'followUpMonths', gt: 48 } },
  { name: 'Unilobar', description: 'Patients whose sessions treated one lobe.', where: { variable: 'treatmentDistribution', eq: 'UNILOBAR' } },
  { name: 'Bilobar', description: 'Patients treated in both lobes (staged sessions).', where: { variable: 'treatmentDistribution', eq: 'BILOBAR' } },
];

/** Saves the subgroups not saved yet; returns how many were added. */
export async function saveStudySubgroups(db: Store): Promise<number> {
  let added = 0;
  for (const subgroup of STUDY_SUBGROUPS) {
    if (await findSavedCohortByName(db, subgroup.name) !== undefined) continue;
    await insertSavedCohort(db, { name: subgroup.name, description: subgroup.description, filterJson: JSON.stringify(subgroup.where) });
    added += 1;
  }
  return added;
}
