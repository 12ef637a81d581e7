/**
 * Per-request DataLoaders: every per-parent lookup of a GraphQL query is batched into one SQL
 * statement per record type and tick, whatever the page size (no N+1). Each batch function
 * returns results in key order (rebuilt through a Map) and batches are capped so the bound
 * parameters stay far below SQLite's 32,766 limit.
 */
import DataLoader from 'dataloader';
import type { FollowUpTherapyRow, PatientRow, PriorTherapyRow, SiteRow, TreatmentRow } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { findPatientsByIds } from './patients.js';
import {
  findClinicalEventsByPatientIds, findFollowUpTherapiesByPatientIds, findImagingStudiesByPatientIds, findLabResultsByPatientIds,
  findPriorTherapiesByPatientIds, findTreatmentsByPatientIds, type ClinicalEventRecord, type ImagingStudyRecord, type LabResultRecord,
} from './patient-records.js';
import { countPatientsBySiteIds, findSitesByIds } from './sites.js';
import type { RowScope } from './row-scope.js';

const MAX_BATCH_SIZE = 1_000;

function byKey<Row>(fetch: (ids: readonly number[]) => Promise<Row[]>, keyOf: (row: Row) => number) {
  return new DataLoader<number, Row | null>(
    async (ids) => {
      const rows = new Map((await fetch(ids)).map((row) => [keyOf(row), row]));
      return ids.map((id) => rows.get(id) ?? null);
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );
}

function groupedByKey<Row>(fetch: (ids: readonly number[]) => Promise<Row[]>, keyOf: (row: Row) => number) {
  return new DataLoader<number, Row[]>(
    async (ids) => {
      const groups = new Map<number, Row[]>(ids.map((id) => [id, []]));
      for (const row of await fetch(ids)) groups.get(keyOf(row))?.push(row);
      return ids.map((id) => groups.get(id) ?? []);
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );
}

/** Loaders for one request, reaching only the rows `scope` allows. */
export function createLoaders(db: Store, scope: RowScope) {
  return {
    patientById: byKey<PatientRow>((ids) => findPatientsByIds(db, ids, scope), (row) => row.id),
    siteById: byKey<SiteRow>((ids) => findSitesByIds(db, ids), (row) => row.id),
    patientCountBySiteId: new DataLoader<number, number>(
      async (ids) => {
        const counts = await countPatientsBySiteIds(db, ids);
        return ids.map((id) => counts.get(id) ?? 0);
      },
      { maxBatchSize: MAX_BATCH_SIZE },
    ),
    priorTherapiesByPatientId: groupedByKey<PriorTherapyRow>((ids) => findPriorTherapiesByPatientIds(db, ids, scope), (row) => row.patientId),
    treatmentsByPatientId: groupedByKey<TreatmentRow>((ids) => findTreatmentsByPatientIds(db, ids, scope), (row) => row.patientId),
    labResultsByPatientId: groupedByKey<LabResultRecord>((ids) => findLabResultsByPatientIds(db, ids, scope), (row) => row.patientId),
    imagingStudiesByPatientId: groupedByKey<ImagingStudyRecord>((ids) => findImagingStudiesByPatientIds(db, ids, scope), (row) => row.patientId),
    clinicalEventsByPatientId: groupedByKey<ClinicalEventRecord>((ids) => findClinicalEventsByPatientIds(db, ids, scope), (row) => row.patientId),
    followUpTherapiesByPatientId: groupedByKey<FollowUpTherapyRow>((ids) => findFollowUpTherapiesByPatientIds(db, ids, scope), (row) => row.patientId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
