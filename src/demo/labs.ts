/**
 * Serial labs (albumin, ALP, AST, ALT, bilirubin, haemoglobin, platelets, leukocytes) at
 * baseline, ~6 months, ~1 year and yearly to 4 years while the patient is followed, calibrated
 * to Tables 3–5 of Tomozawa et al. 2018.
 *
 * Per patient and lab, a latent level (loading on hepatic dysfunction and tumour activity) plus
 * a fresh deviation per timepoint (within-patient correlation WITHIN_PATIENT_CORRELATION) gives a
 * severity; new portal-hypertension signs at 1 year add to it. In each cell of lab-model.ts the
 * severities become log-normal or normal values with the cell's target moments, which are then
 * made exact by matchMoments within per-value bounds:
 *
 * - CTCAE grade bands (grade-bands.ts) that reproduce Table 4's counts among the patients
 *   followed ≥ 1 year: the most severe eligible patients get grade 2 or 3, all others stay at
 *   grade ≤ 1. The grade-3 patients at 1 year are drawn from those with new imaging signs (the
 *   paper: all 4 had signs), bilirubin first from those with new ascites. For ALT, AST, ALP and
 *   bilirubin after baseline only patients with a normal baseline qualify, so v4.03 (× ULN)
 *   and v5.0 (× baseline when the baseline was abnormal) give the same grades.
 * - The baseline ALP flag of baseline.ts: > 2.5 × ULN exactly for the flagged patients.
 * - GRADE_QUOTA_CAPS: where Table 4's count cannot coexist with Table 3's SD (four ALT values
 *   above 3 × ULN leave no room for a mean of 32.5 with SD 19.5), fewer.
 *
 * Some patients' labs come from laboratories reporting SI units (albumin and haemoglobin g/L,
 * bilirubin µmol/L): `received_value`/`received_unit` keep those, `value` is the canonical
 * conversion (the clinical layer's table), kept inside its grade band.
 */
import { ANALYTES, convertUnit, plausibilityWarning } from '../clinical/index.js';
import { rescaleCount } from './apportion.js';
import type { Baseline } from './baseline.js';
import { isoDate } from './dates.js';
import { gradeBandBounds, type GradeBand } from './grade-bands.js';
import type { PatientImaging } from './imaging.js';
import {
  ANALYTE_MODELS, LAB_TIMEPOINTS, cellTarget, type AnalyteModel, type FollowUpGroup,
} from './lab-model.js';
import { matchMoments, type Bounds, type Moments } from './moments.js';
import type { Random } from './prng.js';
import { DEMO_ANALYTES, TABLE_1, TABLE_4, type DemoAnalyte } from './published-study.js';
import { topByScore } from './ranked-assignment.js';
import { REPORTED_DECIMALS, roundTo, type SiteReferenceRanges } from './reference-ranges.js';
import type { SurvivalOutcome } from './survival.js';
import type { TreatmentCourse } from './treatments.js';
import type { DemoLabResult } from './types.js';

const WITHIN_PATIENT_CORRELATION = 0.6;
const SI_REPORTING_SHARE = 0.12;
const YEAR_1 = 2;
const ONE_YEAR_DAYS = LAB_TIMEPOINTS[YEAR_1].day;
const YEAR_4 = 5;
const FOUR_YEARS_DAYS = LAB_TIMEPOINTS[YEAR_4].day;
/** Tests whose v5.0 grade depends on an abnormal baseline. */
const BASELINE_RELATIVE: ReadonlySet<DemoAnalyte> = new Set(['ALT', 'AST', 'ALP', 'BILIRUBIN']);
/** Grade-3 designations at 1 year are made in this order, the most constrained first. */
const GRADE_3_ORDER: readonly DemoAnalyte[] = ['BILIRUBIN', 'ALP', 'ALBUMIN', 'AST', 'ALT', 'HEMOGLOBIN', 'PLATELETS', 'LEUKOCYTES'];
/** Table 4's grade-2 counts lowered where they contradict Table 3's SD: ALT baseline 4 → 2, 1 year 3 → 2. */
const GRADE_QUOTA_CAPS: Partial<Record<DemoAnalyte, readonly [number, number, number]>> = { ALT: [2, 1, 2] };
/** Baseline ALP of flagged patients not followed a year: grade 2 or 3, up to 8 × ULN. */
const FLAGGED_ALP_MAX_TIMES_ULN = 8;
/**
 * Grade 2 after baseline goes to the most severe patients, preferring, among the SPREAD_FACTOR ×
 * quota most severe, those without grade 2–3 in the first year yet: the paper's grade-2 labs
 * fall on many patients (36 of 52 within the first year).
 */
