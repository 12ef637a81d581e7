/**
 * One zod schema per interchange file, over a row keyed by the file's column names: every cell
 * (cells.ts), then the rules between the cells of one row (dates in order, vital status and death
 * date together, a lab's unit known for its analyte), each reported on the column at fault.
 * Rules between rows and files (references, index date = first session) need the other rows:
 * staged-write.ts runs them. The output is the values the database stores.
 *
 * The import validates CSV rows with these schemas; the write mutations validate their inputs
 * with the same ones, mapped to column names.
 */
import { z } from 'zod';
import { DAYS_PER_YEAR, plausibilityWarning, resolveAnalyte, toCanonical, type AnalyteName, type ConversionResult } from '../../clinical/index.js';
import type { ClinicalEventValues, ImagingStudyValues, LabResultValues, PatientValues, TreatmentValues } from '../../store/staging.js';
import { daysBetween } from '../patients.js';
import { flag, given, isoDate, listOf, numberIn, oneOf, optional, required, text } from './cells.js';
import { DATE_ORDER } from './issues.js';

const EXTERNAL_ID_MAX_LENGTH = 64;
const MODALITY_MAX_LENGTH = 32;
const UNIT_MAX_LENGTH = 32;
const EVENT_DETAIL_MAX_LENGTH = 500;
/** The database's own bound on age_at_index (db/schema/patients.ts): below 130. */
const MAX_AGE_YEARS = 130;
/** A stated age may differ from the one computed from the birth date by rounding to whole years. */
const AGE_TOLERANCE_YEARS = 1;
/** Received and canonical values of one result agree up to floating-point noise of the conversion. */
const CONVERSION_TOLERANCE = 1e-9;

/** A rule between the cells of one row. */
interface Rule<Row> {
  /** The column the problem is reported on. */
  at: keyof Row & string;
  /** The columns it reads: it runs only when they are all valid, so a row reports all its problems at once. */
  reads: readonly (keyof Row & string)[];
  holds(row: Row): boolean;
  message(row: Row): string;
  dateOrder?: boolean;
}

function withRules<Row>(cells: z.ZodType<Row>, rules: readonly Rule<Row>[]): z.ZodType<Row> {
  return rules.reduce<z.ZodType<Row>>(
    (schema, rule) => schema.refine((row) => rule.holds(row), {
      error: (issue) => rule.message(issue.input as Row),
      path: [rule.at],
      when: (payload) => !payload.issues.some((issue) => (rule.reads as readonly PropertyKey[]).includes(issue.path?.[0] ?? '')),
      ...(rule.dateOrder ? { params: DATE_ORDER } : {}),
    }),
    cells,
  );
}

function ageAtIndexFromBirthDate(birthDate: string, indexDate: string): number {
  return daysBetween(birthDate, indexDate) / DAYS_PER_YEAR;
}

