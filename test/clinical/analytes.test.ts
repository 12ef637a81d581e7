import { describe, expect, it } from 'vitest';
import { ANALYTE_NAMES, ANALYTES, resolveAnalyte, type AnalyteName } from '../../src/clinical/index.js';

describe('resolveAnalyte', () => {
  it.each([
    ['ALBUMIN', 'ALBUMIN'],
    ['albumin', 'ALBUMIN'],
    ['  Hemoglobin ', 'HEMOGLOBIN'],
    ['alt', 'ALT'],
    ['Inr', 'INR'],
  ] as const)('resolves the name %j case-insensitively to %s', (input, expected) => {
    expect(resolveAnalyte(input)?.name).toBe(expected);
  });

  // The primary codes named in the assignment: LOINC long common names in analytes.ts.
  it.each([
    ['1751-7', 'ALBUMIN'],
    ['6768-6', 'ALP'],
    ['1920-8', 'AST'],
    ['1742-6', 'ALT'],
    ['1975-2', 'BILIRUBIN'],
    ['718-7', 'HEMOGLOBIN'],
    ['777-3', 'PLATELETS'],
    ['6690-2', 'LEUKOCYTES'],
    ['751-8', 'NEUTROPHILS'],
    ['2160-0', 'CREATININE'],
    ['6301-6', 'INR'],
  ] as const)('resolves the primary LOINC code %s to %s', (code, expected) => {
    expect(resolveAnalyte(code)?.name).toBe(expected);
    expect(ANALYTES[expected].loinc[0]?.code).toBe(code);
  });

  it.each([
    ['14631-6', 'BILIRUBIN'],
    ['59260-0', 'HEMOGLOBIN'],
    ['14682-9', 'CREATININE'],
    ['34714-6', 'INR'],
    [' 26499-4 ', 'NEUTROPHILS'],
  ] as const)('resolves the alternative LOINC code %j (molar units, other methods) to %s', (code, expected) => {
    expect(resolveAnalyte(code)?.name).toBe(expected);
  });

  it.each(['GGT', 'haemoglobin', '2324-2', '1751', ''])('returns null for %j', (input) => {
    expect(resolveAnalyte(input)).toBeNull();
  });
});

describe('analyte catalogue', () => {
  it('holds exactly the named analytes, each under its own name', () => {
    expect(Object.keys(ANALYTES).sort()).toEqual([...ANALYTE_NAMES].sort());
    for (const name of ANALYTE_NAMES) expect(ANALYTES[name].name).toBe(name);
  });

  it('uses the canonical units of the API contract', () => {
    const contract: Record<AnalyteName, string> = {
      ALBUMIN: 'g/dL', ALP: 'U/L', AST: 'U/L', ALT: 'U/L', BILIRUBIN: 'mg/dL', HEMOGLOBIN: 'g/dL',
      PLATELETS: '10^9/L', LEUKOCYTES: '10^9/L', NEUTROPHILS: '10^9/L', CREATININE: 'mg/dL', INR: '1',
    };
    for (const name of ANALYTE_NAMES) expect(ANALYTES[name].canonicalUnit).toBe(contract[name]);
  });

  it('never gives one LOINC code to two analytes', () => {
    const codes = ANALYTE_NAMES.flatMap((name) => ANALYTES[name].loinc.map(({ code }) => code));
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^\d{1,6}-\d$/);
  });

  it('gives every analyte a cited default range with LLN < ULN', () => {
    for (const name of ANALYTE_NAMES) {
      const range = ANALYTES[name].defaultReferenceRange;
      expect(range.lowerLimitOfNormal).toBeLessThan(range.upperLimitOfNormal);
      expect(range.source.length).toBeGreaterThan(20);
    }
  });

  it('makes the sex-neutral default the union of the sex-specific ones', () => {
    for (const name of ANALYTE_NAMES) {
      const { female, male, lowerLimitOfNormal, upperLimitOfNormal } = ANALYTES[name].defaultReferenceRange;
      if (!female || !male) continue;
      expect(lowerLimitOfNormal).toBe(Math.min(female.lowerLimitOfNormal, male.lowerLimitOfNormal));
      expect(upperLimitOfNormal).toBe(Math.max(female.upperLimitOfNormal, male.upperLimitOfNormal));
    }
  });
});
