/**
 * Golden reference cases (format: test/golden/README.md) and the comparator that checks an
 * engine result against a case's `expected`, field by field.
 *
 * Rules:
 *  - every field of `expected` must be present in the result (recursively); extra result fields are fine;
 *  - numbers agree within RELATIVE_TOLERANCE, or ABSOLUTE_TOLERANCE near zero, unless the path has its
 *    own tolerance (toleranceFor);
 *  - null in `expected` (R's NA, NaN or Inf) requires null or a non-finite number in the result;
 *  - arrays (plain or typed) must have equal lengths; R's JSON writer (jsonlite, auto_unbox = TRUE)
 *    writes a vector of length one as a bare value, so a bare expected value also matches a result
 *    array of length one;
 *  - strings and booleans must be equal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** R prints these cases with 15 significant digits; 1e-6 leaves room for summation order and libm. */
export const RELATIVE_TOLERANCE = 1e-6;
/** Near zero a relative bound is meaningless (e.g. a p-value of 1e-300 or an exact 0): 1e-9 absolute. */
export const ABSOLUTE_TOLERANCE = 1e-9;
/** make_reference.R stores R's Wald chi-square as printed by summary.coxph, rounded to 2 decimals. */
export const WALD_CHISQ_ABSOLUTE_TOLERANCE = 1e-2;
/** R's fisher.test finds the odds-ratio confidence limits with uniroot, which stops at about 1e-5 relative. */
export const FISHER_CONF_INT_RELATIVE_TOLERANCE = 1e-5;

export interface ReferenceCase {
  name: string;
  procedure: string;
  description?: string;
  source?: string;
  input: unknown;
  options: unknown;
  expected: unknown;
}

export interface Tolerance {
  relative: number;
  absolute: number;
}

export interface Mismatch {
  /** Where, e.g. "curves[1].lower[12]". */
  path: string;
  message: string;
}

export const DEFAULT_TOLERANCE: Tolerance = { relative: RELATIVE_TOLERANCE, absolute: ABSOLUTE_TOLERANCE };

/** The project root: two levels above this file (test/reference/). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The folder of cases: env REFERENCE_CASES (relative to the project root), else test/golden/cases. */
export function referenceCasesDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  const configured = environment.REFERENCE_CASES;
  return configured === undefined || configured === ''
    ? resolve(PROJECT_ROOT, 'test', 'golden', 'cases')
    : resolve(PROJECT_ROOT, configured);
}

/** Every *.json case of a folder, in file-name order. */
export function loadReferenceCases(directory: string): ReferenceCase[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')) as ReferenceCase);
}

/** The tolerance for a number at `path` of a `procedure`'s result. */
export function toleranceFor(procedure: string, path: string): Tolerance {
  if (procedure === 'coxRegression' && path === 'wald.chisq') {
    return { relative: 0, absolute: WALD_CHISQ_ABSOLUTE_TOLERANCE };
  }
  if (procedure === 'fisherExact' && path.startsWith('confInt')) {
    return { relative: FISHER_CONF_INT_RELATIVE_TOLERANCE, absolute: ABSOLUTE_TOLERANCE };
  }
  return DEFAULT_TOLERANCE;
}

/** Every place where `actual` departs from `expected`; empty when they agree. */
export function compareToExpected(
  expected: unknown,
  actual: unknown,
  tolerance: (path: string) => Tolerance = () => DEFAULT_TOLERANCE,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  compareValue(expected, actual, '', tolerance, mismatches);
  return mismatches;
}

function compareValue(
  expected: unknown,
  actual: unknown,
  path: string,
  tolerance: (path: string) => Tolerance,
  out: Mismatch[],
): void {
  const where = path === '' ? '(root)' : path;
  if (actual === undefined) {
    out.push({ path: where, message: 'missing from the result' });
    return;
  }
  if (Array.isArray(expected)) {
    if (!isArrayLike(actual)) {
      out.push({ path: where, message: `expected an array of ${expected.length}, got ${describe(actual)}` });
      return;
    }
    if (actual.length !== expected.length) {
      out.push({ path: where, message: `expected ${expected.length} elements, got ${actual.length}` });
      return;
    }
    expected.forEach((value, i) => compareValue(value, actual[i], `${path}[${i}]`, tolerance, out));
    return;
  }
  if (isArrayLike(actual) && (expected === null || typeof expected !== 'object')) {
    if (actual.length !== 1) {
      out.push({ path: where, message: `expected a single value, got ${actual.length} elements` });
      return;
    }
    compareValue(expected, actual[0], path, tolerance, out);
    return;
  }
  if (expected === null) {
    if (!(actual === null || (typeof actual === 'number' && !Number.isFinite(actual)))) {
      out.push({ path: where, message: `expected null (R's NA), got ${describe(actual)}` });
    }
    return;
  }
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || !Number.isFinite(actual)) {
      out.push({ path: where, message: `expected ${expected}, got ${describe(actual)}` });
      return;
    }
    const { relative, absolute } = tolerance(path);
    const difference = Math.abs(actual - expected);
    if (!(difference <= absolute || difference <= relative * Math.abs(expected))) {
      const relativeError = expected === 0 ? Infinity : difference / Math.abs(expected);
      out.push({
        path: where,
        message: `expected ${expected}, got ${actual} (relative error ${relativeError.toExponential(2)})`,
      });
    }
    return;
  }
  if (typeof expected === 'string' || typeof expected === 'boolean') {
    if (actual !== expected) out.push({ path: where, message: `expected ${JSON.stringify(expected)}, got ${describe(actual)}` });
    return;
  }
  if (typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || isArrayLike(actual)) {
      out.push({ path: where, message: `expected an object, got ${describe(actual)}` });
      return;
    }
    for (const [key, value] of Object.entries(expected)) {
      compareValue(value, (actual as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, tolerance, out);
    }
    return;
  }
  out.push({ path: where, message: `cannot compare an expected ${typeof expected}` });
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (isArrayLike(value)) return `an array of ${value.length}`;
  return typeof value;
}