const SPREAD_FACTOR = 1.25;
/** Added to the ranking of grade-3 candidates with new imaging signs (and, for bilirubin, new ascites): they come first. */
const SIGN_PRIORITY = 1000;

export interface LabContext {
  readonly baselines: readonly Baseline[];
  readonly courses: readonly TreatmentCourse[];
  readonly outcomes: readonly SurvivalOutcome[];
  readonly imaging: readonly PatientImaging[];
  readonly indexDays: readonly number[];
  readonly rangesOfPatient: readonly SiteReferenceRanges[];
}

function followUpGroup(days: number): FollowUpGroup {
  if (days < ONE_YEAR_DAYS) return 'SHORT';
  return days >= FOUR_YEARS_DAYS ? 'LONG' : 'MID';
}

function intersect(a: Bounds, b: Bounds): Bounds {
  const lower = Math.max(a.lower, b.lower);
  return { lower, upper: Math.max(lower, Math.min(a.upper, b.upper)) };
}

/** A draw with the cell's moments at standardised severity `severity` (higher = worse). */
function rawValue(model: AnalyteModel, target: Moments, severity: number): number {
  const signed = model.worseIsHigher ? severity : -severity;
  if (model.scale === 'LOG') {
    const logVariance = Math.log(1 + (target.sd / target.mean) ** 2);
    return Math.exp(Math.log(target.mean) - logVariance / 2 + Math.sqrt(logVariance) * signed);
  }
  return target.mean + target.sd * signed;
}

interface Cohort {
  size: number;
  group: FollowUpGroup[];
  followed: (timepoint: number, patient: number) => boolean;
  beyondOneYear: number[];
  withSigns: Set<number>;
  withNewAscites: Set<number>;
}

function describeCohort(context: LabContext): Cohort {
  const { outcomes, imaging } = context;
  const withSigns = new Set<number>();
  const withNewAscites = new Set<number>();
  imaging.forEach((studies, patient) => {
    const findings = studies.oneYear?.findings;
    if (findings && Object.values(findings).some(Boolean)) withSigns.add(patient);
    if (findings?.ascites) withNewAscites.add(patient);
  });
  return {
    size: outcomes.length,
    group: outcomes.map((outcome) => followUpGroup(outcome.followUpDays)),
    followed: (timepoint, patient) => timepoint === 0 || (outcomes[patient]?.followUpDays ?? 0) >= (LAB_TIMEPOINTS[timepoint]?.day ?? Infinity),
    beyondOneYear: outcomes.flatMap((outcome, patient) => (outcome.followUpDays >= ONE_YEAR_DAYS ? [patient] : [])),
    withSigns,
    withNewAscites,
  };
}

/**
 * Grade bands of one lab at one timepoint (baseline to 1 year) for the patients followed ≥ 1
 * year, and the baseline ALP flag for everyone; patients absent from the map have no band.
 * `worseness` ranks the candidates: the drawn value relative to the limit it is graded on.
 */
