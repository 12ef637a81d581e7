import { describe, expect, it } from 'vitest';
import {
  ClinicalInputError, gradeAscites, gradeLab, toCanonical, worstGrade,
  type AnalyteName, type CtcaeVersion, type GradeLabInput,
} from '../../../src/clinical/index.js';

const VERSIONS = ['V5_0', 'V4_03'] as const satisfies readonly CtcaeVersion[];

function canonical(analyte: AnalyteName, value: number, unit: string): number {
  const result = toCanonical(analyte, value, unit);
  if ('error' in result) throw new Error(result.error);
  return result.value;
}

describe('gradeLab: increased-direction liver tests against ULN (baseline normal or missing)', () => {
  // ALT/AST: G1 >ULN-3.0, G2 >3.0-5.0, G3 >5.0-20.0, G4 >20.0 x ULN; ULN 40 keeps the products exact.
  describe.each(VERSIONS)('%s', (version) => {
    it.each([
      [40, 0], [40.01, 1], [119.99, 1], [120, 1], [120.01, 2],
      [199.99, 2], [200, 2], [200.01, 3], [800, 3], [800.01, 4],
    ])('ALT %d U/L with ULN 40 is grade %d', (value, expected) => {
      expect(gradeLab({ version, analyte: 'ALT', value, upperLimitOfNormal: 40 })).toBe(expected);
      expect(gradeLab({ version, analyte: 'AST', value, upperLimitOfNormal: 40 })).toBe(expected);
    });

    it.each([
      [96, 0], [240, 1], [240.01, 2], [480, 2], [480.01, 3], [1920, 3], [1920.01, 4],
    ])('ALP %d U/L with ULN 96 is grade %d (2.5, 5, 20 x ULN)', (value, expected) => {
      expect(gradeLab({ version, analyte: 'ALP', value, upperLimitOfNormal: 96 })).toBe(expected);
    });

    it.each([
      [1.2, 0], [1.21, 1], [1.8, 1], [1.81, 2], [3.6, 2], [3.61, 3], [12, 3], [12.01, 4],
    ])('bilirubin %d mg/dL with ULN 1.2 is grade %d (1.5, 3, 10 x ULN)', (value, expected) => {
      expect(gradeLab({ version, analyte: 'BILIRUBIN', value, upperLimitOfNormal: 1.2 })).toBe(expected);
    });

    it('rounds both sides to 8 significant digits, so exactly 3.0 x ULN stays below "> 3.0 x ULN"', () => {
      // 3 * 1.2 = 3.5999999999999996 and 1.5 * 1.2 = 1.7999999999999998 in binary floating point.
      expect(3 * 1.2).toBeLessThan(3.6);
      expect(gradeLab({ version, analyte: 'BILIRUBIN', value: 3.6, upperLimitOfNormal: 1.2 })).toBe(2);
      expect(gradeLab({ version, analyte: 'BILIRUBIN', value: 1.8, upperLimitOfNormal: 1.2 })).toBe(1);
      // 3 * 33.3 = 99.89999999999999
      expect(gradeLab({ version, analyte: 'AST', value: 99.9, upperLimitOfNormal: 33.3 })).toBe(1);
      expect(gradeLab({ version, analyte: 'AST', value: 99.91, upperLimitOfNormal: 33.3 })).toBe(2);
    });

    it('grades a bilirubin received in µmol/L once converted, limit and value alike', () => {
      const value = canonical('BILIRUBIN', 61.56, 'µmol/L');
      const upperLimitOfNormal = canonical('BILIRUBIN', 20.52, 'µmol/L');
      expect(gradeLab({ version, analyte: 'BILIRUBIN', value, upperLimitOfNormal })).toBe(2);
      expect(gradeLab({ version, analyte: 'BILIRUBIN', value: canonical('BILIRUBIN', 61.6, 'µmol/L'), upperLimitOfNormal })).toBe(3);
    });

    it('returns null when the ULN is missing and no baseline decides otherwise', () => {
      expect(gradeLab({ version, analyte: 'ALT', value: 500 })).toBeNull();
      expect(gradeLab({ version, analyte: 'BILIRUBIN', value: 0.5, upperLimitOfNormal: null })).toBeNull();
    });

    it('matches the study definition of grade 3: AST/ALT/ALP > 5 x ULN, bilirubin > 3 x ULN', () => {
      expect(gradeLab({ version, analyte: 'ALP', value: 5.01 * 100, upperLimitOfNormal: 100 })).toBe(3);
      expect(gradeLab({ version, analyte: 'BILIRUBIN', value: 3.01 * 1, upperLimitOfNormal: 1 })).toBe(3);
    });
  });
});

