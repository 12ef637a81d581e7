import { describe, expect, it } from 'vitest';
import { ANALYTE_NAMES, ANALYTES, ClinicalInputError, gradeLab, labCriterion, type AnalyteName, type CtcaeVersion } from '../../../src/clinical/index.js';
import { gradeLabColumns, UNDECIDED_GRADE, type LabValueColumns } from '../../../src/clinical/ctcae/grade-columns.js';
import { mulberry32 } from '../../helpers/prng.js';
import { isBeyond } from '../../../src/clinical/ctcae/rounded-comparison.js';

const VERSIONS = ['V5_0', 'V4_03'] as const satisfies readonly CtcaeVersion[];

interface Case {
  value: number;
  lowerLimitOfNormal: number | null;
  upperLimitOfNormal: number | null;
  baseline: { value: number; upperLimitOfNormal: number | null } | null;
}

/** Values on, just beside and away from every threshold of the analyte, with given, missing and odd limits and baselines. */
function casesFor(analyte: AnalyteName, seed: number): Case[] {
  const next = mulberry32(seed);
  const defaults = ANALYTES[analyte].defaultReferenceRange;
  const multiples = new Set<number>([0, 0.5, 1, 1.2, 1.5, 2, 2.5, 3, 5, 6, 10, 20, 25, 50, 75, 80, 100, 0.3, 0.5]);
  for (const version of VERSIONS) {
    const criterion = labCriterion(version, analyte);
    for (const threshold of [...(criterion?.thresholds ?? []), ...(criterion?.thresholdsIfBaselineAbnormal ?? [])]) multiples.add(threshold.times);
  }
  const nudges = [0, 1e-12, -1e-12, 1e-9, -1e-9, 1e-8, -1e-8, 5e-8, -5e-8, 1e-7, -1e-7, 1e-6, -1e-6, 1e-3, -1e-3];
  const limit = (typical: number): number | null => {
    const draw = next();
    if (draw < 0.15) return null;
    if (draw < 0.5) return typical;
    return Number((typical * (0.5 + next())).toPrecision(3));
  };
  const cases: Case[] = [];
  for (let i = 0; i < 4_000; i++) {
    const lowerLimitOfNormal = limit(defaults.lowerLimitOfNormal);
    const upperLimitOfNormal = limit(defaults.upperLimitOfNormal);
    const reference = [upperLimitOfNormal, lowerLimitOfNormal, 1, defaults.upperLimitOfNormal][Math.floor(next() * 4)] ?? 1;
    const multiple = [...multiples][Math.floor(next() * multiples.size)]!;
    const nudge = nudges[Math.floor(next() * nudges.length)]!;
    const exact = multiple * reference;
    const value = next() < 0.1 ? next() * 40 * defaults.upperLimitOfNormal : Math.max(0, exact + exact * nudge);
    const baselineDraw = next();
    const baselineValue = baselineDraw < 0.3 ? null
      : baselineDraw < 0.5 ? (upperLimitOfNormal ?? defaults.upperLimitOfNormal)
        : next() * 3 * defaults.upperLimitOfNormal;
    const baseline = baselineValue === null ? null : { value: baselineValue, upperLimitOfNormal: next() < 0.4 ? null : limit(defaults.upperLimitOfNormal) };
    if (baseline !== null && next() < 0.3) {
      // The value exactly on a multiple of its baseline.
      cases.push({ value: multiple * baseline.value, lowerLimitOfNormal, upperLimitOfNormal, baseline });
    }
    cases.push({ value, lowerLimitOfNormal, upperLimitOfNormal, baseline });
  }
  // The classic edge: exactly 3.0 x ULN is not "> 3.0 x ULN" although 3 * 1.2 = 3.5999999999999996.
  cases.push({ value: 3.6, lowerLimitOfNormal: null, upperLimitOfNormal: 1.2, baseline: null });
  cases.push({ value: 1.8, lowerLimitOfNormal: null, upperLimitOfNormal: 1.2, baseline: { value: 1.2, upperLimitOfNormal: 1.2 } });
  return cases;
}

function columnsOf(cases: readonly Case[]): LabValueColumns {
  const column = (cell: (c: Case) => number | null | undefined) => Float64Array.from(cases, (c) => cell(c) ?? Number.NaN);
  return {
    values: column((c) => c.value),
    lowerLimitsOfNormal: column((c) => c.lowerLimitOfNormal),
    upperLimitsOfNormal: column((c) => c.upperLimitOfNormal),
    baselineValues: column((c) => c.baseline?.value),
    baselineUpperLimitsOfNormal: column((c) => c.baseline?.upperLimitOfNormal),
  };
}