function patientSchema(today: string) {
  const date = isoDate(today);
  const cells = z.object({
    patient_id: required(text(EXTERNAL_ID_MAX_LENGTH)),
    sex: required(oneOf('sex')),
    birth_date: optional(date),
    age_at_index: optional(numberIn({ min: 0, max: MAX_AGE_YEARS, maxExclusive: true })),
    index_date: required(date),
    ecog: optional(numberIn({ min: 0, max: 4, integer: true })),
    tumor_type: optional(oneOf('tumorType')),
    differentiation: optional(oneOf('differentiation')),
    tumor_burden: optional(oneOf('tumorBurden')),
    ascites: required(flag()),
    extrahepatic_metastases: required(flag()),
    child_pugh: optional(oneOf('childPugh')),
    prior_therapies: listOf('priorTherapy'),
    liver_metastasis_diagnosis_date: optional(date),
    last_follow_up_date: required(date),
    vital_status: required(oneOf('vitalStatus')),
    death_date: optional(date),
    death_cause: optional(oneOf('deathCause')),
  });
  type Row = z.output<typeof cells>;
  const rules: Rule<Row>[] = [
    {
      at: 'age_at_index', reads: ['birth_date', 'age_at_index'],
      holds: (row) => row.birth_date !== null || row.age_at_index !== null,
      message: () => 'give a birth date or an age at the index date',
    },
    {
      at: 'birth_date', reads: ['birth_date', 'index_date'], dateOrder: true,
      holds: (row) => row.birth_date === null || row.birth_date < row.index_date,
      message: (row) => `birth on ${row.birth_date} is not before the index date ${row.index_date}`,
    },
    {
      at: 'age_at_index', reads: ['birth_date', 'age_at_index', 'index_date'],
      holds: (row) => row.birth_date === null || row.age_at_index === null || row.birth_date >= row.index_date
        || Math.abs(ageAtIndexFromBirthDate(row.birth_date, row.index_date) - row.age_at_index) <= AGE_TOLERANCE_YEARS,
      message: (row) => `${row.age_at_index} years does not match the birth date ${row.birth_date} `
        + `(${ageAtIndexFromBirthDate(row.birth_date!, row.index_date).toFixed(1)} years at the index date)`,
    },
    {
      at: 'liver_metastasis_diagnosis_date', reads: ['liver_metastasis_diagnosis_date', 'index_date'], dateOrder: true,
      holds: (row) => row.liver_metastasis_diagnosis_date === null || row.liver_metastasis_diagnosis_date <= row.index_date,
      message: (row) => `diagnosis on ${row.liver_metastasis_diagnosis_date} is after the index date ${row.index_date}`,
    },
    {
      at: 'last_follow_up_date', reads: ['last_follow_up_date', 'index_date'], dateOrder: true,
      holds: (row) => row.last_follow_up_date >= row.index_date,
      message: (row) => `last follow-up on ${row.last_follow_up_date} is before the index date ${row.index_date}`,
    },
    {
      at: 'death_date', reads: ['vital_status', 'death_date'],
      holds: (row) => (row.vital_status === 'DEAD') === (row.death_date !== null),
      message: (row) => (row.vital_status === 'DEAD' ? 'is required for a patient who died' : 'must be empty for a patient alive at last follow-up'),
    },
    {
      at: 'death_date', reads: ['death_date', 'index_date'], dateOrder: true,
      holds: (row) => row.death_date === null || row.death_date >= row.index_date,
      message: (row) => `death on ${row.death_date} is before the index date ${row.index_date}`,
    },
    {
      at: 'death_date', reads: ['death_date', 'index_date', 'last_follow_up_date'], dateOrder: true,
      holds: (row) => row.death_date === null || row.death_date < row.index_date || row.death_date >= row.last_follow_up_date,
      message: (row) => `death on ${row.death_date} is before the last follow-up on ${row.last_follow_up_date}`,
    },
    {
      at: 'death_cause', reads: ['vital_status', 'death_cause'],
      holds: (row) => row.death_cause === null || row.vital_status === 'DEAD',
      message: () => 'must be empty for a patient alive at last follow-up',
    },
  ];
  return withRules(cells, rules).transform((row): PatientValues => ({
    externalId: row.patient_id,
    sex: row.sex,
    birthDate: row.birth_date,
    ageAtIndex: row.age_at_index ?? ageAtIndexFromBirthDate(row.birth_date!, row.index_date),
    indexDate: row.index_date,
    ecog: row.ecog,
    tumorType: row.tumor_type,
    differentiation: row.differentiation,
    tumorBurden: row.tumor_burden,
    ascitesAtBaseline: row.ascites,
    extrahepaticMetastases: row.extrahepatic_metastases,
    childPugh: row.child_pugh,
    priorTherapies: row.prior_therapies,
    liverMetastasisDiagnosisDate: row.liver_metastasis_diagnosis_date,
    lastFollowUpDate: row.last_follow_up_date,
    vitalStatus: row.vital_status,
    deathDate: row.death_date,
    deathCause: row.death_cause,
  }));
}

function treatmentSchema(today: string) {
  return z
    .object({
      patient_id: required(text(EXTERNAL_ID_MAX_LENGTH)),
      date: required(isoDate(today)),
      target: required(oneOf('target')),
      device: required(oneOf('device')),
      // The database's bounds (db/schema/treatments.ts): a lobar dose is a few GBq.
      activity_gbq: required(numberIn({ min: 0, minExclusive: true, max: 20 })),
      lung_shunt_fraction_percent: optional(numberIn({ min: 0, max: 100 })),
    })
    .transform((row): TreatmentValues => ({
      patientExternalId: row.patient_id,
      date: row.date,
      target: row.target,
      device: row.device,
      activityGbq: row.activity_gbq,
      lungShuntFractionPercent: row.lung_shunt_fraction_percent,
    }));
}