describe('gradeLab: v5.0 baseline-dependent liver criteria (spec §6.1 consequences)', () => {
  const alt = (version: CtcaeVersion, value: number, baseline?: GradeLabInput['baseline']): number | null =>
    gradeLab({ version, analyte: 'ALT', value, upperLimitOfNormal: 40, baseline });

  it('ALT baseline 2 x ULN, now 4 x ULN (= 2 x baseline): v5.0 grade 1, v4.03 grade 2', () => {
    expect(alt('V5_0', 160, { value: 80 })).toBe(1);
    expect(alt('V4_03', 160, { value: 80 })).toBe(2);
  });

  it('ALT baseline abnormal and value < 1.5 x baseline: grade 0 in v5.0 although above ULN', () => {
    expect(alt('V5_0', 110, { value: 80 })).toBe(0);
    expect(alt('V4_03', 110, { value: 80 })).toBe(1);
  });

  it('ALT abnormal baseline: 1.5 x baseline is inclusive, 3, 5, 20 x baseline exclusive', () => {
    expect(alt('V5_0', 119.99, { value: 80 })).toBe(0);
    expect(alt('V5_0', 120, { value: 80 })).toBe(1);
    expect(alt('V5_0', 240, { value: 80 })).toBe(1);
    expect(alt('V5_0', 240.01, { value: 80 })).toBe(2);
    expect(alt('V5_0', 400, { value: 80 })).toBe(2);
    expect(alt('V5_0', 400.01, { value: 80 })).toBe(3);
    expect(alt('V5_0', 1600.01, { value: 80 })).toBe(4);
  });

  it('keeps the inclusive 1.5 x baseline bound when the product rounds up (1.5 * 80.2 = 120.30000000000001)', () => {
    expect(1.5 * 80.2).toBeGreaterThan(120.3);
    expect(alt('V5_0', 120.3, { value: 80.2 })).toBe(1);
  });

  it('ALP abnormal baseline needs >= 2.0 x baseline for grade 1', () => {
    const alp = (value: number): number | null =>
      gradeLab({ version: 'V5_0', analyte: 'ALP', value, upperLimitOfNormal: 100, baseline: { value: 150 } });
    expect(alp(299.99)).toBe(0);
    expect(alp(300)).toBe(1);
    expect(alp(375)).toBe(1);
    expect(alp(375.01)).toBe(2);
    expect(gradeLab({ version: 'V4_03', analyte: 'ALP', value: 299.99, upperLimitOfNormal: 100, baseline: { value: 150 } })).toBe(2);
  });

  it('bilirubin abnormal baseline: any rise above the baseline is grade 1', () => {
    const bilirubin = (version: CtcaeVersion, value: number): number | null =>
      gradeLab({ version, analyte: 'BILIRUBIN', value, upperLimitOfNormal: 1.2, baseline: { value: 2 } });
    expect(bilirubin('V5_0', 1.5)).toBe(0);
    expect(bilirubin('V5_0', 2)).toBe(0);
    expect(bilirubin('V5_0', 2.01)).toBe(1);
    expect(bilirubin('V5_0', 3)).toBe(1);
    expect(bilirubin('V5_0', 3.01)).toBe(2);
    expect(bilirubin('V4_03', 2.01)).toBe(2);
  });

  it('treats a missing baseline as normal (multiples of ULN)', () => {
    expect(alt('V5_0', 160)).toBe(2);
    expect(alt('V5_0', 160, null)).toBe(2);
  });

  it('treats a baseline equal to the ULN, or low, as normal: abnormal means above ULN', () => {
    expect(alt('V5_0', 50, { value: 40 })).toBe(1);
    expect(alt('V5_0', 50, { value: 5 })).toBe(1);
    expect(alt('V5_0', 50, { value: 40.5 })).toBe(0);
  });

  it('judges the baseline against its own ULN when given, else the current ULN', () => {
    expect(alt('V5_0', 70, { value: 50, upperLimitOfNormal: 60 })).toBe(1);
    expect(alt('V5_0', 70, { value: 50 })).toBe(0);
  });

  it('grades from the baseline alone when an abnormal baseline is judged on its own ULN and the current ULN is missing', () => {
    const input = { version: 'V5_0', analyte: 'AST', value: 250, baseline: { value: 80, upperLimitOfNormal: 40 } } as const;
    expect(gradeLab(input)).toBe(2);
    expect(gradeLab({ ...input, version: 'V4_03' })).toBeNull();
  });
});

