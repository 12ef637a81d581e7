import { describe, expect, it } from 'vitest';
import {
  ANALYTE_NAMES, ANALYTES, UNIT_CONVERSIONS, convertUnit, normalizeUnit, toCanonical, type AnalyteName,
} from '../../src/clinical/index.js';

/** Conversions multiply and divide by factors such as 17.1: compare to 12 significant digits. */
const CONVERSION_DIGITS = 12;

function canonicalValue(analyte: AnalyteName, value: number, unit: string): number {
  const result = toCanonical(analyte, value, unit);
  if ('error' in result) throw new Error(result.error);
  expect(result.unit).toBe(ANALYTES[analyte].canonicalUnit);
  return result.value;
}

describe('toCanonical', () => {
  it.each([
    ['ALBUMIN', 3.5, 'g/dL', 3.5],
    ['ALBUMIN', 35, 'g/L', 3.5],
    ['ALBUMIN', 3.5, 'gm/dL', 3.5],
    ['BILIRUBIN', 0.7, 'mg/dL', 0.7],
    ['BILIRUBIN', 17.1, 'umol/L', 1],
    ['BILIRUBIN', 17.1, '\u00b5mol/L', 1], // micro sign
    ['BILIRUBIN', 17.1, '\u03bcmol/L', 1], // Greek small mu
    ['BILIRUBIN', 20.52, 'µmol/l', 1.2],
    ['HEMOGLOBIN', 12.4, 'g/dL', 12.4],
    ['HEMOGLOBIN', 124, 'g/L', 12.4],
    ['HEMOGLOBIN', 0.6206, 'mmol/L', 1],
    ['HEMOGLOBIN', 6.2, 'mmol/L', 6.2 / 0.6206],
    ['PLATELETS', 238, '10^9/L', 238],
    ['PLATELETS', 238, '10*9/L', 238],
    ['PLATELETS', 238, 'x10^9/L', 238],
    ['PLATELETS', 238, '×10⁹/L', 238],
    ['PLATELETS', 238, '10e9/L', 238],
    ['PLATELETS', 238, 'G/L', 238],
    ['PLATELETS', 238, '10^3/uL', 238],
    ['PLATELETS', 238, 'K/uL', 238],
    ['PLATELETS', 238000, '/mm3', 238],
    ['PLATELETS', 238000, '/mm³', 238],
    ['PLATELETS', 238000, '/uL', 238],
    ['PLATELETS', 238000, 'cells/µL', 238],
    ['LEUKOCYTES', 6800, '/mm3', 6.8],
    ['LEUKOCYTES', 6.8, 'K/µL', 6.8],
    ['NEUTROPHILS', 1500, '/µL', 1.5],
    ['NEUTROPHILS', 1.5, '10^9/L', 1.5],
    ['ALP', 143, 'U/L', 143],
    ['ALP', 143, 'IU/L', 143],
    ['AST', 0.5, 'ukat/L', 30],
    ['ALT', 1, 'µkat/L', 60],
    ['CREATININE', 0.9, 'mg/dL', 0.9],
    ['CREATININE', 88.4, 'umol/L', 1],
    ['CREATININE', 106.08, 'μmol/L', 1.2],
    ['INR', 1.1, '1', 1.1],
    ['INR', 1.1, '', 1.1],
    ['INR', 1.1, 'INR', 1.1],
  ] as const)('%s: %d %j is %d in the canonical unit', (analyte, value, unit, expected) => {
    expect(canonicalValue(analyte, value, unit)).toBeCloseTo(expected, CONVERSION_DIGITS);
  });

  it.each([
    ['ALBUMIN', 'G/DL'],
    ['ALBUMIN', ' g / dl '],
    ['ALP', 'iu/l'],
    ['BILIRUBIN', 'UMOL/L'],
    ['PLATELETS', 'X10^9/l'],
    ['PLATELETS', '10 ^ 9 / L'],
  ] as const)('%s: ignores case and blanks in %j', (analyte, unit) => {
    expect('error' in toCanonical(analyte, 1, unit)).toBe(false);
  });

  it('reads "G/L" per analyte: giga per litre for a count, grams per litre for albumin', () => {
    expect(canonicalValue('PLATELETS', 150, 'G/L')).toBe(150);
    expect(canonicalValue('ALBUMIN', 35, 'G/L')).toBe(3.5);
  });

  it('rejects an unknown unit with a message naming the analyte, the unit and every accepted unit', () => {
    const result = toCanonical('ALBUMIN', 3.5, 'mmol/L');
    expect(result).toEqual({ error: 'unknown unit "mmol/L" for ALBUMIN; accepted units: "g/dL" (also "gm/dL"), "g/L"' });
  });

  it.each([
    ['HEMOGLOBIN', '/mm3'],
    ['PLATELETS', 'g/dL'],
    ['ALT', 'mg/dL'],
    ['CREATININE', 'mmol/L'],
    ['INR', 's'],
    ['LEUKOCYTES', '%'],
  ] as const)('%s: %j is an unknown unit and the error lists what is accepted', (analyte, unit) => {
    const result = toCanonical(analyte, 1, unit);
    expect('error' in result && result.error).toContain(`unknown unit "${unit}" for ${analyte}; accepted units: "${ANALYTES[analyte].canonicalUnit}"`);
  });

  it('rejects a value that is not a finite number', () => {
    expect(toCanonical('ALT', Number.NaN, 'U/L')).toEqual({ error: 'value of ALT must be a finite number, got NaN' });
    expect('error' in toCanonical('ALT', Number.POSITIVE_INFINITY, 'U/L')).toBe(true);
  });
});