const analyteCell = z.string({ error: 'must be an analyte name or LOINC code' }).transform((value, context) => {
  const analyte = resolveAnalyte(value);
  if (analyte !== null) return analyte.name;
  context.issues.push({ code: 'custom', message: `unknown analyte "${value}": give an analyte name (ALBUMIN, ALP, ...) or one of its LOINC codes`, input: value });
  return z.NEVER;
});

/** A lab unit; blank is a unit too (the INR's). */
const unitCell = given(z.preprocess((value) => value ?? '', text(UNIT_MAX_LENGTH)));

/** Distinct (analyte, value, unit) conversions remembered per import: lab values and limits recur a lot. */
const MAX_REMEMBERED_CONVERSIONS = 100_000;

/**
 * toCanonical() with a bounded memory of its results. Converting is cheap but not free (each call
 * normalises both unit spellings), and a lab row converts its value, limits and received value.
 */
function rememberingToCanonical() {
  const byUnit = new Map<string, Map<number, ConversionResult>>();
  let size = 0;
  return (analyte: AnalyteName, value: number, unit: string): ConversionResult => {
    const unitKey = `${analyte}\t${unit}`;
    let byValue = byUnit.get(unitKey);
    if (byValue === undefined) byUnit.set(unitKey, (byValue = new Map()));
    let result = byValue.get(value);
    if (result === undefined) {
      if (size >= MAX_REMEMBERED_CONVERSIONS) {
        byUnit.clear();
        byUnit.set(unitKey, byValue);
        byValue.clear();
        size = 0;
      }
      result = toCanonical(analyte, value, unit);
      byValue.set(value, result);
      size += 1;
    }
    return result;
  };
}

type Converter = ReturnType<typeof rememberingToCanonical>;

function conversionError(convert: Converter, analyte: AnalyteName, value: number, unit: string): string | null {
  const converted = convert(analyte, value, unit);
  return 'error' in converted ? converted.error : null;
}

/** `value` in `unit` converted to the analyte's canonical unit; the unit was checked by a rule before. */
function canonical(convert: Converter, analyte: AnalyteName, value: number, unit: string): { value: number; unit: string } {
  const converted = convert(analyte, value, unit);
  if ('error' in converted) throw new Error(`unchecked unit: ${converted.error}`);
  return converted;
}

function agree(a: number, b: number): boolean {
  return Math.abs(a - b) <= CONVERSION_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
}

