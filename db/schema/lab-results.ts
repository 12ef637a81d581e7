import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ANALYTES } from './enums.js';
import { isoDate, oneOf } from './sql-checks.js';
import { patients } from './patients.js';

/**
 * One laboratory result. `value` and `unit` are in the analyte's canonical unit (the API's);
 * `received_value` / `received_unit` keep what the site sent. LLN/ULN, when the result came with
 * them, are in the canonical unit too. Natural key: (patient, analyte, collection date).
 *
 * `grade_v5` / `grade_v4_03` hold the CTCAE grade derived from the value, the reference range
 * (the result's own, else the site's, else the documented default) and, for v5.0's liver tests,
 * the patient's baseline. They are derived data, kept here so that filters and toxicity tables run
 * in SQL at registry scale; src/services/lab-grades.ts recomputes a patient's grades whenever that
 * patient's labs or the site's reference ranges change. NULL: no criterion, or not determinable.
 */
export const labResults = sqliteTable(
  'lab_results',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id, { onDelete: 'cascade' }),
    analyte: text('analyte', { enum: ANALYTES }).notNull(),
    value: real('value').notNull(),
    unit: text('unit').notNull(),
    receivedValue: real('received_value').notNull(),
    receivedUnit: text('received_unit').notNull(),
    collectedOn: text('collected_on').notNull(),
    lowerLimitOfNormal: real('lower_limit_of_normal'),
    upperLimitOfNormal: real('upper_limit_of_normal'),
    gradeV5: integer('grade_v5'),
    gradeV403: integer('grade_v4_03'),
    /** Why the value is outside its analyte's physiologically plausible range (src/clinical/plausibility.ts), else NULL. */
    plausibilityWarning: text('plausibility_warning'),
  },
  (t) => [
    uniqueIndex('lab_results_patient_analyte_date').on(t.patientId, t.analyte, t.collectedOn),
    index('lab_results_analyte_date').on(t.analyte, t.collectedOn),
    check('lab_results_analyte', oneOf(t.analyte, ANALYTES)),
    check('lab_results_collected_on', isoDate(t.collectedOn)),
    check('lab_results_value', sql`${t.value} >= 0`),
    check('lab_results_grade_v5', sql`${t.gradeV5} BETWEEN 0 AND 5`),
    check('lab_results_grade_v4_03', sql`${t.gradeV403} BETWEEN 0 AND 5`),
    check('lab_results_limits', sql`${t.lowerLimitOfNormal} IS NULL OR ${t.upperLimitOfNormal} IS NULL OR ${t.lowerLimitOfNormal} <= ${t.upperLimitOfNormal}`),
  ],
);

export type LabResultRow = typeof labResults.$inferSelect;