function gradeBands(
  analyte: DemoAnalyte,
  timepoint: number,
  worseness: (patient: number) => number,
  run: LabRun,
  baselineValues: Float64Array,
): Map<number, GradeBand> {
  const { cohort, context } = run;
  const bands = new Map<number, GradeBand>();
  if (analyte === 'ALP' && timepoint === 0) {
    context.baselines.forEach((baseline, patient) => {
      const band: GradeBand = !baseline.alpGrade2OrWorse ? 'AT_MOST_1' : cohort.group[patient] === 'SHORT' ? 'GRADE_2_OR_3' : 'GRADE_2';
      bands.set(patient, band);
    });
    return bands;
  }
  const eligibleSize = cohort.beyondOneYear.length;
  const [published2, published3] = TABLE_4[analyte][timepoint] ?? [0, 0];
  const cap = GRADE_QUOTA_CAPS[analyte]?.[timepoint] ?? published2;
  const grade2Count = rescaleCount(Math.min(cap, published2), TABLE_1.followedBeyondOneYear, eligibleSize);
  const grade3Count = rescaleCount(published3, TABLE_1.followedBeyondOneYear, eligibleSize);
  const normalBaseline = (patient: number): boolean => (
    timepoint === 0 || !BASELINE_RELATIVE.has(analyte)
    || (baselineValues[patient] ?? Infinity) <= (context.rangesOfPatient[patient]?.[analyte].upperLimitOfNormal ?? 0)
  );
  const eligible = cohort.beyondOneYear.filter(normalBaseline);
  const gradeThreePreference = (patient: number): number => (
    worseness(patient)
    + (cohort.withSigns.has(patient) ? SIGN_PRIORITY : 0)
    + (analyte === 'BILIRUBIN' && cohort.withNewAscites.has(patient) ? SIGN_PRIORITY : 0)
  );
  const gradeThree = new Set(topByScore(eligible.filter((patient) => !run.gradeThreePatients.has(patient)), gradeThreePreference, grade3Count));
  for (const patient of gradeThree) run.gradeThreePatients.add(patient);
  const mostSevere = topByScore(eligible.filter((patient) => !gradeThree.has(patient)), worseness, Math.ceil(SPREAD_FACTOR * grade2Count));
  const spread = timepoint === 0 ? mostSevere : [
    ...mostSevere.filter((patient) => !run.toxicWithinFirstYear.has(patient)),
    ...mostSevere.filter((patient) => run.toxicWithinFirstYear.has(patient)),
  ];
  const gradeTwo = new Set(spread.slice(0, grade2Count));
  if (timepoint > 0) for (const patient of [...gradeTwo, ...gradeThree]) run.toxicWithinFirstYear.add(patient);
  for (const patient of cohort.beyondOneYear) {
    bands.set(patient, gradeThree.has(patient) ? 'GRADE_3' : gradeTwo.has(patient) ? 'GRADE_2' : 'AT_MOST_1');
  }
  return bands;
}

/**
 * A patient's bounds for a band: the band's values on the reporting grid within the lab's
 * plausible range. Memoised per reference range, as every patient of a site shares them.
 */
function bandBounds(analyte: DemoAnalyte, band: GradeBand, ranges: SiteReferenceRanges | undefined, memo: Map<string, Bounds>): Bounds {
  const model = ANALYTE_MODELS[analyte];
  if (!ranges) return model.physiological;
  const { lowerLimitOfNormal, upperLimitOfNormal } = ranges[analyte];
  const key = `${analyte}:${band}:${lowerLimitOfNormal}:${upperLimitOfNormal}`;
  let bounds = memo.get(key);
  if (!bounds) {
    const graded = gradeBandBounds(analyte, band, ranges[analyte], REPORTED_DECIMALS[analyte]);
    const upper = analyte === 'ALP' && band === 'GRADE_2_OR_3' ? FLAGGED_ALP_MAX_TIMES_ULN * upperLimitOfNormal : graded.upper;
    bounds = intersect(model.physiological, { lower: graded.lower, upper });
    memo.set(key, bounds);
  }
  return bounds;
}

/** The cell of lab-model.ts a patient belongs to: follow-up group, and treatment distribution beyond one year. */
function cellOf(cohort: Cohort, courses: readonly TreatmentCourse[], patient: number): { key: string; group: FollowUpGroup; bilobar: boolean } {
  const group = cohort.group[patient] ?? 'SHORT';
  const bilobar = group !== 'SHORT' && Boolean(courses[patient]?.bilobar);
  return { key: `${group}:${bilobar}`, group, bilobar };
}

