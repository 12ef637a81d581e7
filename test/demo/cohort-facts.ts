/**
 * What the demo tests read off a generated cohort, derived the way the API derives it:
 * follow-up months = days / 30.4375 to death or last follow-up, bilobar ⇔ a right- and a
 * left-lobe session, lab and imaging timepoints by the clinical layer's default windows.
 */
import { DAYS_PER_MONTH, assignTimepoint, type Timepoint } from '../../src/clinical/index.js';
import type { DemoCohort, DemoImagingStudy, DemoLabResult, DemoPatient, DemoTreatment } from '../../src/demo/index.js';

export interface CohortFacts {
  cohort: DemoCohort;
  patients: DemoPatient[];
  followUpDays: (patient: DemoPatient) => number;
  followUpMonths: (patient: DemoPatient) => number;
  sessions: (patient: DemoPatient) => DemoTreatment[];
  bilobar: (patient: DemoPatient) => boolean;
  hasPriorTherapy: (patient: DemoPatient, therapy: string) => boolean;
  totalActivity: (patient: DemoPatient) => number;
  lab: (patient: DemoPatient, analyte: string, timepoint: Timepoint) => DemoLabResult | undefined;
  imaging: (patient: DemoPatient, timepoint: Timepoint) => DemoImagingStudy | undefined;
  followedAYear: DemoPatient[];
  followedFourYears: DemoPatient[];
}

export function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);
}

function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

export function describeCohort(cohort: DemoCohort): CohortFacts {
  const treatments = groupBy(cohort.treatments, (row) => row.patientId);
  const prior = groupBy(cohort.priorTherapies, (row) => row.patientId);
  const indexDay = new Map(cohort.patients.map((patient) => [patient.id, dayNumber(patient.indexDate)]));
  const dayFromIndex = (patientId: number, date: string): number => dayNumber(date) - (indexDay.get(patientId) ?? 0);
  const labs = new Map<string, DemoLabResult>();
  for (const lab of cohort.labResults) labs.set(`${lab.patientId}|${lab.analyte}|${assignTimepoint(dayFromIndex(lab.patientId, lab.collectedOn))}`, lab);
  const imaging = new Map<string, DemoImagingStudy>();
  for (const study of cohort.imagingStudies) imaging.set(`${study.patientId}|${assignTimepoint(dayFromIndex(study.patientId, study.date))}`, study);

  const followUpDays = (patient: DemoPatient): number => dayNumber(patient.deathDate ?? patient.lastFollowUpDate) - dayNumber(patient.indexDate);
  const followUpMonths = (patient: DemoPatient): number => followUpDays(patient) / DAYS_PER_MONTH;
  const sessions = (patient: DemoPatient): DemoTreatment[] => treatments.get(patient.id) ?? [];
  return {
    cohort,
    patients: cohort.patients,
    followUpDays,
    followUpMonths,
    sessions,
    bilobar: (patient) => sessions(patient).some((s) => s.target === 'RIGHT_LOBE') && sessions(patient).some((s) => s.target === 'LEFT_LOBE'),
    hasPriorTherapy: (patient, therapy) => (prior.get(patient.id) ?? []).some((row) => row.therapy === therapy),
    totalActivity: (patient) => sessions(patient).reduce((sum, s) => sum + s.activityGbq, 0),
    lab: (patient, analyte, timepoint) => labs.get(`${patient.id}|${analyte}|${timepoint}`),
    imaging: (patient, timepoint) => imaging.get(`${patient.id}|${timepoint}`),
    followedAYear: cohort.patients.filter((patient) => followUpMonths(patient) >= 12),
    followedFourYears: cohort.patients.filter((patient) => followUpMonths(patient) > 48),
  };
}
