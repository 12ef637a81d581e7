import { describe, expect, it } from 'vitest';
import { ANALYTE_NAMES, ANALYTES, gradeLab, pickValuePerWindow, resolveReferenceRange, type AnalyteName, type CtcaeVersion } from '../../../src/clinical/index.js';
import { UNDECIDED_GRADE } from '../../../src/clinical/ctcae/grade-columns.js';
import { fallbackRangeResolver, gradeLabSeries } from '../../../src/clinical/ctcae/grade-lab-series.js';

interface Lab { patient: number; analyte: AnalyteName; day: number; value: number; lowerLimitOfNormal: number | null; upperLimitOfNormal: number | null }

/** Series of several patients and analytes, days before and after the index date, some limits missing. */
function registry(): Lab[] {
  let state = 7;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const labs: Lab[] = [];
  for (let patient = 1; patient <= 60; patient++) {
    for (const analyte of ANALYTE_NAMES) {
      const { upperLimitOfNormal: uln, lowerLimitOfNormal: lln } = ANALYTES[analyte].defaultReferenceRange;
      let day = -40 + Math.floor(next() * 30);
      for (let k = 0; k < 1 + Math.floor(next() * 6); k++) {
        labs.push({
          patient, analyte, day, value: Number((next() * 4 * uln).toPrecision(4)),
          lowerLimitOfNormal: next() < 0.3 ? null : lln, upperLimitOfNormal: next() < 0.3 ? null : Number((uln * (0.8 + next() * 0.4)).toPrecision(3)),
        });
        day += 1 + Math.floor(next() * 60);
      }
    }
  }
  return labs;
}

/** The rule per lab, spelled out with the per-row functions: the series' baseline for labs after the index date. */
function expectedGrade(version: CtcaeVersion, lab: Lab, series: readonly Lab[], siteRange: { lowerLimitOfNormal: number | null; upperLimitOfNormal: number | null }): number {
  const resolved = (l: Lab) => resolveReferenceRange(l.analyte, { result: l, site: siteRange, sex: 'FEMALE' });
  const baseline = pickValuePerWindow(series.map((l) => ({ ...l, dayFromIndex: l.day })), 'BASELINE');
  const range = resolved(lab);
  return gradeLab({
    version, analyte: lab.analyte, value: lab.value, lowerLimitOfNormal: range.lowerLimitOfNormal, upperLimitOfNormal: range.upperLimitOfNormal,
    baseline: lab.day > 0 && baseline !== null ? { value: baseline.value, upperLimitOfNormal: resolved(baseline).upperLimitOfNormal } : null,
  }) ?? UNDECIDED_GRADE;
}

describe('gradeLabSeries: the grades of gradeLab with each series\' baseline', () => {
  it('for every lab of many patients and analytes, in both versions', () => {
    const labs = registry();
    const siteRange = { lowerLimitOfNormal: null, upperLimitOfNormal: null };
    const fallbackOf = fallbackRangeResolver(() => siteRange);
    const fallback = (lab: Lab) => fallbackOf(1, lab.analyte, 'FEMALE');
    const grades = gradeLabSeries({
      count: labs.length,
      patientOf: (row) => labs[row]!.patient,
      analyteOf: (row) => labs[row]!.analyte,
      valueOf: (row) => labs[row]!.value,
      lowerLimitOf: (row) => labs[row]!.lowerLimitOfNormal ?? fallback(labs[row]!).lowerLimitOfNormal,
      upperLimitOf: (row) => labs[row]!.upperLimitOfNormal ?? fallback(labs[row]!).upperLimitOfNormal,
      dayFromIndexOf: (row) => labs[row]!.day,
    });
    for (const version of ['V5_0', 'V4_03'] as const) {
      const expected = labs.map((lab) => expectedGrade(version, lab, labs.filter((l) => l.patient === lab.patient && l.analyte === lab.analyte), siteRange));
      expect([...grades[version]]).toEqual(expected);
    }
    // Abnormal baselines change v5.0 grades of liver tests: the two versions differ somewhere.
    expect([...grades.V5_0]).not.toEqual([...grades.V4_03]);
  });

  it('takes a site\'s range before the default, and the sex-specific default otherwise', () => {
    const site = { lowerLimitOfNormal: 1, upperLimitOfNormal: 2 };
    const resolve = fallbackRangeResolver((siteId, analyte) => (siteId === 1 && analyte === 'ALT' ? site : null));
    expect(resolve(1, 'ALT', 'MALE')).toEqual({ lowerLimitOfNormal: 1, upperLimitOfNormal: 2 });
    const defaults = resolveReferenceRange('HEMOGLOBIN', { sex: 'MALE' });
    expect(resolve(2, 'HEMOGLOBIN', 'MALE')).toEqual({ lowerLimitOfNormal: defaults.lowerLimitOfNormal, upperLimitOfNormal: defaults.upperLimitOfNormal });
  });
});