/** The bilobar share of each follow-up group among `members`. */
function bilobarShares(cohort: Cohort, courses: readonly TreatmentCourse[], members: readonly number[]): Map<FollowUpGroup, number> {
  const counts = new Map<FollowUpGroup, { bilobar: number; all: number }>();
  for (const patient of members) {
    const group = cohort.group[patient] ?? 'SHORT';
    const count = counts.get(group) ?? { bilobar: 0, all: 0 };
    count.all++;
    if (courses[patient]?.bilobar) count.bilobar++;
    counts.set(group, count);
  }
  return new Map([...counts].map(([group, count]) => [group, count.bilobar / count.all]));
}

/** Values of one lab at one timepoint for the followed patients: cell by cell, moments made exact within bounds. */
function calibrateTimepoint(
  analyte: DemoAnalyte,
  targets: ReadonlyMap<string, Moments>,
  cells: ReadonlyMap<string, readonly number[]>,
  raw: Float64Array,
  bounds: readonly Bounds[],
): Float64Array {
  const model = ANALYTE_MODELS[analyte];
  const values = new Float64Array(raw.length).fill(Number.NaN);
  for (const [key, patients] of cells) {
    const target = targets.get(key) ?? model.shortFollowUp[0];
    const moved = matchMoments(
      patients.map((patient) => raw[patient] ?? target.mean),
      patients.map((patient) => bounds[patient] ?? model.physiological),
      target,
    );
    patients.forEach((patient, k) => {
      values[patient] = roundTo(moved[k] ?? target.mean, REPORTED_DECIMALS[analyte]);
    });
  }
  return values;
}

/** A canonical value as an SI laboratory would report it, and its canonical conversion kept within `bounds`. */
function reportInSi(analyte: DemoAnalyte, value: number, unit: { unit: string; decimals: number }, bounds: Bounds): { received: number; canonical: number } {
  const canonicalUnit = ANALYTES[analyte].canonicalUnit;
  const convert = (amount: number, from: string, to: string): number => {
    const converted = convertUnit(analyte, amount, from, to);
    if ('error' in converted) throw new Error(`demo labs: ${converted.error}`);
    return converted.value;
  };
  const step = 10 ** -unit.decimals;
  let received = roundTo(convert(value, canonicalUnit, unit.unit), unit.decimals);
  let canonical = convert(received, unit.unit, canonicalUnit);
  for (let nudge = 0; nudge < 3 && (canonical > bounds.upper || canonical < bounds.lower); nudge++) {
    received = roundTo(received + (canonical > bounds.upper ? -step : step), unit.decimals);
    canonical = convert(received, unit.unit, canonicalUnit);
  }
  return { received, canonical };
}

/** State shared by the labs of one cohort. */
interface LabRun {
  readonly context: LabContext;
  readonly cohort: Cohort;
  readonly reportsSi: Uint8Array;
  /** Patients given grade 3 at 1 year so far: one grade-3 lab per patient. */
  readonly gradeThreePatients: Set<number>;
  /** Patients given grade 2 or 3 at 6 months or 1 year so far, by any lab. */
  readonly toxicWithinFirstYear: Set<number>;
  readonly boundsMemo: Map<string, Bounds>;
}

