/**
 * Reading the per-patient records (prior therapies, treatments, labs, imaging, follow-up therapies, clinical events)
 * for many patients at once: one statement per record type for a whole batch of patients, which is
 * what the per-request DataLoaders call. The rows are read as arrays and made into the records
 * directly (./selected-records.ts), without Drizzle's per-value row mapping: a page of 100
 * patients reads some 2,400 labs of 14 columns each.
 */
import { and, asc, getTableColumns, inArray, sql, type Column } from 'drizzle-orm';
import {
  clinicalEvents, followUpTherapies, imagingStudies, labResults, patients, priorTherapies, treatments,
  type ClinicalEventRow, type FollowUpTherapyRow, type ImagingStudyRow, type LabResultRow, type PriorTherapyRow, type TreatmentRow,
} from '../../db/schema/index.js';
import type { Store } from './database.js';
import { querySelected } from './selected-records.js';
import { recordScopeCondition, type RowScope } from './row-scope.js';
import { wholeDaysBetween } from './dialect.js';

/** Whole days from the patient's index date to `date` (negative before it); needs `patients` joined. */
function dayFromIndex(date: Column) {
  return wholeDaysBetween(date, patients.indexDate);
}

const PRIOR_THERAPY_COLUMNS = getTableColumns(priorTherapies);

export async function findPriorTherapiesByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<PriorTherapyRow[]> {
  return querySelected(db, db.select(PRIOR_THERAPY_COLUMNS).from(priorTherapies)
    .where(and(inArray(priorTherapies.patientId, [...ids]), recordScopeCondition(scope, priorTherapies.patientId))).orderBy(asc(priorTherapies.therapy)), PRIOR_THERAPY_COLUMNS);
}

const TREATMENT_COLUMNS = getTableColumns(treatments);

export async function findTreatmentsByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<TreatmentRow[]> {
  return querySelected(db, db.select(TREATMENT_COLUMNS).from(treatments)
    .where(and(inArray(treatments.patientId, [...ids]), recordScopeCondition(scope, treatments.patientId))).orderBy(asc(treatments.date), asc(treatments.id)), TREATMENT_COLUMNS);
}

/** A lab result with its day relative to the patient's index date. */
export type LabResultRecord = LabResultRow & { dayFromIndex: number };

const LAB_RESULT_COLUMNS = { ...getTableColumns(labResults), dayFromIndex: dayFromIndex(labResults.collectedOn) };

export async function findLabResultsByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<LabResultRecord[]> {
  return querySelected(db, db
    .select(LAB_RESULT_COLUMNS)
    .from(labResults)
    .innerJoin(patients, sql`${patients.id} = ${labResults.patientId}`)
    .where(and(inArray(labResults.patientId, [...ids]), recordScopeCondition(scope, labResults.patientId)))
    .orderBy(asc(labResults.collectedOn), asc(labResults.analyte)), LAB_RESULT_COLUMNS);
}

/** An imaging study with its day relative to the patient's index date. */
export type ImagingStudyRecord = ImagingStudyRow & { dayFromIndex: number };

const IMAGING_STUDY_COLUMNS = { ...getTableColumns(imagingStudies), dayFromIndex: dayFromIndex(imagingStudies.date) };

export async function findImagingStudiesByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<ImagingStudyRecord[]> {
  return querySelected(db, db
    .select(IMAGING_STUDY_COLUMNS)
    .from(imagingStudies)
    .innerJoin(patients, sql`${patients.id} = ${imagingStudies.patientId}`)
    .where(and(inArray(imagingStudies.patientId, [...ids]), recordScopeCondition(scope, imagingStudies.patientId)))
    .orderBy(asc(imagingStudies.date), asc(imagingStudies.id)), IMAGING_STUDY_COLUMNS);
}

const FOLLOW_UP_THERAPY_COLUMNS = getTableColumns(followUpTherapies);

export async function findFollowUpTherapiesByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<FollowUpTherapyRow[]> {
  return querySelected(db, db.select(FOLLOW_UP_THERAPY_COLUMNS).from(followUpTherapies)
    .where(and(inArray(followUpTherapies.patientId, [...ids]), recordScopeCondition(scope, followUpTherapies.patientId))).orderBy(asc(followUpTherapies.startDate)), FOLLOW_UP_THERAPY_COLUMNS);
}

/** A clinical event with its day relative to the patient's index date. */
export type ClinicalEventRecord = ClinicalEventRow & { dayFromIndex: number };

const CLINICAL_EVENT_COLUMNS = { ...getTableColumns(clinicalEvents), dayFromIndex: dayFromIndex(clinicalEvents.date) };

export async function findClinicalEventsByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<ClinicalEventRecord[]> {
  return querySelected(db, db
    .select(CLINICAL_EVENT_COLUMNS)
    .from(clinicalEvents)
    .innerJoin(patients, sql`${patients.id} = ${clinicalEvents.patientId}`)
    .where(and(inArray(clinicalEvents.patientId, [...ids]), recordScopeCondition(scope, clinicalEvents.patientId)))
    .orderBy(asc(clinicalEvents.date), asc(clinicalEvents.event)), CLINICAL_EVENT_COLUMNS);
}
