/**
 * The reference runner must be able to fail: an altered expected value, a missing field, a wrong
 * null, an unknown procedure are all reported.
 */
import { describe, expect, test } from 'vitest';
import {
  ABSOLUTE_TOLERANCE,
  RELATIVE_TOLERANCE,
  WALD_CHISQ_ABSOLUTE_TOLERANCE,
  compareToExpected,
  loadReferenceCases,
  referenceCasesDirectory,
  toleranceFor,
  type ReferenceCase,
} from './compare.js';
import { runReferenceCase } from './procedures.js';

/** The alteration the runner must catch: 100 times the relative tolerance. */
const PERTURBATION = 1e-4;

const cases = loadReferenceCases(referenceCasesDirectory());

function realCase(procedure: string): ReferenceCase {
  const found = cases.find((referenceCase) => referenceCase.procedure === procedure);
  if (found === undefined) throw new Error(`no ${procedure} case in ${referenceCasesDirectory()}`);
  return structuredClone(found);
}

/** Multiplies the number at `path` (keys and indices) of `value` by 1 + PERTURBATION. */
function perturb(value: unknown, path: (string | number)[]): void {
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
  const key = path[path.length - 1]!;
  const container = parent as Record<string | number, number>;
  const original = container[key];
  if (typeof original !== 'number' || original === 0) throw new Error(`no non-zero number at ${path.join('.')}`);
  container[key] = original * (1 + PERTURBATION);
}

describe('reference runner on real cases', () => {
  test('a log-rank case passes as stored and fails when chisq is altered by 1e-4 relative', () => {
    const referenceCase = realCase('logRank');
    expect(runReferenceCase(referenceCase)).toEqual([]);
    perturb(referenceCase.expected, ['chisq']);
    expect(runReferenceCase(referenceCase).map(({ path }) => path)).toEqual(['chisq']);
  });

  test('a Kaplan–Meier case fails when one survival value deep in a curve is altered', () => {
    const referenceCase = realCase('kaplanMeier');
    expect(runReferenceCase(referenceCase)).toEqual([]);
    perturb(referenceCase.expected, ['curves', 0, 'survival', 0]);
    expect(runReferenceCase(referenceCase).map(({ path }) => path)).toEqual(['curves[0].survival[0]']);
  });

  test('an unknown procedure is reported', () => {
    const referenceCase = { ...realCase('logRank'), procedure: 'noSuchProcedure' };
    const mismatches = runReferenceCase(referenceCase);
    expect(mismatches).toHaveLength(1);
    expect(mismatches[0]!.message).toContain('unknown procedure "noSuchProcedure"');
  });

  test('a name inherited from Object.prototype is not a procedure', () => {
    const referenceCase = { ...realCase('logRank'), procedure: 'toString' };
    expect(runReferenceCase(referenceCase)[0]!.message).toContain('unknown procedure');
  });
});

describe('compareToExpected', () => {
  test('numbers within the relative tolerance pass, beyond it fail', () => {
    expect(compareToExpected({ x: 2 }, { x: 2 * (1 + RELATIVE_TOLERANCE / 2) })).toEqual([]);
    expect(compareToExpected({ x: 2 }, { x: 2 * (1 + RELATIVE_TOLERANCE * 2) })).toHaveLength(1);
  });

  test('near zero the absolute tolerance applies', () => {
    expect(compareToExpected({ p: 0 }, { p: ABSOLUTE_TOLERANCE / 2 })).toEqual([]);
    expect(compareToExpected({ p: 0 }, { p: ABSOLUTE_TOLERANCE * 2 })).toHaveLength(1);
  });

  test('a missing field fails, an extra field does not', () => {
    expect(compareToExpected({ a: 1, b: { c: 2 } }, { a: 1, b: {} })).toEqual([
      { path: 'b.c', message: 'missing from the result' },
    ]);
    expect(compareToExpected({ a: 1 }, { a: 1, extra: 'fine' })).toEqual([]);
  });

  test('null expected accepts null or a non-finite number, nothing else', () => {
    expect(compareToExpected([null, null, null], [null, Number.NaN, Infinity])).toEqual([]);
    expect(compareToExpected([null], [0])).toHaveLength(1);
    expect(compareToExpected({ upper: null }, {})).toHaveLength(1);
  });

  test('a number expected where the result is null or NaN fails', () => {
    expect(compareToExpected([1, 1], [null, Number.NaN])).toHaveLength(2);
  });

  test('arrays, plain or typed, must have equal lengths', () => {
    expect(compareToExpected([1, 2], Float64Array.of(1, 2))).toEqual([]);
    expect(compareToExpected([1, 2], [1, 2, 3])[0]!.message).toBe('expected 2 elements, got 3');
  });

  test("a bare expected value matches a result array of one (jsonlite's auto_unbox)", () => {
    expect(compareToExpected({ time: 7, stdErr: null }, { time: [7], stdErr: Float64Array.of(Infinity) })).toEqual([]);
    expect(compareToExpected({ time: 7 }, { time: [7, 8] })).toHaveLength(1);
  });

  test('strings must be equal', () => {
    expect(compareToExpected({ stratum: 'male' }, { stratum: 'female' })).toHaveLength(1);
  });

  test("R's rounded Wald chi-square is compared to 1e-2, other Cox numbers to 1e-6", () => {
    const tolerance = (path: string) => toleranceFor('coxRegression', path);
    expect(compareToExpected({ wald: { chisq: 33.6 } }, { wald: { chisq: 33.598 } }, tolerance)).toEqual([]);
    expect(compareToExpected({ wald: { chisq: 33.6 } }, { wald: { chisq: 33.6 + 2 * WALD_CHISQ_ABSOLUTE_TOLERANCE } }, tolerance)).toHaveLength(1);
    expect(compareToExpected({ wald: { p: 0.5 } }, { wald: { p: 0.501 } }, tolerance)).toHaveLength(1);
  });

  test("Fisher's odds-ratio interval is compared to 1e-5 relative", () => {
    const tolerance = (path: string) => toleranceFor('fisherExact', path);
    expect(compareToExpected({ confInt: [1, 10] }, { confInt: [1 + 5e-6, 10] }, tolerance)).toEqual([]);
    expect(compareToExpected({ confInt: [1, 10] }, { confInt: [1 + 5e-5, 10] }, tolerance)).toHaveLength(1);
  });
});
