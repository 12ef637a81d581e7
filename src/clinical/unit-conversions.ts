/**
 * Unit conversion table: every unit a lab value may arrive in, per analyte, and how it relates
 * to the analyte's canonical unit (analytes.ts). Data only; units.ts reads it.
 *
 * Each row states its equivalence the way its source does ("1 mg/dL = 17.1 µmol/L" is
 * { canonical: 1, inUnit: 17.1 }), so the number in the table is the number in the source.
 * Aliases are other spellings of the same unit (equal by definition, e.g. IU/L and U/L);
 * typographic variants (case, blanks, µ/μ/u, ×/x, 10*9 / 10e9 / 10⁹, mm³) are normalised in
 * units.ts and need no alias.
 */
import type { AnalyteName } from './analytes.js';

export interface UnitConversion {
  readonly analytes: readonly AnalyteName[];
  /** The spelling used in results and messages. */
  readonly unit: string;
  readonly aliases: readonly string[];
  /** `canonical` of the analyte's canonical unit equal `inUnit` of this unit. */
  readonly equivalence: { readonly canonical: number; readonly inUnit: number };
  readonly source: string;
}

const SAME_UNIT = { canonical: 1, inUnit: 1 } as const;
const CANONICAL = 'canonical unit of the analyte (api-contract.md, "canonical units")';

export const UNIT_CONVERSIONS: readonly UnitConversion[] = [
  {
    analytes: ['ALBUMIN', 'HEMOGLOBIN'],
    unit: 'g/dL',
    aliases: ['gm/dL'],
    equivalence: SAME_UNIT,
    source: `${CANONICAL}; "gm/dL" is the spelling of CTCAE v4.03 (Hemoglobin increased)`,
  },
  {
    analytes: ['ALBUMIN', 'HEMOGLOBIN'],
    unit: 'g/L',
    aliases: [],
    equivalence: { canonical: 1, inUnit: 10 },
    source: '1 dL = 0.1 L (SI prefix deci-); CTCAE v5.0 prints both, e.g. Hypoalbuminemia "<3 g/dL; <30 g/L", Anemia "<10.0 g/dL; <100 g/L"',
  },
  {
    analytes: ['HEMOGLOBIN'],
    unit: 'mmol/L',
    aliases: [],
    equivalence: { canonical: 1, inUnit: 0.6206 },
    source: 'hemoglobin monomer, 16 114 g/mol: 10 g/L ÷ 16 114 g/mol = 0.6206 mmol/L per g/dL (specs/statistics.md §6.5); CTCAE v5.0 Anemia prints 10.0 g/dL as 6.2 mmol/L',
  },
  {
    analytes: ['BILIRUBIN', 'CREATININE'],
    unit: 'mg/dL',
    aliases: [],
    equivalence: SAME_UNIT,
    source: CANONICAL,
  },
  {
    analytes: ['BILIRUBIN'],
    unit: 'µmol/L',
    aliases: [],
    equivalence: { canonical: 1, inUnit: 17.1 },
    source: 'bilirubin, 584.66 g/mol: 10 mg/L ÷ 584.66 g/mol = 17.1 µmol/L per mg/dL (specs/statistics.md §6.5)',
  },
  {
    analytes: ['CREATININE'],
    unit: 'µmol/L',
    aliases: [],
    equivalence: { canonical: 1, inUnit: 88.4 },
    source: 'creatinine, 113.12 g/mol: 10 mg/L ÷ 113.12 g/mol = 88.4 µmol/L per mg/dL (specs/statistics.md §6.5)',
  },
  {
    analytes: ['ALP', 'AST', 'ALT'],
    unit: 'U/L',
    aliases: ['IU/L'],
    equivalence: SAME_UNIT,
    source: `${CANONICAL}; the international unit (IU) and the enzyme unit (U) are both 1 µmol of substrate per minute (IUB Enzyme Commission, 1961)`,
  },
  {
    analytes: ['ALP', 'AST', 'ALT'],
    unit: 'µkat/L',
    aliases: [],
    equivalence: { canonical: 60, inUnit: 1 },
    source: '1 kat = 1 mol/s (SI, adopted by the 21st CGPM, 1999) and 1 U = 1 µmol/min, so 1 µkat/L = 60 U/L (specs/statistics.md §6.5)',
  },
  {
    analytes: ['PLATELETS', 'LEUKOCYTES', 'NEUTROPHILS'],
    unit: '10^9/L',
    aliases: ['G/L', '10^3/µL', '10^3/mm3', 'K/µL'],
    equivalence: SAME_UNIT,
    source: `${CANONICAL}; G (giga) = 10^9, and 1 µL = 1 mm³ = 10^-6 L, so 10^3/µL = 10^9/L (specs/statistics.md §6.5: 75,000/mm³ = 75 × 10^9/L = 75 × 10^3/µL)`,
  },
  {
    analytes: ['PLATELETS', 'LEUKOCYTES', 'NEUTROPHILS'],
    unit: '/mm3',
    aliases: ['/µL', 'cells/mm3', 'cells/µL'],
    equivalence: { canonical: 1, inUnit: 1000 },
    source: '1 mm³ = 1 µL = 10^-6 L, so 1000/mm³ = 10^9/L; CTCAE v5.0 prints both, e.g. Platelet count decreased "<75,000/mm3; <75.0 x 10e9 /L"',
  },
  {
    analytes: ['INR'],
    unit: '1',
    aliases: ['', 'INR', '{INR}', 'ratio'],
    equivalence: SAME_UNIT,
    source: `${CANONICAL}; the INR is a ratio (UCUM unit "1", annotation {INR})`,
  },
];
