import { check, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { CLINICAL_EVENT_KINDS, PROGRESSION_SITES } from './enums.js';
import { isoDate, oneOf } from './sql-checks.js';
import { patients } from './patients.js';

/**
 * One clinical event of a patient (events.csv): a progression (with where it was seen), a liver
 * transplant, a hepatic decompensation, or the start of a new therapy. Endpoints other than overall
 * survival read them (src/analyses/endpoint.ts, docs/endpoints.md). Natural key: (patient, date, event).
 */
export const clinicalEvents = sqliteTable(
  'clinical_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    patientId: integer('patient_id').notNull().references(() => patients.id, { onDelete: 'cascade' }),
    date: text('date').notNull(),
    event: text('event', { enum: CLINICAL_EVENT_KINDS }).notNull(),
    siteOfProgression: text('site_of_progression', { enum: PROGRESSION_SITES }),
    detail: text('detail'),
  },
  (t) => [
    uniqueIndex('clinical_events_patient_date_event').on(t.patientId, t.date, t.event),
    check('clinical_events_date', isoDate(t.date)),
    check('clinical_events_event', oneOf(t.event, CLINICAL_EVENT_KINDS)),
    check('clinical_events_site_of_progression', oneOf(t.siteOfProgression, PROGRESSION_SITES)),
    check('clinical_events_site_only_for_progression', sql`${t.siteOfProgression} IS NULL OR ${t.event} = 'PROGRESSION'`),
  ],
);

export type ClinicalEventRow = typeof clinicalEvents.$inferSelect;
