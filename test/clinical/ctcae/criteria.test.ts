import { describe, expect, it } from 'vitest';
import {
  ANALYTE_NAMES, ANALYTES, CTCAE_V4_03, CTCAE_V5_0, convertUnit, labCriterion,
  type CtcaeCriteria, type LabCriterion, type ThresholdReference,
} from '../../../src/clinical/index.js';

const TABLES: readonly CtcaeCriteria[] = [CTCAE_V5_0, CTCAE_V4_03];
const LIVER_TERMS = ['ALT', 'AST', 'ALP', 'BILIRUBIN'] as const;
const DECREASED_TERMS = ['HEMOGLOBIN', 'PLATELETS', 'LEUKOCYTES', 'NEUTROPHILS', 'ALBUMIN'] as const;

function thresholdsOf(criterion: LabCriterion): LabCriterion['thresholds'][] {
  return criterion.thresholdsIfBaselineAbnormal ? [criterion.thresholds, criterion.thresholdsIfBaselineAbnormal] : [criterion.thresholds];
}

describe.each(TABLES)('CTCAE table $version', (table) => {
  it('has exactly one criterion for every catalogue analyte', () => {
    for (const name of ANALYTE_NAMES) {
      expect(table.labs.filter((criterion) => criterion.analyte === name)).toHaveLength(1);
      expect(labCriterion(table.version, name)?.analyte).toBe(name);
    }
  });

  it('cites the version\'s document and the term on every row', () => {
    for (const criterion of table.labs) expect(criterion.source).toContain(`${table.document}, ${criterion.systemOrganClass}: ${criterion.term}`);
    expect(table.ascites.source).toContain(`${table.document}, Gastrointestinal disorders: Ascites`);
  });

  it('grades in a unit the analyte can be converted to', () => {
    for (const criterion of table.labs) {
      expect(convertUnit(criterion.analyte, 1, ANALYTES[criterion.analyte].canonicalUnit, criterion.unit)).not.toHaveProperty('error');
    }
  });

  it('has thresholds that grow stricter with the grade, per reference', () => {
    for (const criterion of table.labs) {
      for (const thresholds of thresholdsOf(criterion)) {
        const byReference = new Map<ThresholdReference, number[]>();
        for (const threshold of [...thresholds].sort((a, b) => a.grade - b.grade)) {
          byReference.set(threshold.reference, [...(byReference.get(threshold.reference) ?? []), threshold.times]);
        }
        for (const times of byReference.values()) {
          const stricter = times.slice(1).every((next, index) => {
            const previous = times[index] ?? Number.NaN;
            return criterion.direction === 'INCREASED' ? next > previous : next < previous;
          });
          expect(stricter, `${criterion.term}: ${times.join(', ')}`).toBe(true);
        }
      }
    }
  });

  it('has a grade text for every grade a threshold reaches', () => {
    for (const criterion of table.labs) {
      for (const threshold of thresholdsOf(criterion).flat()) expect(criterion.gradeTexts[threshold.grade]).not.toBe('-');
    }
  });

  it('leaves grade 4 of anemia and hypoalbuminemia to clinical judgement (lab-only maximum 3)', () => {
    for (const analyte of ['HEMOGLOBIN', 'ALBUMIN'] as const) {
      const criterion = labCriterion(table.version, analyte);
      expect(Math.max(...(criterion?.thresholds ?? []).map((threshold) => threshold.grade))).toBe(3);
      expect(criterion?.gradeTexts[4]).toBe('Life-threatening consequences; urgent intervention indicated');
    }
  });

  it('grades ascites from symptoms and intervention on the grade texts\' scale', () => {
    expect(Object.values(table.ascites.gradeBySymptoms)).toEqual([1, 2, 3, 4]);
    expect(Object.values(table.ascites.gradeByIntervention)).toEqual([1, 2, 3, 4]);
    expect(table.ascites.gradeTexts[5]).toBe('Death');
  });
});

describe('v5.0 against v4.03', () => {
  it('makes only the v5.0 liver terms depend on an abnormal baseline', () => {
    for (const analyte of LIVER_TERMS) {
      expect(labCriterion('V5_0', analyte)?.thresholdsIfBaselineAbnormal).toBeDefined();
      expect(labCriterion('V4_03', analyte)?.thresholdsIfBaselineAbnormal).toBeUndefined();
      expect(labCriterion('V4_03', analyte)?.thresholds).toEqual(labCriterion('V5_0', analyte)?.thresholds);
    }
  });

  it('has identical decreased-direction criteria (spec §6.3)', () => {
    for (const analyte of DECREASED_TERMS) {
      const { source: _v5Source, ...v5 } = labCriterion('V5_0', analyte) ?? {};
      const { source: _v4Source, ...v4 } = labCriterion('V4_03', analyte) ?? {};
      expect(v4).toEqual(v5);
    }
  });
});