describe('gradeLab: creatinine increased (alternatives; grade = max)', () => {
  const creatinine = (version: CtcaeVersion, value: number, baseline?: number): number | null =>
    gradeLab({ version, analyte: 'CREATININE', value, upperLimitOfNormal: 1.2, baseline: baseline === undefined ? undefined : { value: baseline } });

  it.each(VERSIONS)('%s: multiples of ULN: >ULN, >1.5, >3.0, >6.0', (version) => {
    expect(creatinine(version, 1.2)).toBe(0);
    expect(creatinine(version, 1.21)).toBe(1);
    expect(creatinine(version, 1.8)).toBe(1);
    expect(creatinine(version, 1.81)).toBe(2);
    expect(creatinine(version, 3.6)).toBe(2);
    expect(creatinine(version, 3.61)).toBe(3);
    expect(creatinine(version, 7.2)).toBe(3);
    expect(creatinine(version, 7.21)).toBe(4);
  });

  it.each(VERSIONS)('%s: a rise relative to baseline is graded even below the ULN', (version) => {
    expect(creatinine(version, 0.8, 0.5)).toBe(2);
    expect(creatinine(version, 1.6, 0.5)).toBe(3);
    expect(creatinine(version, 0.75, 0.5)).toBe(version === 'V4_03' ? 1 : 0);
  });

  it('v4.03 grades >1 x baseline as grade 1, v5.0 has no such criterion', () => {
    expect(creatinine('V4_03', 0.6, 0.5)).toBe(1);
    expect(creatinine('V5_0', 0.6, 0.5)).toBe(0);
  });

  it('keeps exact multiples of a ULN of 1.13 mg/dL (3 * 1.13 = 3.3899999999999997) in the lower grade', () => {
    expect(gradeLab({ version: 'V5_0', analyte: 'CREATININE', value: 3.39, upperLimitOfNormal: 1.13 })).toBe(2);
    expect(gradeLab({ version: 'V5_0', analyte: 'CREATININE', value: 1.695, upperLimitOfNormal: 1.13 })).toBe(1);
  });

  it('is null without ULN, since a ULN criterion could reach grade 4', () => {
    expect(gradeLab({ version: 'V5_0', analyte: 'CREATININE', value: 2, baseline: { value: 0.5 } })).toBeNull();
  });
});

describe('gradeLab: INR increased', () => {
  it('v5.0 uses absolute INR cut-offs: >1.2, >1.5, >2.5; grade 3 is the maximum', () => {
    const inr = (value: number): number | null => gradeLab({ version: 'V5_0', analyte: 'INR', value, onAnticoagulation: false });
    expect([1.2, 1.21, 1.5, 1.51, 2.5, 2.51, 9].map(inr)).toEqual([0, 1, 1, 2, 2, 3, 3]);
  });

  it('v4.03 uses multiples of ULN, so INR 1.2 with ULN 1.1 is grade 1 in v4.03 and 0 in v5.0', () => {
    expect(gradeLab({ version: 'V4_03', analyte: 'INR', value: 1.2, upperLimitOfNormal: 1.1 })).toBe(1);
    expect(gradeLab({ version: 'V5_0', analyte: 'INR', value: 1.2, upperLimitOfNormal: 1.1 })).toBe(0);
    expect(gradeLab({ version: 'V4_03', analyte: 'INR', value: 1.66, upperLimitOfNormal: 1.1 })).toBe(2);
    expect(gradeLab({ version: 'V4_03', analyte: 'INR', value: 1.2 })).toBeNull();
  });

  it.each(VERSIONS)('%s: the baseline criteria apply on anticoagulation, and when it is unknown (worst case)', (version) => {
    const input = { version, analyte: 'INR', value: 2.3, upperLimitOfNormal: 1.0, baseline: { value: 0.9 } } as const;
    expect(gradeLab({ ...input, onAnticoagulation: true })).toBe(3);
    expect(gradeLab(input)).toBe(3);
    expect(gradeLab({ ...input, onAnticoagulation: false })).toBe(2);
  });
});

