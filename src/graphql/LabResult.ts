import type { LabResultRecord } from '../data/patient-records.js';
import { labGrade, labTimepoint } from '../services/labs.js';

export const LabResult = {
  grade: (lab: LabResultRecord, args: { version: 'V5_0' | 'V4_03' }) => labGrade(lab, args.version),
  timepoint: (lab: LabResultRecord) => labTimepoint(lab),
};