/** One lab at every timepoint: canonical and received values by timepoint, NaN where the patient is not followed. */
function drawAnalyte(random: Random, analyte: DemoAnalyte, run: LabRun): { canonical: Float64Array[]; received: Float64Array[] } {
  const { cohort, context, reportsSi } = run;
  const { baselines, courses, rangesOfPatient } = context;
  const model = ANALYTE_MODELS[analyte];
  const residual = Math.sqrt(1 - model.hepaticLoading ** 2 - model.tumourLoading ** 2);
  const level = Float64Array.from(baselines, (baseline) => (
    model.hepaticLoading * baseline.hepaticDysfunction + model.tumourLoading * baseline.tumourActivity + residual * random.normal()
  ));
  const canonical: Float64Array[] = [];
  const received: Float64Array[] = [];
  LAB_TIMEPOINTS.forEach((_, t) => {
    const members = baselines.map((_, patient) => patient).filter((patient) => cohort.followed(t, patient));
    const bilobarShare = bilobarShares(cohort, courses, members);
    const severity = Float64Array.from(level, (own, patient) => (
      Math.sqrt(WITHIN_PATIENT_CORRELATION) * own + Math.sqrt(1 - WITHIN_PATIENT_CORRELATION) * random.normal()
      + (t === YEAR_1 && cohort.withSigns.has(patient) ? model.signShift : 0)
    ));
    const cells = new Map<string, number[]>();
    const targets = new Map<string, Moments>();
    const raw = new Float64Array(cohort.size).fill(Number.NaN);
    for (const patient of members) {
      const cell = cellOf(cohort, courses, patient);
      let target = targets.get(cell.key);
      if (!target) {
        target = cellTarget(analyte, t, cell.group, cell.bilobar, bilobarShare.get(cell.group) ?? 0);
        targets.set(cell.key, target);
        cells.set(cell.key, []);
      }
      cells.get(cell.key)?.push(patient);
      raw[patient] = rawValue(model, target, severity[patient] ?? 0);
    }
    const worseness = (patient: number): number => {
      const value = raw[patient] ?? 0;
      return model.worseIsHigher ? value / (rangesOfPatient[patient]?.[analyte].upperLimitOfNormal ?? 1) : -value;
    };
    const bands = t <= YEAR_1
      ? gradeBands(analyte, t, worseness, run, canonical[0] ?? new Float64Array())
      : new Map<number, GradeBand>();
    const bounds = baselines.map((_, patient) => {
      const band = bands.get(patient);
      return band ? bandBounds(analyte, band, rangesOfPatient[patient], run.boundsMemo) : model.physiological;
    });
    const values = calibrateTimepoint(analyte, targets, cells, raw, bounds);
    const receivedValues = values.slice();
    if (model.siUnit) {
      for (const patient of members) {
        if (!reportsSi[patient]) continue;
        const reported = reportInSi(analyte, values[patient] ?? 0, model.siUnit, bounds[patient] ?? model.physiological);
        receivedValues[patient] = reported.received;
        values[patient] = reported.canonical;
      }
    }
    canonical.push(values);
    received.push(receivedValues);
  });
  return { canonical, received };
}

export function generateLabs(random: Random, context: LabContext): DemoLabResult[] {
  const cohort = describeCohort(context);
  const { outcomes, rangesOfPatient } = context;
  const drawDays = LAB_TIMEPOINTS.map(({ firstDay, lastDay }) => Int32Array.from(outcomes, (outcome) => (
    random.integer(firstDay, Math.max(firstDay, Math.min(lastDay, outcome.followUpDays)))
  )));
  const run: LabRun = {
    context,
    cohort,
    reportsSi: Uint8Array.from(outcomes, () => (random.chance(SI_REPORTING_SHARE) ? 1 : 0)),
    gradeThreePatients: new Set<number>(),
    toxicWithinFirstYear: new Set<number>(),
    boundsMemo: new Map<string, Bounds>(),
  };
  const series = new Map(GRADE_3_ORDER.map((analyte) => [analyte, drawAnalyte(random.fork(`lab-${analyte}`), analyte, run)] as const));

  const rows: DemoLabResult[] = [];
  for (let patient = 0; patient < cohort.size; patient++) {
    const ranges = rangesOfPatient[patient];
    const indexDay = context.indexDays[patient] ?? 0;
    LAB_TIMEPOINTS.forEach((_, t) => {
      if (!cohort.followed(t, patient)) return;
      const collectedOn = isoDate(indexDay + (drawDays[t]?.[patient] ?? 0));
      for (const analyte of DEMO_ANALYTES) {
        const value = series.get(analyte)?.canonical[t]?.[patient] ?? Number.NaN;
        const siUnit = run.reportsSi[patient] ? ANALYTE_MODELS[analyte].siUnit : null;
        rows.push({
          patientId: patient + 1,
          analyte,
          value,
          unit: ANALYTES[analyte].canonicalUnit,
          receivedValue: series.get(analyte)?.received[t]?.[patient] ?? value,
          receivedUnit: siUnit ? siUnit.unit : ANALYTES[analyte].canonicalUnit,
          collectedOn,
          lowerLimitOfNormal: ranges?.[analyte].lowerLimitOfNormal ?? null,
          upperLimitOfNormal: ranges?.[analyte].upperLimitOfNormal ?? null,
          plausibilityWarning: plausibilityWarning(analyte, value),
        });
      }
    });
  }
  return rows;
}
