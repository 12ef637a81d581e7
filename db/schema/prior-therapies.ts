import { check, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { PRIOR_THERAPIES } from './enums.js';
import { oneOf } from './sql-checks.js';
import { patients } from './patients.js';

/** Liver-directed or systemic therapies before the first TARE session; a patient may have several, or none. */
export const priorTherapies = sqliteTable(
  'prior_therapies',
  {
    patientId: integer('patient_id').notNull().references(() => patients.id, { onDelete: 'cascade' }),
    therapy: text('therapy', { enum: PRIOR_THERAPIES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.therapy] }), check('prior_therapies_therapy', oneOf(t.therapy, PRIOR_THERAPIES))],
);

export type PriorTherapyRow = typeof priorTherapies.$inferSelect;
