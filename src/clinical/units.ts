/**
 * Conversion of a received lab value to its analyte's canonical unit (or between any two units
 * of the analyte), reading the table in unit-conversions.ts.
 *
 * A unit is matched per analyte, so "G/L" (giga per litre, a count) and "g/L" (grams per litre)
 * cannot be confused: case is ignored and the analyte decides which one is meant. Before
 * matching, spellings are normalised: blanks dropped, µ (micro sign) and μ (Greek mu) read as
 * u, × as x, a leading "x" before 10 dropped, 10*9 / 10e9 / 10⁹ read as 10^9, mm³ as mm3.
 */
import { ANALYTES, type AnalyteName } from './analytes.js';
import { UNIT_CONVERSIONS, type UnitConversion } from './unit-conversions.js';

export type ConversionResult =
  | { readonly value: number; readonly unit: string }
  | { readonly error: string };

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** The comparison key of a unit spelling (see the header for the rules). */
export function normalizeUnit(unit: string): string {
  return unit
    .replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (digits) => `^${[...digits].map((digit) => SUPERSCRIPT_DIGITS.indexOf(digit)).join('')}`)
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[µμ]/g, 'u')
    .replace(/×/g, 'x')
    .replace(/^x(?=10)/, '')
    .replace(/^10[*e^](\d+)/, '10^$1')
    .replace(/mm\^3/g, 'mm3');
}

const conversionsByAnalyte: ReadonlyMap<AnalyteName, ReadonlyMap<string, UnitConversion>> = new Map(
  Object.values(ANALYTES).map((analyte) => [
    analyte.name,
    new Map(
      UNIT_CONVERSIONS
        .filter((row) => row.analytes.includes(analyte.name))
        .flatMap((row) => [row.unit, ...row.aliases].map((spelling) => [normalizeUnit(spelling), row] as const)),
    ),
  ]),
);

/**
 * Lookups by spelling as received, remembered: grading converts on every call and an import sees
 * the same few spellings millions of times, so the regular expressions of normalizeUnit run once
 * per spelling. Bounded, since spellings come from outside.
 */
const MAX_REMEMBERED_SPELLINGS = 10_000;
const lookups = new Map<string, UnitConversion | undefined>();

function findConversion(analyte: AnalyteName, unit: string): UnitConversion | undefined {
  const key = `${analyte}\u0000${unit}`;
  if (lookups.has(key)) return lookups.get(key);
  const conversion = conversionsByAnalyte.get(analyte)?.get(normalizeUnit(unit));
  if (lookups.size >= MAX_REMEMBERED_SPELLINGS) lookups.clear();
  lookups.set(key, conversion);
  return conversion;
}

/** The units an analyte may arrive in, each with its aliases, e.g. `"U/L" (also "IU/L")`. */
export function acceptedUnits(analyte: AnalyteName): string[] {
  return UNIT_CONVERSIONS
    .filter((row) => row.analytes.includes(analyte))
    .map((row) => {
      const aliases = row.aliases.map((alias) => (alias === '' ? 'empty' : `"${alias}"`));
      const shown = `"${row.unit}"`;
      return aliases.length === 0 ? shown : `${shown} (also ${aliases.join(', ')})`;
    });
}

function unknownUnit(analyte: AnalyteName, unit: string): { error: string } {
  return { error: `unknown unit "${unit}" for ${analyte}; accepted units: ${acceptedUnits(analyte).join(', ')}` };
}

/** `value` in `fromUnit` expressed in `toUnit`, both units of `analyte`. */
export function convertUnit(analyte: AnalyteName, value: number, fromUnit: string, toUnit: string): ConversionResult {
  if (!Number.isFinite(value)) return { error: `value of ${analyte} must be a finite number, got ${value}` };
  const from = findConversion(analyte, fromUnit);
  if (!from) return unknownUnit(analyte, fromUnit);
  const to = findConversion(analyte, toUnit);
  if (!to) return unknownUnit(analyte, toUnit);
  if (from === to) return { value, unit: to.unit }; // aliases of one unit: no arithmetic, no rounding
  const canonicalValue = (value * from.equivalence.canonical) / from.equivalence.inUnit;
  return { value: (canonicalValue * to.equivalence.inUnit) / to.equivalence.canonical, unit: to.unit };
}

/** `value` in `unit` expressed in the analyte's canonical unit; an unknown unit is an error listing the accepted ones. */
export function toCanonical(analyte: AnalyteName, value: number, unit: string): ConversionResult {
  return convertUnit(analyte, value, unit, ANALYTES[analyte].canonicalUnit);
}