describe('gradeLab: decreased-direction terms (identical in v4.03 and v5.0)', () => {
  describe.each(VERSIONS)('%s', (version) => {
    it.each([
      [12, 0], [11.99, 1], [10, 1], [9.99, 2], [8, 2], [7.99, 3], [3, 3],
    ])('hemoglobin %d g/dL with LLN 12 is grade %d (lab-only maximum 3)', (value, expected) => {
      expect(gradeLab({ version, analyte: 'HEMOGLOBIN', value, lowerLimitOfNormal: 12 })).toBe(expected);
    });

    it('grades hemoglobin received in mmol/L on the g/L cut-offs, not the rounded mmol/L ones', () => {
      const hemoglobin = (mmolPerLitre: number): number | null =>
        gradeLab({ version, analyte: 'HEMOGLOBIN', value: canonical('HEMOGLOBIN', mmolPerLitre, 'mmol/L'), lowerLimitOfNormal: 12 });
      // The printed "<6.2 - 4.9 mmol/L" would make 4.9 and 4.96 grade 2; in g/L they are 79.0 and 79.9 (< 80): grade 3.
      expect(hemoglobin(4.9)).toBe(3);
      expect(hemoglobin(4.96)).toBe(3);
      expect(hemoglobin(8 * 0.6206)).toBe(2);
      expect(hemoglobin(4.97)).toBe(2);
    });

    it('gives the same grade to 80 g/L and 8.0 g/dL, and to 79.9 g/L and 7.99 g/dL', () => {
      const hemoglobin = (value: number): number | null => gradeLab({ version, analyte: 'HEMOGLOBIN', value, lowerLimitOfNormal: 12 });
      expect(hemoglobin(canonical('HEMOGLOBIN', 80, 'g/L'))).toBe(2);
      expect(hemoglobin(canonical('HEMOGLOBIN', 79.9, 'g/L'))).toBe(3);
    });

    it.each([
      [150, 0], [149.9, 1], [75, 1], [74.9, 2], [50, 2], [49.9, 3], [25, 3], [24.9, 4],
    ])('platelets %d x 10^9/L with LLN 150 is grade %d', (value, expected) => {
      expect(gradeLab({ version, analyte: 'PLATELETS', value, lowerLimitOfNormal: 150 })).toBe(expected);
    });

    it('grades platelets counted per mm3 once converted: 75,000/mm3 is 75 x 10^9/L, grade 1', () => {
      expect(gradeLab({ version, analyte: 'PLATELETS', value: canonical('PLATELETS', 75_000, '/mm3'), lowerLimitOfNormal: 150 })).toBe(1);
    });

    it.each([
      [4, 0], [3.99, 1], [3, 1], [2.99, 2], [2, 2], [1.99, 3], [1, 3], [0.99, 4],
    ])('leukocytes %d x 10^9/L with LLN 4 is grade %d', (value, expected) => {
      expect(gradeLab({ version, analyte: 'LEUKOCYTES', value, lowerLimitOfNormal: 4 })).toBe(expected);
    });

    it.each([
      [2, 0], [1.99, 1], [1.5, 1], [1.49, 2], [1, 2], [0.99, 3], [0.5, 3], [0.49, 4],
    ])('neutrophils %d x 10^9/L with LLN 2 is grade %d', (value, expected) => {
      expect(gradeLab({ version, analyte: 'NEUTROPHILS', value, lowerLimitOfNormal: 2 })).toBe(expected);
    });

    it.each([
      [3.5, 0], [3.49, 1], [3, 1], [2.99, 2], [2.9, 2], [2, 2], [1.99, 3], [1, 3],
    ])('albumin %d g/dL with LLN 3.5 is grade %d (lab-only maximum 3)', (value, expected) => {
      expect(gradeLab({ version, analyte: 'ALBUMIN', value, lowerLimitOfNormal: 3.5 })).toBe(expected);
    });

    it('without LLN grades only below the grade-2 cut-off, and is null above it', () => {
      expect(gradeLab({ version, analyte: 'HEMOGLOBIN', value: 11 })).toBeNull();
      expect(gradeLab({ version, analyte: 'HEMOGLOBIN', value: 15 })).toBeNull();
      expect(gradeLab({ version, analyte: 'HEMOGLOBIN', value: 9 })).toBe(2);
      expect(gradeLab({ version, analyte: 'PLATELETS', value: 200, lowerLimitOfNormal: null })).toBeNull();
      expect(gradeLab({ version, analyte: 'PLATELETS', value: 20 })).toBe(4);
      expect(gradeLab({ version, analyte: 'ALBUMIN', value: 2.5 })).toBe(2);
    });

    it('ignores the ULN and the baseline for a decreased term', () => {
      expect(gradeLab({ version, analyte: 'PLATELETS', value: 500, lowerLimitOfNormal: 150, upperLimitOfNormal: 400, baseline: { value: 100 } })).toBe(0);
    });
  });
});