describe('gradeLabColumns: the grades of gradeLab, value for value', () => {
  describe.each(VERSIONS)('%s', (version) => {
    it.each(ANALYTE_NAMES.map((analyte, index) => [analyte, index] as const))('%s', (analyte, index) => {
      const cases = casesFor(analyte, 17 + index);
      for (const onAnticoagulation of [undefined, false, true]) {
        const grades = gradeLabColumns(version, analyte, columnsOf(cases), { onAnticoagulation });
        const expected = cases.map((c) => gradeLab({ version, analyte, onAnticoagulation, ...c }) ?? UNDECIDED_GRADE);
        expect([...grades]).toEqual(expected);
      }
      // Not a constant answer: the cases reach several grades and undecided ones.
      expect(new Set(gradeLabColumns(version, analyte, columnsOf(cases))).size).toBeGreaterThan(2);
    });
  });

  it('grades the edge of 8 significant digits as gradeLab: exactly 3.0 x ULN of bilirubin is grade 2, not 3', () => {
    const grades = gradeLabColumns('V5_0', 'BILIRUBIN', columnsOf([
      { value: 3.6, lowerLimitOfNormal: null, upperLimitOfNormal: 1.2, baseline: null },
      { value: 3.6000001, lowerLimitOfNormal: null, upperLimitOfNormal: 1.2, baseline: null },
    ]));
    expect([...grades]).toEqual([2, 3]);
  });

  it('gives an empty column for an empty column', () => {
    expect(gradeLabColumns('V5_0', 'ALT', columnsOf([])).length).toBe(0);
  });

  it('refuses a negative value or limit as gradeLab does, naming the field', () => {
    const bad = (c: Case) => () => gradeLabColumns('V5_0', 'ALT', columnsOf([{ value: 30, lowerLimitOfNormal: 7, upperLimitOfNormal: 41, baseline: null }, c]));
    expect(bad({ value: -1, lowerLimitOfNormal: null, upperLimitOfNormal: 41, baseline: null })).toThrow(ClinicalInputError);
    expect(bad({ value: -1, lowerLimitOfNormal: null, upperLimitOfNormal: 41, baseline: null })).toThrow(/^value: must be a finite number ≥ 0, got -1$/);
    expect(bad({ value: 30, lowerLimitOfNormal: null, upperLimitOfNormal: -2, baseline: null })).toThrow(/^upperLimitOfNormal: /);
    expect(bad({ value: Number.NaN, lowerLimitOfNormal: null, upperLimitOfNormal: 41, baseline: null })).toThrow(/^value: /);
  });
});

describe('isBeyond: the same answer as rounding both sides to 8 significant digits always', () => {
  const significant = (x: number) => Number(x.toPrecision(8));
  const alwaysRounded = (direction: 'INCREASED' | 'DECREASED', value: number, threshold: number, inclusive: boolean) => {
    const [a, b] = [significant(value), significant(threshold)];
    if (direction === 'INCREASED') return inclusive ? a >= b : a > b;
    return inclusive ? a <= b : a < b;
  };

  it('on pairs on, beside and away from each other, over many magnitudes', () => {
    const next = mulberry32(5);
    let disagreements = 0;
    let roundingDecided = 0;
    for (let i = 0; i < 200_000; i++) {
      const threshold = next() < 0.05 ? 0 : 10 ** (Math.floor(next() * 12) - 6) * (1 + next() * 9);
      const relative = [0, 1e-12, 1e-9, 4e-8, 5e-8, 6e-8, 1e-7, 2e-7, 1e-6, 1.1e-6, 1e-3, 0.5][Math.floor(next() * 12)]!;
      const value = Math.max(0, threshold * (1 + (next() < 0.5 ? -relative : relative)));
      for (const direction of ['INCREASED', 'DECREASED'] as const) {
        for (const inclusive of [false, true]) {
          const expected = alwaysRounded(direction, value, threshold, inclusive);
          if (isBeyond(direction, value, threshold, inclusive) !== expected) disagreements += 1;
          const plain = direction === 'INCREASED' ? (inclusive ? value >= threshold : value > threshold) : (inclusive ? value <= threshold : value < threshold);
          if (plain !== expected) roundingDecided += 1;
        }
      }
    }
    expect(disagreements).toBe(0);
    // The pairs include ones the rounding decides, so the test would see a shortcut that skipped it wrongly.
    expect(roundingDecided).toBeGreaterThan(1_000);
  });
});
