/**
 * The serial labs of the 93-patient cohort against Tables 3–5 of Tomozawa et al. 2018, read by
 * the API's timepoint windows and graded by the clinical layer: means within 10 % (Tables 3 and
 * 5), SDs near Table 3's, the Table 4 grade counts the generator targets (all of them, except
 * ALT's grade 2 at baseline and 1 year, capped at 2 because four values above 3 × ULN cannot
 * coexist with Table 3's SD), and lab rows that are consistent records.
 */
import { describe, expect, it } from 'vitest';
import { ANALYTES, convertUnit, gradeLab, type Timepoint } from '../../src/clinical/index.js';
import { generateDemoCohort } from '../../src/demo/index.js';
import { TABLE_3, TABLE_3_BILOBAR, TABLE_4, TABLE_5, DEMO_ANALYTES, type DemoAnalyte } from '../../src/demo/published-study.js';
import { describe as summarize } from '../../src/stats/index.js';
import { dayNumber, describeCohort } from './cohort-facts.js';

const facts = describeCohort(generateDemoCohort());
const TABLE_3_TIMEPOINTS: Timepoint[] = ['BASELINE', 'MONTH_6', 'YEAR_1'];
const TABLE_5_TIMEPOINTS: Timepoint[] = ['BASELINE', 'YEAR_1', 'YEAR_2', 'YEAR_3', 'YEAR_4'];
const TARGETED_TABLE_4: Record<DemoAnalyte, readonly (readonly [number, number])[]> = { ...TABLE_4, ALT: [[2, 0], [1, 0], [2, 0]] };
const MEAN_TOLERANCE = 0.1;
/** SDs are matched per cell; pooling cells and forcing grade bands moves them somewhat. */
const SD_TOLERANCE = 0.25;

function values(patients: typeof facts.patients, analyte: string, timepoint: Timepoint): number[] {
  return patients.map((p) => facts.lab(p, analyte, timepoint)?.value ?? Number.NaN);
}

describe('Table 3: the 52 followed ≥ 1 year', () => {
  it.each(DEMO_ANALYTES)('%s: a lab at every timepoint, means within 10 %, SDs near', (analyte) => {
    TABLE_3_TIMEPOINTS.forEach((timepoint, t) => {
      const summary = summarize(values(facts.followedAYear, analyte, timepoint));
      const published = TABLE_3[analyte][t];
      expect(summary.n).toBe(52);
      expect(Math.abs((summary.mean ?? 0) / (published?.mean ?? 1) - 1)).toBeLessThan(MEAN_TOLERANCE);
      expect(Math.abs((summary.sd ?? 0) / (published?.sd ?? 1) - 1)).toBeLessThan(SD_TOLERANCE);
    });
  });

  it('follows the bilobar means of Table 3, platelets falling after bilobar treatment', () => {
    const bilobar = facts.followedAYear.filter((p) => facts.bilobar(p));
    for (const [analyte, means] of Object.entries(TABLE_3_BILOBAR)) {
      TABLE_3_TIMEPOINTS.forEach((timepoint, t) => {
        const mean = summarize(values(bilobar, analyte, timepoint)).mean ?? 0;
        expect(Math.abs(mean / (means[t] ?? 1) - 1)).toBeLessThan(MEAN_TOLERANCE);
      });
    }
    const platelets = TABLE_3_TIMEPOINTS.map((timepoint) => summarize(values(bilobar, 'PLATELETS', timepoint)).mean ?? 0);
    expect(platelets[0]).toBeGreaterThan(platelets[1] ?? 0);
    expect(platelets[1]).toBeGreaterThan(platelets[2] ?? 0);
  });
});

describe('Table 5: the 11 followed > 4 years', () => {
  it.each(DEMO_ANALYTES)('%s: means within 10 % from baseline to 4 years', (analyte) => {
    TABLE_5_TIMEPOINTS.forEach((timepoint, t) => {
      const summary = summarize(values(facts.followedFourYears, analyte, timepoint));
      expect(summary.n).toBe(11);
      expect(Math.abs((summary.mean ?? 0) / (TABLE_5[analyte][t] ?? 1) - 1)).toBeLessThan(MEAN_TOLERANCE);
    });
  });
});

