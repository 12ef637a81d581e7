import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { FOLLOW_UP_THERAPY_KINDS } from './enums.js';
import { isoDate, oneOf } from './sql-checks.js';
import { patients } from './patients.js';

/** A therapy started after the first TARE session (e.g. everolimus, capecitabine-temozolomide, hepatic arterial infusion). */
export const followUpTherapies = sqliteTable(
  'follow_up_therapies',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id, { onDelete: 'cascade' }),
    startDate: text('start_date').notNull(),
    kind: text('kind', { enum: FOLLOW_UP_THERAPY_KINDS }).notNull(),
    agent: text('agent').notNull(),
  },
  (t) => [
    uniqueIndex('follow_up_therapies_patient_date_agent').on(t.patientId, t.startDate, t.agent),
    check('follow_up_therapies_start_date', isoDate(t.startDate)),
    check('follow_up_therapies_kind', oneOf(t.kind, FOLLOW_UP_THERAPY_KINDS)),
  ],
);

export type FollowUpTherapyRow = typeof followUpTherapies.$inferSelect;
