import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  CHILD_PUGH_CLASSES, DEATH_CAUSES, DIFFERENTIATIONS, SEXES, TUMOR_BURDENS, TUMOR_TYPES, VITAL_STATUSES,
} from './enums.js';
import { flag, isoDate, oneOf } from './sql-checks.js';
import { sites } from './sites.js';

/**
 * One patient of a site, with every baseline variable of the study's Table 1 and the dates a
 * survival analysis needs. The index date is the first TARE session; follow-up runs from it to
 * death or last contact. Dates are ISO `YYYY-MM-DD` text.
 */
export const patients = sqliteTable(
  'patients',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: integer('site_id').notNull().references(() => sites.id, { onDelete: 'restrict' }),
    externalId: text('external_id').notNull(),
    sex: text('sex', { enum: SEXES }).notNull(),
    birthDate: text('birth_date'),
    ageAtIndex: real('age_at_index').notNull(),
    indexDate: text('index_date').notNull(),
    ecog: integer('ecog'),
    tumorType: text('tumor_type', { enum: TUMOR_TYPES }),
    differentiation: text('differentiation', { enum: DIFFERENTIATIONS }),
    tumorBurden: text('tumor_burden', { enum: TUMOR_BURDENS }),
    ascitesAtBaseline: integer('ascites_at_baseline', { mode: 'boolean' }).notNull(),
    extrahepaticMetastases: integer('extrahepatic_metastases', { mode: 'boolean' }).notNull(),
    childPugh: text('child_pugh', { enum: CHILD_PUGH_CLASSES }),
    liverMetastasisDiagnosisDate: text('liver_metastasis_diagnosis_date'),
    lastFollowUpDate: text('last_follow_up_date').notNull(),
    vitalStatus: text('vital_status', { enum: VITAL_STATUSES }).notNull(),
    deathDate: text('death_date'),
    // Checked by triggers (migration clinical_events), not a CHECK: adding a CHECK to a stored table rebuilds it.
    deathCause: text('death_cause', { enum: DEATH_CAUSES }),
  },
  (t) => [
    uniqueIndex('patients_site_external_id').on(t.siteId, t.externalId),
    index('patients_index_date').on(t.indexDate),
    // (site_id, rowid): a site's patients in id order, so a site-scoped keyset page reads 100 index entries instead of sorting the site.
    index('patients_site').on(t.siteId),
    check('patients_sex', oneOf(t.sex, SEXES)),
    check('patients_tumor_type', oneOf(t.tumorType, TUMOR_TYPES)),
    check('patients_differentiation', oneOf(t.differentiation, DIFFERENTIATIONS)),
    check('patients_tumor_burden', oneOf(t.tumorBurden, TUMOR_BURDENS)),
    check('patients_child_pugh', oneOf(t.childPugh, CHILD_PUGH_CLASSES)),
    check('patients_vital_status', oneOf(t.vitalStatus, VITAL_STATUSES)),
    check('patients_ecog', sql`${t.ecog} BETWEEN 0 AND 4`),
    check('patients_age', sql`${t.ageAtIndex} >= 0 AND ${t.ageAtIndex} < 130`),
    check('patients_ascites', flag(t.ascitesAtBaseline)),
    check('patients_extrahepatic', flag(t.extrahepaticMetastases)),
    check('patients_external_id', sql`length(trim(${t.externalId})) > 0`),
    check('patients_birth_date', isoDate(t.birthDate)),
    check('patients_index_date', isoDate(t.indexDate)),
    check('patients_diagnosis_date', isoDate(t.liverMetastasisDiagnosisDate)),
    check('patients_last_follow_up_date', isoDate(t.lastFollowUpDate)),
    check('patients_death_date', isoDate(t.deathDate)),
    check('patients_born_before_index', sql`${t.birthDate} IS NULL OR ${t.birthDate} < ${t.indexDate}`),
    check('patients_diagnosis_not_after_index', sql`${t.liverMetastasisDiagnosisDate} IS NULL OR ${t.liverMetastasisDiagnosisDate} <= ${t.indexDate}`),
    check('patients_follow_up_not_before_index', sql`${t.lastFollowUpDate} >= ${t.indexDate}`),
    check('patients_death_matches_status', sql`(${t.vitalStatus} = 'DEAD') = (${t.deathDate} IS NOT NULL)`),
    check('patients_no_death_before_index', sql`${t.deathDate} IS NULL OR ${t.deathDate} >= ${t.indexDate}`),
    check('patients_no_follow_up_after_death', sql`${t.deathDate} IS NULL OR ${t.deathDate} >= ${t.lastFollowUpDate}`),
  ],
);

export type PatientRow = typeof patients.$inferSelect;
export type NewPatientRow = typeof patients.$inferInsert;