describe('Table 4: CTCAE grade counts among the 52', () => {
  it.each(DEMO_ANALYTES)('%s: grade 2 and grade 3 counts at baseline, 6 months, 1 year, by v5.0 and v4.03 alike', (analyte) => {
    TABLE_3_TIMEPOINTS.forEach((timepoint, t) => {
      for (const version of ['V5_0', 'V4_03'] as const) {
        const grades = facts.followedAYear.map((p) => {
          const lab = facts.lab(p, analyte, timepoint);
          const baseline = facts.lab(p, analyte, 'BASELINE');
          if (!lab || !baseline) throw new Error(`missing ${analyte} ${timepoint} of patient ${p.id}`);
          return gradeLab({
            version,
            analyte,
            value: lab.value,
            lowerLimitOfNormal: lab.lowerLimitOfNormal,
            upperLimitOfNormal: lab.upperLimitOfNormal,
            baseline: timepoint === 'BASELINE' ? null : { value: baseline.value, upperLimitOfNormal: baseline.upperLimitOfNormal },
          });
        });
        const [grade2, grade3] = TARGETED_TABLE_4[analyte][t] ?? [0, 0];
        expect([grades.filter((g) => g === 2).length, grades.filter((g) => g === 3).length, grades.filter((g) => (g ?? 0) > 3).length]).toEqual([grade2, grade3, 0]);
      }
    });
  });

  it('has, within the first year (days 1–365), grade ≥ 2 in about 36 of 52 patients and grade 3 in exactly 4', () => {
    const worstWithinFirstYear = facts.followedAYear.map((p) => Math.max(...facts.cohort.labResults
      .filter((lab) => lab.patientId === p.id)
      .filter((lab) => {
        const day = dayNumber(lab.collectedOn) - dayNumber(p.indexDate);
        return day >= 1 && day <= 365;
      })
      .map((lab) => {
        const baseline = facts.lab(p, lab.analyte, 'BASELINE');
        return gradeLab({
          version: 'V5_0', analyte: lab.analyte as DemoAnalyte, value: lab.value, lowerLimitOfNormal: lab.lowerLimitOfNormal, upperLimitOfNormal: lab.upperLimitOfNormal,
          baseline: baseline ? { value: baseline.value, upperLimitOfNormal: baseline.upperLimitOfNormal } : null,
        }) ?? 0;
      })));
    const atLeastGrade2 = worstWithinFirstYear.filter((grade) => grade >= 2).length;
    expect(atLeastGrade2).toBeGreaterThanOrEqual(32);
    expect(atLeastGrade2).toBeLessThanOrEqual(40);
    expect(worstWithinFirstYear.filter((grade) => grade >= 3)).toHaveLength(4);
  });

  it('gives grade 3 at 1 year only to patients with a new sign on 1-year imaging', () => {
    const withGrade3 = facts.followedAYear.filter((p) => DEMO_ANALYTES.some((analyte) => {
      const lab = facts.lab(p, analyte, 'YEAR_1');
      return lab !== undefined && gradeLab({ version: 'V4_03', analyte, value: lab.value, lowerLimitOfNormal: lab.lowerLimitOfNormal, upperLimitOfNormal: lab.upperLimitOfNormal }) === 3;
    }));
    expect(withGrade3).toHaveLength(4);
    for (const p of withGrade3) {
      const study = facts.imaging(p, 'YEAR_1');
      expect(study && (study.ascites || study.cirrhosisLikeMorphology || study.splenomegaly || study.varices)).toBe(true);
    }
  });
});

describe('lab rows', () => {
  const labs = facts.cohort.labResults;

  it('are drawn at baseline (days −30…0), 6 months (183 ± 20), 1 year (335…365) and yearly (365·n ± 30), only while followed', () => {
    const byId = new Map(facts.patients.map((p) => [p.id, p]));
    const allowed = [[-30, 0], [163, 203], [335, 365], [700, 760], [1065, 1125], [1431, 1491]];
    for (const lab of labs) {
      const patient = byId.get(lab.patientId);
      if (!patient) throw new Error(`lab of unknown patient ${lab.patientId}`);
      const day = dayNumber(lab.collectedOn) - dayNumber(patient.indexDate);
      expect(allowed.some(([from = 0, to = 0]) => day >= from && day <= to)).toBe(true);
      expect(day).toBeLessThanOrEqual(facts.followUpDays(patient));
    }
  });

  it('carry the site reference range and the canonical unit', () => {
    const ranges = new Map(facts.cohort.siteReferenceRanges.map((range) => [range.analyte, range]));
    for (const lab of labs) {
      expect(lab.unit).toBe(ANALYTES[lab.analyte as DemoAnalyte].canonicalUnit);
      expect([lab.lowerLimitOfNormal, lab.upperLimitOfNormal]).toEqual([ranges.get(lab.analyte)?.lowerLimitOfNormal, ranges.get(lab.analyte)?.upperLimitOfNormal]);
    }
  });

  it('keep SI results as received and their exact canonical conversion as the value', () => {
    const si = labs.filter((lab) => lab.receivedUnit !== lab.unit);
    expect(si.length).toBeGreaterThan(0);
    expect(new Set(si.map((lab) => `${lab.analyte} ${lab.receivedUnit}`))).toEqual(new Set(['ALBUMIN g/L', 'BILIRUBIN umol/L', 'HEMOGLOBIN g/L']));
    for (const lab of si) {
      const converted = convertUnit(lab.analyte as DemoAnalyte, lab.receivedValue, lab.receivedUnit, lab.unit);
      expect('value' in converted && converted.value).toBeCloseTo(lab.value, 12);
    }
    for (const lab of labs.filter((row) => row.receivedUnit === row.unit)) expect(lab.receivedValue).toBe(lab.value);
  });
});
