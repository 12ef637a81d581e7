/**
 * Reading the per-patient records (prior therapies, treatments, labs, imaging, follow-up therapies, clinical events)
 * for many patients at once: one statement per record type for a whole batch of patients, which is
 * what the per-request DataLoaders call.
 */
import { and, asc, inArray, sql, type Column } from 'drizzle-orm';
import {
  clinicalEvents, followUpTherapies, imagingStudies, labResults, patients, priorTherapies, treatments,
  type ClinicalEventRow, type FollowUpTherapyRow, type ImagingStudyRow, type LabResultRow, type PriorTherapyRow, type TreatmentRow,
} from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryRows } from './driver.js';
import { recordScopeCondition, type RowScope } from './row-scope.js';
import { wholeDaysBetween } from './dialect.js';

/** Whole days from the patient's index date to `date` (negative before it); needs `patients` joined. */
function dayFromIndex(date: Column) {
  return wholeDaysBetween(date, patients.indexDate);
}

export async function findPriorTherapiesByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<PriorTherapyRow[]> {
  return queryRows(db, db.select().from(priorTherapies).where(and(inArray(priorTherapies.patientId, [...ids]), recordScopeCondition(scope, priorTherapies.patientId))).orderBy(asc(priorTherapies.therapy)));
}

export async function findTreatmentsByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<TreatmentRow[]> {
  return queryRows(db, db.select().from(treatments).where(and(inArray(treatments.patientId, [...ids]), recordScopeCondition(scope, treatments.patientId))).orderBy(asc(treatments.date), asc(treatments.id)));
}

/** A lab result with its day relative to the patient's index date. */
export type LabResultRecord = LabResultRow & { dayFromIndex: number };

export async function findLabResultsByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<LabResultRecord[]> {
  return queryRows(db, db
    .select({
      id: labResults.id,
      patientId: labResults.patientId,
      analyte: labResults.analyte,
      value: labResults.value,
      unit: labResults.unit,
      receivedValue: labResults.receivedValue,
      receivedUnit: labResults.receivedUnit,
      collectedOn: labResults.collectedOn,
      lowerLimitOfNormal: labResults.lowerLimitOfNormal,
      upperLimitOfNormal: labResults.upperLimitOfNormal,
      gradeV5: labResults.gradeV5,
      gradeV403: labResults.gradeV403,
      plausibilityWarning: labResults.plausibilityWarning,
      dayFromIndex: dayFromIndex(labResults.collectedOn),
    })
    .from(labResults)
    .innerJoin(patients, sql`${patients.id} = ${labResults.patientId}`)
    .where(and(inArray(labResults.patientId, [...ids]), recordScopeCondition(scope, labResults.patientId)))
    .orderBy(asc(labResults.collectedOn), asc(labResults.analyte)));
}

/** An imaging study with its day relative to the patient's index date. */
export type ImagingStudyRecord = ImagingStudyRow & { dayFromIndex: number };

export async function findImagingStudiesByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<ImagingStudyRecord[]> {
  return queryRows(db, db
    .select({
      id: imagingStudies.id,
      patientId: imagingStudies.patientId,
      date: imagingStudies.date,
      modality: imagingStudies.modality,
      ascites: imagingStudies.ascites,
      cirrhosisLikeMorphology: imagingStudies.cirrhosisLikeMorphology,
      splenomegaly: imagingStudies.splenomegaly,
      varices: imagingStudies.varices,
      recist: imagingStudies.recist,
      dayFromIndex: dayFromIndex(imagingStudies.date),
    })
    .from(imagingStudies)
    .innerJoin(patients, sql`${patients.id} = ${imagingStudies.patientId}`)
    .where(and(inArray(imagingStudies.patientId, [...ids]), recordScopeCondition(scope, imagingStudies.patientId)))
    .orderBy(asc(imagingStudies.date), asc(imagingStudies.id)));
}

export async function findFollowUpTherapiesByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<FollowUpTherapyRow[]> {
  return queryRows(db, db.select().from(followUpTherapies).where(and(inArray(followUpTherapies.patientId, [...ids]), recordScopeCondition(scope, followUpTherapies.patientId))).orderBy(asc(followUpTherapies.startDate)));
}

/** A clinical event with its day relative to the patient's index date. */
export type ClinicalEventRecord = ClinicalEventRow & { dayFromIndex: number };

export async function findClinicalEventsByPatientIds(db: Store, ids: readonly number[], scope: RowScope): Promise<ClinicalEventRecord[]> {
  return queryRows(db, db
    .select({
      id: clinicalEvents.id,
      patientId: clinicalEvents.patientId,
      date: clinicalEvents.date,
      event: clinicalEvents.event,
      siteOfProgression: clinicalEvents.siteOfProgression,
      detail: clinicalEvents.detail,
      dayFromIndex: dayFromIndex(clinicalEvents.date),
    })
    .from(clinicalEvents)
    .innerJoin(patients, sql`${patients.id} = ${clinicalEvents.patientId}`)
    .where(and(inArray(clinicalEvents.patientId, [...ids]), recordScopeCondition(scope, clinicalEvents.patientId)))
    .orderBy(asc(clinicalEvents.date), asc(clinicalEvents.event)));
}
