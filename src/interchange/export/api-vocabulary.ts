/**
 * The patients export in the API's own vocabulary (`/export/patients.<format>?vocabulary=api`):
 * one column per data-dictionary variable under its dictionary name (src/clinical/variables.ts),
 * values spelled as filters and GraphQL spell them (MALE, UNDER_25, B, true/false), beside the
 * patient's identifiers and dates in camelCase as GraphQL's Patient names them. The survival time is
 * the dictionary's `followUpMonths` with `vitalStatus` DEAD as the event, not a second copy.
 * Precision: continuous values derived from dates (age, months) to 2 decimals (about 7 hours of a
 * year, 7 minutes of a month), sums of activity to 3; counts and stored values as they are.
 */
import { PATIENT_VARIABLES } from '../../clinical/variables.js';
import { followUpMonths, monthsFromDiagnosisToIndex } from '../../records/patients.js';
import type { PatientExportRow } from '../../store/exports.js';
import type { ExportColumn, ExportValue } from './export-table.js';

const round = (value: number | null, decimals: number) => (value === null ? null : Number(value.toFixed(decimals)));

/** Each dictionary variable's value for a patient row, in the API's spelling. */
function variableValue(name: string, row: PatientExportRow): ExportValue {
  const { patient } = row;
  if (name.startsWith('priorTherapy.')) return row.priorTherapies.includes(name.slice('priorTherapy.'.length));
  switch (name) {
    case 'sex': return patient.sex;
    case 'ageAtIndex': return round(patient.ageAtIndex, 2);
    case 'ecog': return patient.ecog === null ? null : String(patient.ecog);
    case 'tumorType': return patient.tumorType;
    case 'differentiation': return patient.differentiation;
    case 'tumorBurden': return patient.tumorBurden;
    case 'ascitesAtBaseline': return patient.ascitesAtBaseline;
    case 'extrahepaticMetastases': return patient.extrahepaticMetastases;
    case 'childPugh': return patient.childPugh;
    case 'anyPriorTherapy': return row.priorTherapies.length > 0;
    case 'monthsFromDiagnosisToIndex': return round(monthsFromDiagnosisToIndex(patient), 2);
    case 'treatmentDistribution': return row.treatmentDistribution;
    case 'treatmentCount': return row.treatmentCount;
    case 'totalActivityGbq': return round(row.totalActivityGbq, 3);
    case 'followUpMonths': return round(followUpMonths(patient), 2);
    case 'vitalStatus': return patient.vitalStatus;
    default: throw new Error(`The API-vocabulary export has no value for the dictionary variable ${name}.`);
  }
}

/** The columns: identifiers and dates, then every patient-level dictionary variable in dictionary order. */
export function apiPatientColumns(): readonly ExportColumn<PatientExportRow>[] {
  return [
    { name: 'externalId', type: 'text', value: (row) => row.patient.externalId },
    { name: 'site', type: 'text', value: (row) => row.siteCode },
    { name: 'birthDate', type: 'date', value: (row) => row.patient.birthDate },
    { name: 'indexDate', type: 'date', value: (row) => row.patient.indexDate },
    { name: 'liverMetastasisDiagnosisDate', type: 'date', value: (row) => row.patient.liverMetastasisDiagnosisDate },
    { name: 'lastFollowUpDate', type: 'date', value: (row) => row.patient.lastFollowUpDate },
    { name: 'deathDate', type: 'date', value: (row) => row.patient.deathDate },
    ...PATIENT_VARIABLES.map((variable): ExportColumn<PatientExportRow> => ({
      name: variable.name,
      type: variable.kind === 'BOOLEAN' ? 'boolean' : variable.kind === 'CONTINUOUS' ? 'number' : 'text',
      value: (row) => variableValue(variable.name, row),
    })),
  ];
}
