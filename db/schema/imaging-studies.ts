import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { RECIST_RESPONSES } from './enums.js';
import { flag, isoDate, oneOf } from './sql-checks.js';
import { patients } from './patients.js';

/**
 * One cross-sectional imaging study (CT or MR), read for the four signs of portal hypertension
 * the study tracked and, at follow-up, the RECIST response against baseline.
 * Natural key: (patient, date, modality).
 */
export const imagingStudies = sqliteTable(
  'imaging_studies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    modality: text('modality').notNull(),
    ascites: integer('ascites', { mode: 'boolean' }).notNull(),
    cirrhosisLikeMorphology: integer('cirrhosis_like_morphology', { mode: 'boolean' }).notNull(),
    splenomegaly: integer('splenomegaly', { mode: 'boolean' }).notNull(),
    varices: integer('varices', { mode: 'boolean' }).notNull(),
    recist: text('recist', { enum: RECIST_RESPONSES }),
  },
  (t) => [
    uniqueIndex('imaging_studies_patient_date_modality').on(t.patientId, t.date, t.modality),
    check('imaging_studies_date', isoDate(t.date)),
    check('imaging_studies_recist', oneOf(t.recist, RECIST_RESPONSES)),
    check('imaging_studies_ascites', flag(t.ascites)),
    check('imaging_studies_cirrhosis', flag(t.cirrhosisLikeMorphology)),
    check('imaging_studies_splenomegaly', flag(t.splenomegaly)),
    check('imaging_studies_varices', flag(t.varices)),
  ],
);

export type ImagingStudyRow = typeof imagingStudies.$inferSelect;