describe('gradeLab: input', () => {
  it('is null for an analyte the version has no criterion for', () => {
    // Every catalogue analyte has one today (see criteria.test.ts); "more may follow" in the contract.
    expect(gradeLab({ version: 'V5_0', analyte: 'GGT' as AnalyteName, value: 100, upperLimitOfNormal: 40 })).toBeNull();
  });

  it.each([
    [{ value: Number.NaN }, 'value'],
    [{ value: -1 }, 'value'],
    [{ value: 50, upperLimitOfNormal: Number.POSITIVE_INFINITY }, 'upperLimitOfNormal'],
    [{ value: 50, upperLimitOfNormal: 40, baseline: { value: -3 } }, 'baseline.value'],
  ])('rejects %j, naming the field %s', (fields, field) => {
    expect(() => gradeLab({ version: 'V5_0', analyte: 'ALT', ...fields })).toThrow(ClinicalInputError);
    expect(() => gradeLab({ version: 'V5_0', analyte: 'ALT', ...fields })).toThrow(new RegExp(`^${field.replace('.', '\\.')}: `));
  });
});

describe('gradeAscites', () => {
  describe.each(VERSIONS)('%s', (version) => {
    it('is 0 when absent', () => {
      expect(gradeAscites({ version, present: false })).toBe(0);
    });

    it('is 1 when only imaging or an observation says it is present', () => {
      expect(gradeAscites({ version, present: true })).toBe(1);
      expect(gradeAscites({ version, present: true, symptoms: 'NONE', intervention: 'NONE' })).toBe(1);
    });

    it('is 2 when symptomatic or medically treated (diuretics)', () => {
      expect(gradeAscites({ version, present: true, symptoms: 'SYMPTOMATIC' })).toBe(2);
      expect(gradeAscites({ version, present: true, intervention: 'MEDICAL' })).toBe(2);
    });

    it('is 3 with severe symptoms or an invasive intervention (paracentesis)', () => {
      expect(gradeAscites({ version, present: true, intervention: 'INVASIVE' })).toBe(3);
      expect(gradeAscites({ version, present: true, symptoms: 'SEVERE', intervention: 'MEDICAL' })).toBe(3);
    });

    it('is 4 when life-threatening or urgent surgery is needed, 5 when fatal', () => {
      expect(gradeAscites({ version, present: true, symptoms: 'LIFE_THREATENING' })).toBe(4);
      expect(gradeAscites({ version, present: true, intervention: 'URGENT_OPERATIVE' })).toBe(4);
      expect(gradeAscites({ version, present: true, intervention: 'INVASIVE', fatal: true })).toBe(5);
    });
  });
});

describe('worstGrade', () => {
  it('takes the highest decided grade', () => {
    expect(worstGrade([1, null, 3, undefined, 0])).toBe(3);
    expect(worstGrade([0, 0])).toBe(0);
  });

  it('is null when no grade is decided', () => {
    expect(worstGrade([])).toBeNull();
    expect(worstGrade([null, undefined])).toBeNull();
  });

  it('accepts any iterable', () => {
    expect(worstGrade(new Set([2, 4]))).toBe(4);
  });
});
