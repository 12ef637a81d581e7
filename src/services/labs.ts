/** Use cases over laboratory results. */
import type { LabResultRecord } from '../data/patient-records.js';
import type { ServiceContext } from './service-context.js';

export async function patientLabs(context: ServiceContext, patientId: number, analyte: string | null): Promise<LabResultRecord[]> {
  const labs = await context.loaders.labResultsByPatientId.load(patientId);
  return analyte === null ? labs : labs.filter((lab) => lab.analyte === analyte);
}
