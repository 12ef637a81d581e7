/**
 * The values a lab result may take to have a given CTCAE v5.0 grade: the inverse of the
 * clinical layer's gradeLab(), read from the same criteria table (specs/statistics.md §6), so
 * the demo's grade counts are what the API will grade. Thresholds for a normal baseline
 * (multiples of ULN, or fixed cut-offs); bands are closed intervals of values on the reporting
 * grid (`decimals`), so rounding a value inside a band keeps it there.
 */
import { ANALYTES, convertUnit, labCriterion, type GradeThreshold } from '../clinical/index.js';
import type { Bounds } from './moments.js';
import type { DemoAnalyte } from './published-study.js';
import type { ReferenceRange } from './reference-ranges.js';

export type GradeBand = 'AT_MOST_1' | 'GRADE_2' | 'GRADE_3' | 'GRADE_2_OR_3';

const GRID_TOLERANCE = 1e-9;

function thresholdValue(analyte: DemoAnalyte, threshold: GradeThreshold, range: ReferenceRange, unit: string): number {
  switch (threshold.reference) {
    case 'ULN': return threshold.times * range.upperLimitOfNormal;
    case 'LLN': return threshold.times * range.lowerLimitOfNormal;
    case 'ABSOLUTE': {
      const converted = convertUnit(analyte, threshold.times, unit, ANALYTES[analyte].canonicalUnit);
      if ('error' in converted) throw new Error(`grade band of ${analyte}: ${converted.error}`);
      return converted.value;
    }
    case 'BASELINE': return Number.NaN;
  }
}

/** The interval of values on the grid of `decimals` whose v5.0 grade lies in `band`. */
export function gradeBandBounds(analyte: DemoAnalyte, band: GradeBand, range: ReferenceRange, decimals: number): Bounds {
  const criterion = labCriterion('V5_0', analyte);
  if (!criterion) throw new Error(`CTCAE v5.0 has no criterion for ${analyte}`);
  const factor = 10 ** decimals;
  const cut = (grade: number): { value: number; inclusive: boolean } | null => {
    const threshold = criterion.thresholds.find((t) => t.grade === grade && t.reference !== 'BASELINE');
    return threshold ? { value: thresholdValue(analyte, threshold, range, criterion.unit), inclusive: threshold.inclusive } : null;
  };
  /** A value in grid units (integers), rounded down or up. */
  const gridUnits = (x: number, direction: 'down' | 'up'): number => (
    direction === 'down' ? Math.floor(x * factor + GRID_TOLERANCE) : Math.ceil(x * factor - GRID_TOLERANCE)
  );
  const increased = criterion.direction === 'INCREASED';
  /** The first grid value, in grid units, at `grade` or beyond: the lowest (increased) or highest (decreased). */
  const firstReaching = (grade: number): number | null => {
    const c = cut(grade);
    if (!c) return null;
    if (increased) return c.inclusive ? gridUnits(c.value, 'up') : gridUnits(c.value, 'down') + 1;
    return c.inclusive ? gridUnits(c.value, 'down') : gridUnits(c.value, 'up') - 1;
  };
  const [low, high] = band === 'AT_MOST_1' ? [null, 2] : band === 'GRADE_2' ? [2, 3] : band === 'GRADE_3' ? [3, 4] : [2, 4];
  const start = low === null ? null : firstReaching(low);
  const next = firstReaching(high);
  if (increased) return { lower: (start ?? 0) / factor, upper: next === null ? Infinity : (next - 1) / factor };
  return { lower: next === null ? 0 : (next + 1) / factor, upper: start === null ? Infinity : start / factor };
}
