/** Every value of a grade band, graded by the clinical layer's gradeLab, has the band's grade. */
import { describe, expect, it } from 'vitest';
import { gradeLab } from '../../src/clinical/index.js';
import { gradeBandBounds, type GradeBand } from '../../src/demo/grade-bands.js';
import { DEMO_ANALYTES } from '../../src/demo/published-study.js';
import { REPORTED_DECIMALS, roundTo } from '../../src/demo/reference-ranges.js';

const RANGES = {
  ALBUMIN: { lowerLimitOfNormal: 3.5, upperLimitOfNormal: 5.0 },
  ALP: { lowerLimitOfNormal: 40, upperLimitOfNormal: 129 },
  AST: { lowerLimitOfNormal: 10, upperLimitOfNormal: 37 },
  ALT: { lowerLimitOfNormal: 7, upperLimitOfNormal: 35 },
  BILIRUBIN: { lowerLimitOfNormal: 0.2, upperLimitOfNormal: 1.2 },
  HEMOGLOBIN: { lowerLimitOfNormal: 12.0, upperLimitOfNormal: 16.0 },
  PLATELETS: { lowerLimitOfNormal: 150, upperLimitOfNormal: 400 },
  LEUKOCYTES: { lowerLimitOfNormal: 4.0, upperLimitOfNormal: 11.0 },
} as const;
const GRADES: Record<GradeBand, readonly number[]> = { AT_MOST_1: [0, 1], GRADE_2: [2], GRADE_3: [3], GRADE_2_OR_3: [2, 3] };

describe.each(DEMO_ANALYTES)('%s', (analyte) => {
  it.each(Object.keys(GRADES) as GradeBand[])('%s: both ends and points between grade as the band says', (band) => {
    const decimals = REPORTED_DECIMALS[analyte];
    const { lower, upper } = gradeBandBounds(analyte, band, RANGES[analyte], decimals);
    const top = Number.isFinite(upper) ? upper : lower * 3 + 10;
    const points = [lower, roundTo((lower + top) / 2, decimals), top];
    for (const value of points) {
      const grade = gradeLab({ version: 'V5_0', analyte, value, ...RANGES[analyte] });
      expect(GRADES[band]).toContain(grade);
    }
    const step = 10 ** -decimals;
    if (lower - step >= 0) expect(GRADES[band]).not.toContain(gradeLab({ version: 'V5_0', analyte, value: roundTo(lower - step, decimals), ...RANGES[analyte] }));
  });
});
