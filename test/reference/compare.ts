/**
 * Golden reference cases (format: test/golden/README.md) and the comparator that checks an
 * engine result against a case's `expected`, field by field.
 *
 * Rules:
 *  - every field of `expected` must be present in the result (recursively); extra result fields are fine;
 *  - numbers agree within the tolerance of their path (toleranceFor): p-values relatively at any size,
 *    everything else relatively or, near zero, absolutely; an expected value of exactly 0 is always
 *    compared absolutely (ABSOLUTE_TOLERANCE), since no relative bound can hold there;
 *  - null in `expected` (R's NA, NaN or Inf) requires null or a non-finite number in the result;
 *  - arrays (plain or typed) must have equal lengths; R's JSON writer (jsonlite, auto_unbox = TRUE)
 *    writes a vector of length one as a bare value, so a bare value and an array of one compare
 *    equal, whichever side holds which;
 *  - strings and booleans must be equal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** R prints these cases with 15 significant digits; 1e-6 leaves room for summation order and libm. */
export const RELATIVE_TOLERANCE = 1e-6;
/**
 * Near zero a relative bound is meaningless (round-off of 1e-17 where the exact value is 0, an
 * expected 0): 1e-9 absolute. Never applied to a non-zero p-value (see isPValuePath).
 */
export const ABSOLUTE_TOLERANCE = 1e-9;
/** make_reference.R stores R's Wald chi-square as printed by summary.coxph, rounded to 2 decimals. */
export const WALD_CHISQ_ABSOLUTE_TOLERANCE = 1e-2;
/** R's fisher.test finds the odds-ratio confidence limits with uniroot, which stops at about 1e-5 relative. */
export const FISHER_CONF_INT_RELATIVE_TOLERANCE = 1e-5;
/** cmprsk's crr stops at its gtol rule: full convergence moves coefficients by up to ~5e-6 relative. */
export const FINE_GRAY_RELATIVE_TOLERANCE = 1e-5;

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

/**
 * p-values are compared relatively at any size: with the absolute floor a p of 3.6e-36 given as
 * 3.6e-33 would pass, and a tiny p is exactly what a reader quotes. (An expected 0 still gets the
 * absolute floor: see the header.)
 */
export const P_VALUE_TOLERANCE: Tolerance = { relative: RELATIVE_TOLERANCE, absolute: 0 };

/** The project root: two levels above this file (test/reference/). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The vendored golden cases: the first set and the extended set (test/golden/README.md). */
export const VENDORED_CASE_DIRECTORIES = ['cases', 'cases-extended'].map((name) => resolve(PROJECT_ROOT, 'test', 'golden', name));

/**
 * The folders of cases: env REFERENCE_CASES, one folder or several separated by the path delimiter
 * (`:`), each relative to the project root or absolute; else both vendored folders.
 */
export function referenceCasesDirectories(environment: NodeJS.ProcessEnv = process.env): string[] {
  const configured = (environment.REFERENCE_CASES ?? '').split(delimiter).filter((folder) => folder !== '');
  return configured.length === 0 ? [...VENDORED_CASE_DIRECTORIES] : configured.map((folder) => resolve(PROJECT_ROOT, folder));
}

/** Every *.json case of a folder, in file-name order. */
export function loadReferenceCases(directory: string): ReferenceCase[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(directory, file), 'utf8')) as ReferenceCase);
}

/** Whether `path` names a p-value: its last field is `p` (`p`, `p[2]`, `wald.p`, `mauchly.p`...). */
export function isPValuePath(path: string): boolean {
  return /(^|\.)p(\[\d+\])*$/.test(path);
}

/** The tolerance for a number at `path` of a `procedure`'s result (test/golden/README.md, "Tolerances"). */
export function toleranceFor(procedure: string, path: string): Tolerance {
  if (procedure === 'coxRegression' && path === 'wald.chisq') {
    return { relative: 0, absolute: WALD_CHISQ_ABSOLUTE_TOLERANCE };
  }
  if (procedure === 'fisherExact' && path.startsWith('confInt')) {
    return { relative: FISHER_CONF_INT_RELATIVE_TOLERANCE, absolute: ABSOLUTE_TOLERANCE };
  }
  // cmprsk's Gray test p is 1 - pchisq(stat, df): 0 below ~1e-16, so no relative accuracy to check.
  if (procedure === 'grayTest' && isPValuePath(path)) return DEFAULT_TOLERANCE;
  if (procedure === 'fineGray') {
    return { relative: FINE_GRAY_RELATIVE_TOLERANCE, absolute: isPValuePath(path) ? 0 : ABSOLUTE_TOLERANCE };
  }
  return isPValuePath(path) ? P_VALUE_TOLERANCE : DEFAULT_TOLERANCE;
}

/** The largest relative error |actual - expected| / |expected| over the numbers compared, where. */
export interface WorstError {
  path: string;
  relativeError: number;
}

/** Every place where `actual` departs from `expected`; empty when they agree. */
export function compareToExpected(
  expected: unknown,
  actual: unknown,
  tolerance: (path: string) => Tolerance = () => DEFAULT_TOLERANCE,
): Mismatch[] {
  const mismatches: Mismatch[] = [];
  compareValue(expected, actual, '', tolerance, mismatches, () => undefined);
  return mismatches;
}

/**
 * The worst relative error over the numbers of `expected` that are compared relatively (non-zero
 * expected, a relative tolerance: R's rounded Wald chi-square is left out); null when there is none.
 */
export function worstRelativeError(
  expected: unknown,
  actual: unknown,
  tolerance: (path: string) => Tolerance = () => DEFAULT_TOLERANCE,
): WorstError | null {
  let worst: WorstError | null = null;
  compareValue(expected, actual, '', tolerance, [], (path, expectedNumber, actualNumber) => {
    if (expectedNumber === 0 || tolerance(path).relative === 0) return;
    const relativeError = Math.abs(actualNumber - expectedNumber) / Math.abs(expectedNumber);
    if (worst === null || relativeError > worst.relativeError) worst = { path, relativeError };
  });
  return worst;
}

type NumberObserver = (path: string, expected: number, actual: number) => void;

function compareValue(
  expected: unknown,
  actual: unknown,
  path: string,
  tolerance: (path: string) => Tolerance,
  out: Mismatch[],
  observe: NumberObserver,
): void {
  const where = path === '' ? '(root)' : path;
  if (actual === undefined) {
    out.push({ path: where, message: 'missing from the result' });
    return;
  }
  if (Array.isArray(expected) && expected.length === 1 && !isArrayLike(actual) && !isObject(expected[0])) {
    compareValue(expected[0], actual, path, tolerance, out, observe);
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
    expected.forEach((value, i) => compareValue(value, actual[i], `${path}[${i}]`, tolerance, out, observe));
    return;
  }
  if (isArrayLike(actual) && (expected === null || typeof expected !== 'object')) {
    if (actual.length !== 1) {
      out.push({ path: where, message: `expected a single value, got ${actual.length} elements` });
      return;
    }
    compareValue(expected, actual[0], path, tolerance, out, observe);
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
    observe(path, expected, actual);
    const { relative, absolute } = tolerance(path);
    const allowed = Math.max(absolute, relative * Math.abs(expected), expected === 0 ? ABSOLUTE_TOLERANCE : 0);
    const difference = Math.abs(actual - expected);
    if (!(difference <= allowed)) {
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
      compareValue(value, (actual as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, tolerance, out, observe);
    }
    return;
  }
  out.push({ path: where, message: `cannot compare an expected ${typeof expected}` });
}

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object';
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
