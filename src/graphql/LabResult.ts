import type { LabResultRecord } from '../store/patient-records.js';
import { labGrade, labTimepoint } from '../records/labs.js';

export const LabResult = {
  grade: (lab: LabResultRecord, args: { version: 'V5_0' | 'V4_03' }) => labGrade(lab, args.version),
  timepoint: (lab: LabResultRecord) => labTimepoint(lab),
};
