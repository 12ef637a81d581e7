import type { PatientRow } from '../../db/schema/index.js';
import type { Context } from '../context.js';
import { followUpMonths, monthsFromDiagnosisToIndex, treatmentSummary } from '../records/patients.js';
import { patientLabs } from '../records/labs.js';

export const Patient = {
  site: (patient: PatientRow, _: unknown, context: Context) => context.loaders.siteById.load(patient.siteId),
  priorTherapies: async (patient: PatientRow, _: unknown, context: Context) =>
    (await context.loaders.priorTherapiesByPatientId.load(patient.id)).map((row) => row.therapy),
  monthsFromDiagnosisToIndex: (patient: PatientRow) => monthsFromDiagnosisToIndex(patient),
  treatments: (patient: PatientRow, _: unknown, context: Context) => context.loaders.treatmentsByPatientId.load(patient.id),
  treatmentDistribution: async (patient: PatientRow, _: unknown, context: Context) => (await treatmentSummary(context, patient.id)).distribution,
  treatmentCount: async (patient: PatientRow, _: unknown, context: Context) => (await treatmentSummary(context, patient.id)).count,
  totalActivityGbq: async (patient: PatientRow, _: unknown, context: Context) => (await treatmentSummary(context, patient.id)).totalActivityGbq,
  labs: async (patient: PatientRow, args: { analyte?: string | null }, context: Context) => await patientLabs(context, patient.id, args.analyte ?? null),
  imaging: (patient: PatientRow, _: unknown, context: Context) => context.loaders.imagingStudiesByPatientId.load(patient.id),
  events: (patient: PatientRow, _: unknown, context: Context) => context.loaders.clinicalEventsByPatientId.load(patient.id),
  followUpTherapies: (patient: PatientRow, _: unknown, context: Context) => context.loaders.followUpTherapiesByPatientId.load(patient.id),
  followUpMonths: (patient: PatientRow) => followUpMonths(patient),
};
