/** Use cases over laboratory results. */
import { assignTimepoint, type CtcaeVersion } from '../clinical/index.js';
import type { LabResultRecord } from '../store/patient-records.js';
import type { ServiceContext } from '../access/service-context.js';

export async function patientLabs(context: ServiceContext, patientId: number, analyte: string | null): Promise<LabResultRecord[]> {
  const labs = await context.loaders.labResultsByPatientId.load(patientId);
  return analyte === null ? labs : labs.filter((lab) => lab.analyte === analyte);
}

/** The stored CTCAE grade (src/records/lab-grades.ts keeps it current). */
export function labGrade(lab: LabResultRecord, version: CtcaeVersion): number | null {
  return version === 'V5_0' ? lab.gradeV5 : lab.gradeV403;
}

export function labTimepoint(lab: LabResultRecord) {
  return assignTimepoint(lab.dayFromIndex);
}