describe('convertUnit', () => {
  it('converts from the canonical unit as well as to it', () => {
    expect(convertUnit('HEMOGLOBIN', 8, 'g/dL', 'g/L')).toEqual({ value: 80, unit: 'g/L' });
    expect(convertUnit('HEMOGLOBIN', 8, 'g/dL', 'mmol/L')).toEqual({ value: 8 * 0.6206, unit: 'mmol/L' });
    expect(convertUnit('BILIRUBIN', 17.1, 'µmol/L', 'mg/dL')).toEqual({ value: 1, unit: 'mg/dL' });
  });

  it('leaves the value untouched between spellings of one unit', () => {
    expect(convertUnit('BILIRUBIN', 23.3, 'umol/L', 'μmol/L')).toEqual({ value: 23.3, unit: 'µmol/L' });
  });
});

describe('normalizeUnit', () => {
  it.each([
    ['×10⁹/L', '10^9/l'],
    ['x10^9/L', '10^9/l'],
    ['10*9/L', '10^9/l'],
    ['10E9 /L', '10^9/l'],
    ['µmol/L', 'umol/l'],
    ['μmol/L', 'umol/l'],
    ['/mm³', '/mm3'],
    ['cells / mm^3', 'cells/mm3'],
  ])('reads %j as %j', (spelling, normalized) => {
    expect(normalizeUnit(spelling)).toBe(normalized);
  });
});

describe('unit conversion table', () => {
  it('has a 1:1 row spelled exactly as each analyte\'s canonical unit', () => {
    for (const name of ANALYTE_NAMES) {
      const row = UNIT_CONVERSIONS.find((candidate) => candidate.analytes.includes(name) && candidate.unit === ANALYTES[name].canonicalUnit);
      expect(row?.equivalence).toEqual({ canonical: 1, inUnit: 1 });
    }
  });

  it('never lets two rows of one analyte claim the same spelling', () => {
    for (const name of ANALYTE_NAMES) {
      const spellings = UNIT_CONVERSIONS
        .filter((row) => row.analytes.includes(name))
        .flatMap((row) => [row.unit, ...row.aliases].map(normalizeUnit));
      expect(new Set(spellings).size).toBe(spellings.length);
    }
  });

  it('cites a source on every row and uses positive factors', () => {
    for (const row of UNIT_CONVERSIONS) {
      expect(row.source.length).toBeGreaterThan(10);
      expect(row.equivalence.canonical).toBeGreaterThan(0);
      expect(row.equivalence.inUnit).toBeGreaterThan(0);
    }
  });
});
