import { sql } from 'drizzle-orm';
import { check, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { DEVICES, TREATMENT_TARGETS } from './enums.js';
import { isoDate, oneOf } from './sql-checks.js';
import { patients } from './patients.js';

/**
 * One TARE session. Natural key: (patient, date, target). The lung shunt fraction comes from the
 * 99mTc-MAA work-up (the study excluded > 20 %; the column accepts 0–100 so that a registry can
 * hold what was done). No session may precede the patient's index date (trigger in the migrations).
 */
export const treatments = sqliteTable(
  'treatments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    target: text('target', { enum: TREATMENT_TARGETS }).notNull(),
    device: text('device', { enum: DEVICES }).notNull(),
    activityGbq: real('activity_gbq').notNull(),
    lungShuntFractionPercent: real('lung_shunt_fraction_percent'),
  },
  (t) => [
    uniqueIndex('treatments_patient_date_target').on(t.patientId, t.date, t.target),
    check('treatments_date', isoDate(t.date)),
    check('treatments_target', oneOf(t.target, TREATMENT_TARGETS)),
    check('treatments_device', oneOf(t.device, DEVICES)),
    check('treatments_activity', sql`${t.activityGbq} > 0 AND ${t.activityGbq} <= 20`),
    check('treatments_lung_shunt', sql`${t.lungShuntFractionPercent} BETWEEN 0 AND 100`),
  ],
);

export type TreatmentRow = typeof treatments.$inferSelect;