function labSchema(today: string) {
  const convert = rememberingToCanonical();
  const cells = z.object({
    patient_id: required(text(EXTERNAL_ID_MAX_LENGTH)),
    date: required(isoDate(today)),
    analyte: required(analyteCell),
    value: required(numberIn({ min: 0 })),
    unit: unitCell,
    lower_limit_of_normal: optional(numberIn({ min: 0 })),
    upper_limit_of_normal: optional(numberIn({ min: 0 })),
    received_value: optional(numberIn({ min: 0 })),
    received_unit: optional(text(UNIT_MAX_LENGTH)),
  });
  type Row = z.output<typeof cells>;
  const receivedGiven = (row: Row): row is Row & { received_value: number; received_unit: string } =>
    row.received_value !== null && row.received_unit !== null;
  const rules: Rule<Row>[] = [
    {
      at: 'unit', reads: ['analyte', 'value', 'unit'],
      holds: (row) => conversionError(convert, row.analyte, row.value, row.unit) === null,
      message: (row) => conversionError(convert, row.analyte, row.value, row.unit)!,
    },
    {
      at: 'lower_limit_of_normal', reads: ['lower_limit_of_normal', 'upper_limit_of_normal'],
      holds: (row) => row.lower_limit_of_normal === null || row.upper_limit_of_normal === null || row.lower_limit_of_normal <= row.upper_limit_of_normal,
      message: (row) => `lower limit ${row.lower_limit_of_normal} is above the upper limit ${row.upper_limit_of_normal}`,
    },
    {
      at: 'received_unit', reads: ['received_value', 'received_unit'],
      holds: (row) => (row.received_value === null) === (row.received_unit === null),
      message: (row) => (row.received_value === null ? 'is given without the received value' : 'is required with the received value'),
    },
    {
      at: 'received_unit', reads: ['analyte', 'received_value', 'received_unit'],
      holds: (row) => !receivedGiven(row) || conversionError(convert, row.analyte, row.received_value, row.received_unit) === null,
      message: (row) => conversionError(convert, row.analyte, row.received_value!, row.received_unit!)!,
    },
    {
      at: 'received_value', reads: ['analyte', 'value', 'unit', 'received_value', 'received_unit'],
      holds: (row) => !receivedGiven(row)
        || conversionError(convert, row.analyte, row.received_value, row.received_unit) !== null || conversionError(convert, row.analyte, row.value, row.unit) !== null
        || agree(canonical(convert, row.analyte, row.received_value, row.received_unit).value, canonical(convert, row.analyte, row.value, row.unit).value),
      message: (row) => `${row.received_value} ${row.received_unit} is not the value ${row.value} ${row.unit}`,
    },
  ];
  return withRules(cells, rules).transform((row): LabResultValues => {
    const measured = canonical(convert, row.analyte, row.value, row.unit);
    const limit = (value: number | null) => (value === null ? null : canonical(convert, row.analyte, value, row.unit).value);
    return {
      patientExternalId: row.patient_id,
      analyte: row.analyte,
      collectedOn: row.date,
      value: measured.value,
      unit: measured.unit,
      receivedValue: receivedGiven(row) ? row.received_value : row.value,
      receivedUnit: receivedGiven(row) ? row.received_unit : row.unit,
      lowerLimitOfNormal: limit(row.lower_limit_of_normal),
      upperLimitOfNormal: limit(row.upper_limit_of_normal),
      plausibilityWarning: plausibilityWarning(row.analyte, measured.value),
    };
  });
}

function imagingSchema(today: string) {
  return z
    .object({
      patient_id: required(text(EXTERNAL_ID_MAX_LENGTH)),
      date: required(isoDate(today)),
      modality: required(text(MODALITY_MAX_LENGTH)),
      ascites: required(flag()),
      cirrhosis_like_morphology: required(flag()),
      splenomegaly: required(flag()),
      varices: required(flag()),
      recist: optional(oneOf('recist')),
    })
    .transform((row): ImagingStudyValues => ({
      patientExternalId: row.patient_id,
      date: row.date,
      modality: row.modality,
      ascites: row.ascites,
      cirrhosisLikeMorphology: row.cirrhosis_like_morphology,
      splenomegaly: row.splenomegaly,
      varices: row.varices,
      recist: row.recist,
    }));
}

function clinicalEventSchema(today: string) {
  const cells = z.object({
    patient_id: required(text(EXTERNAL_ID_MAX_LENGTH)),
    date: required(isoDate(today)),
    event: required(oneOf('clinicalEvent')),
    site_of_progression: optional(oneOf('progressionSite')),
    detail: optional(text(EVENT_DETAIL_MAX_LENGTH)),
  });
  type Row = z.output<typeof cells>;
  const rules: Rule<Row>[] = [
    {
      at: 'site_of_progression', reads: ['event', 'site_of_progression'],
      holds: (row) => row.site_of_progression === null || row.event === 'PROGRESSION',
      message: () => 'is for a progression only: leave it empty for this event',
    },
  ];
  return withRules(cells, rules).transform((row): ClinicalEventValues => ({
    patientExternalId: row.patient_id,
    date: row.date,
    event: row.event,
    siteOfProgression: row.site_of_progression,
    detail: row.detail,
  }));
}

/** The five schemas, judging dates against `today` (YYYY-MM-DD): no date may lie in the future. */
export function createRecordSchemas(today: string) {
  return {
    patients: patientSchema(today),
    treatments: treatmentSchema(today),
    labs: labSchema(today),
    imaging: imagingSchema(today),
    events: clinicalEventSchema(today),
  };
}

/** Today's date in UTC, YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
