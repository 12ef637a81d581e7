/**
 * What a time-to-event endpoint reads of each patient (src/analyses/endpoint.ts): the days from the
 * index date of the liver-metastasis diagnosis, the last TARE session, death (with its cause) and
 * last follow-up, and the dated records events can come from: clinical events, imaging studies and
 * the CTCAE grades of the analytes asked for. One statement per record type for the whole cohort.
 */
import type { ClinicalEventKind, DeathCause, ProgressionSite } from '../../db/schema/enums.js';
import type { Store } from './database.js';
import { perDialect } from './dialect.js';
import { allRows } from './driver.js';

export interface EndpointTimeline {
  diagnosisDay: number | null;
  lastTreatmentDay: number | null;
  deathDay: number | null;
  deathCause: DeathCause | null;
  lastFollowUpDay: number;
  events: { day: number; event: ClinicalEventKind; siteOfProgression: ProgressionSite | null }[];
  imaging: { day: number; recist: string | null; ascites: boolean; cirrhosisLikeMorphology: boolean; splenomegaly: boolean; varices: boolean }[];
  labs: { day: number; analyte: string; gradeV5: number | null; gradeV403: number | null }[];
}

export interface TimelineNeeds {
  events: boolean;
  imaging: boolean;
  /** Analytes whose graded results to read. */
  analytes: readonly string[];
}

const fragments = perDialect(({ wholeDaysBetween, jsonArrayParameter }) => ({
  day: (date: string) => wholeDaysBetween(date, 'p.index_date'),
  ofPatients: `JOIN patients p ON p.id = r.patient_id WHERE r.patient_id IN ${jsonArrayParameter()}`,
  patientIn: `p.id IN ${jsonArrayParameter()}`,
}));

/** The timelines of `patientIds`, in that order. */
export async function loadEndpointTimelines(db: Store, patientIds: readonly number[], needs: TimelineNeeds): Promise<EndpointTimeline[]> {
  const { day, ofPatients: OF_PATIENTS, patientIn } = fragments(db);
  const ids = JSON.stringify(patientIds);
  const patients = await allRows<{ id: number; diagnosisDay: number | null; lastTreatmentDay: number | null; deathDay: number | null; deathCause: DeathCause | null; lastFollowUpDay: number }>(db, `
    SELECT p.id, ${day('p.liver_metastasis_diagnosis_date')} AS "diagnosisDay",
      (SELECT ${day('max(t.date)')} FROM treatments t WHERE t.patient_id = p.id) AS "lastTreatmentDay",
      ${day('p.death_date')} AS "deathDay", p.death_cause AS "deathCause", ${day('p.last_follow_up_date')} AS "lastFollowUpDay"
    FROM patients p WHERE ${patientIn}`, [ids]);
  const timelines = new Map<number, EndpointTimeline>(patients.map((p) => [p.id, {
    diagnosisDay: p.diagnosisDay, lastTreatmentDay: p.lastTreatmentDay, deathDay: p.deathDay, deathCause: p.deathCause,
    lastFollowUpDay: p.lastFollowUpDay, events: [], imaging: [], labs: [],
  }]));
  if (needs.events) {
    for (const row of await allRows<{ patientId: number; day: number; event: ClinicalEventKind; siteOfProgression: ProgressionSite | null }>(db, `
      SELECT r.patient_id AS "patientId", ${day('r.date')} AS day, r.event, r.site_of_progression AS "siteOfProgression"
      FROM clinical_events r ${OF_PATIENTS}`, [ids])) {
      timelines.get(row.patientId)!.events.push({ day: row.day, event: row.event, siteOfProgression: row.siteOfProgression });
    }
  }
  if (needs.imaging) {
    for (const row of await allRows<{ patientId: number; day: number; recist: string | null; ascites: number; cirrhosis: number; splenomegaly: number; varices: number }>(db, `
      SELECT r.patient_id AS "patientId", ${day('r.date')} AS day, r.recist, r.ascites, r.cirrhosis_like_morphology AS cirrhosis, r.splenomegaly, r.varices
      FROM imaging_studies r ${OF_PATIENTS}`, [ids])) {
      timelines.get(row.patientId)!.imaging.push({
        day: row.day, recist: row.recist, ascites: row.ascites === 1, cirrhosisLikeMorphology: row.cirrhosis === 1,
        splenomegaly: row.splenomegaly === 1, varices: row.varices === 1,
      });
    }
  }
  if (needs.analytes.length > 0) {
    for (const row of await allRows<{ patientId: number; day: number; analyte: string; gradeV5: number | null; gradeV403: number | null }>(db, `
      SELECT r.patient_id AS "patientId", ${day('r.collected_on')} AS day, r.analyte, r.grade_v5 AS "gradeV5", r.grade_v4_03 AS "gradeV403"
      FROM lab_results r ${OF_PATIENTS} AND r.analyte IN (${needs.analytes.map(() => '?').join(', ')})`, [ids, ...needs.analytes])) {
      timelines.get(row.patientId)!.labs.push({ day: row.day, analyte: row.analyte, gradeV5: row.gradeV5, gradeV403: row.gradeV403 });
    }
  }
  return patientIds.map((id) => timelines.get(id)!);
}

/** Every result of `analytes` of the patients, as (day from the index date, value in the canonical unit), in day order per patient. */
export async function loadLabSeries(db: Store, patientIds: readonly number[], analytes: readonly string[]): Promise<Map<number, { day: number; analyte: string; value: number }[]>> {
  const { day, ofPatients: OF_PATIENTS } = fragments(db);
  const series = new Map<number, { day: number; analyte: string; value: number }[]>(patientIds.map((id) => [id, []]));
  if (analytes.length === 0) return series;
  for (const row of await allRows<{ patientId: number; day: number; analyte: string; value: number }>(db, `
    SELECT r.patient_id AS "patientId", ${day('r.collected_on')} AS day, r.analyte, r.value
    FROM lab_results r ${OF_PATIENTS} AND r.analyte IN (${analytes.map(() => '?').join(', ')})
    ORDER BY r.patient_id, r.collected_on`, [JSON.stringify(patientIds), ...analytes])) {
    series.get(row.patientId)!.push({ day: row.day, analyte: row.analyte, value: row.value });
  }
  return series;
}
