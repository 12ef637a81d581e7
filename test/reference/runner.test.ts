/**
 * The reference runner must be able to fail: an altered expected value, a missing field, a wrong
 * null, an unknown procedure are all reported.
 */
import { describe, expect, test } from 'vitest';
import { delimiter, resolve } from 'node:path';
import {
  ABSOLUTE_TOLERANCE,
  PROJECT_ROOT,
  RELATIVE_TOLERANCE,
  WALD_CHISQ_ABSOLUTE_TOLERANCE,
  compareToExpected,
  isPValuePath,
  loadReferenceCases,
  referenceCasesDirectories,
  VENDORED_CASE_DIRECTORIES,
  toleranceFor,
  worstRelativeError,
  type ReferenceCase,
} from './compare.js';
import { procedures, runReferenceCase } from './procedures.js';

/** The alteration the runner must catch: 100 times the relative tolerance. */
const PERTURBATION = 1e-4;
/** A p-value off by three orders of magnitude: far inside the absolute floor when the p is tiny. */
const P_VALUE_FACTOR = 1000;

const cases = referenceCasesDirectories().flatMap(loadReferenceCases);

function realCase(procedure: string): ReferenceCase {
  const found = cases.find((referenceCase) => referenceCase.procedure === procedure);
  if (found === undefined) throw new Error(`no ${procedure} case in ${referenceCasesDirectories().join(', ')}`);
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

  test('a tiny real p-value (Mauchly, 3.4e-6) multiplied by 1000 fails', () => {
    const referenceCase = realCase('repeatedMeasuresAnova');
    const expected = referenceCase.expected as { mauchly: { p: number } };
    expect(expected.mauchly.p).toBeLessThan(1e-5);
    expected.mauchly.p *= P_VALUE_FACTOR;
    expect(runReferenceCase(referenceCase).map(({ path }) => path)).toEqual(['mauchly.p']);
  });

  test('a real p below 1e-30 passes as stored and fails when multiplied by 1000', () => {
    const logRankCase = structuredClone(cases.find((referenceCase) => referenceCase.name === 'logrank/pbc/bili-class')!);
    const coxCase = structuredClone(cases.find((referenceCase) => referenceCase.name === 'cox/pbc/log-bili')!);
    const logRankExpected = logRankCase.expected as { p: number };
    const coxExpected = coxCase.expected as { score: { p: number } };
    expect(logRankExpected.p).toBeLessThan(1e-30);
    expect(coxExpected.score.p).toBeLessThan(1e-40);
    expect(runReferenceCase(logRankCase)).toEqual([]);
    expect(runReferenceCase(coxCase)).toEqual([]);
    logRankExpected.p *= P_VALUE_FACTOR;
    coxExpected.score.p *= P_VALUE_FACTOR;
    expect(runReferenceCase(logRankCase).map(({ path }) => path)).toEqual(['p']);
    expect(runReferenceCase(coxCase).map(({ path }) => path)).toEqual(['score.p']);
  });

  test("a Huynh-Feldt epsilon above 1 is compared as car reports it, uncapped", () => {
    const referenceCase = structuredClone(cases.find((c) => c.name === 'rmanova/vectors/hf-above-one')!);
    const expected = referenceCase.expected as { huynhFeldt: { epsilon: number } };
    expect(expected.huynhFeldt.epsilon).toBeGreaterThan(1);
    expect(runReferenceCase(referenceCase)).toEqual([]);
    expected.huynhFeldt.epsilon = 1;
    expect(runReferenceCase(referenceCase).map(({ path }) => path)).toEqual(['huynhFeldt.epsilon']);
  });

  test('a name inherited from Object.prototype is not a procedure', () => {
    const referenceCase = { ...realCase('logRank'), procedure: 'toString' };
    expect(runReferenceCase(referenceCase)[0]!.message).toContain('unknown procedure');
  });
});

describe('the folder of cases', () => {
  test('defaults to both vendored folders; REFERENCE_CASES names one folder or several anywhere else', () => {
    const vendored = ['cases', 'cases-extended'].map((name) => resolve(PROJECT_ROOT, 'test', 'golden', name));
    expect(referenceCasesDirectories({})).toEqual(vendored);
    expect(referenceCasesDirectories({ REFERENCE_CASES: '' })).toEqual(vendored);
    expect(referenceCasesDirectories({ REFERENCE_CASES: 'test/golden/cases-extended' })).toEqual([vendored[1]]);
    expect(referenceCasesDirectories({ REFERENCE_CASES: `/elsewhere/cases${delimiter}held-out` })).toEqual(['/elsewhere/cases', resolve(PROJECT_ROOT, 'held-out')]);
  });

  test('an extended case with an input or option the procedure does not take fails, it is not run', () => {
    const extended = loadReferenceCases(VENDORED_CASE_DIRECTORIES[1]!);
    const countingProcess = extended.find((referenceCase) => referenceCase.name === 'cox-tv/jasa1/transplant')!;
    expect(runReferenceCase(countingProcess)).toEqual([]);
    const withOffset = { ...countingProcess, input: { ...(countingProcess.input as object), offset: [0.5] } };
    expect(runReferenceCase(withOffset).map(({ path }) => path)).toEqual(['input.offset']);
    const reverse = extended.find((referenceCase) => referenceCase.name === 'km-reverse/lung/all')!;
    expect(runReferenceCase(reverse)).toEqual([]);
    const tieCorrected = { ...reverse, options: { ...(reverse.options as object), ctype: 2 } };
    expect(runReferenceCase(tieCorrected)).toEqual([{ path: 'options.ctype', message: "not supported by the engine's kaplanMeier (not implemented yet)" }]);
    const known = { ...realCase('logRank'), options: { rho: 0, weights: null, exact: false } };
    expect(runReferenceCase(known)).toEqual([]);
  });

  test('an extended case of a procedure not built yet fails, it is not skipped', () => {
    const extended = loadReferenceCases(VENDORED_CASE_DIRECTORIES[1]!);
    for (const unbuilt of extended.filter((referenceCase) => !Object.hasOwn(procedures, referenceCase.procedure))) {
      expect(runReferenceCase(unbuilt)).toEqual([{ path: '(procedure)', message: `unknown procedure "${unbuilt.procedure}"` }]);
    }
    // Whichever procedures are built by now: a real case under a name the engine lacks fails the same way.
    const renamed = { ...extended[0]!, procedure: 'notInTheEngine' };
    expect(runReferenceCase(renamed)).toEqual([{ path: '(procedure)', message: 'unknown procedure "notInTheEngine"' }]);
  });
});

describe('p-values are compared relatively at any size', () => {
  test('an expected p of 3.6e-36 reported as 3.6e-33 fails, as 3.6e-36 (1 + 1e-7) passes', () => {
    expect(compareToExpected({ p: 3.6e-36 }, { p: 3.6e-33 }, (path) => toleranceFor('logRank', path))).toHaveLength(1);
    expect(compareToExpected({ p: 3.6e-36 }, { p: 3.6e-36 * (1 + 1e-7) }, (path) => toleranceFor('logRank', path))).toEqual([]);
  });

  test('so does the default tolerance of compareToExpected', () => {
    expect(compareToExpected({ p: 3.6e-36 }, { p: 3.6e-36 * P_VALUE_FACTOR })).toEqual([]);
    expect(compareToExpected({ p: 3.6e-36 }, { p: 3.6e-36 * P_VALUE_FACTOR }, (path) => toleranceFor('coxRegression', path))).toHaveLength(1);
  });

  test('every field named p, nested or in an array, and only those', () => {
    for (const path of ['p', 'p[0]', 'wald.p', 'score.p', 'mauchly.p', 'greenhouseGeisser.p', 'difference.p', 'causes[1].p']) {
      expect(isPValuePath(path), path).toBe(true);
    }
    for (const path of ['chisq', 'pAnderson', 'hrUpper', 'map', 'p.value.x', 'coef[0]']) {
      expect(isPValuePath(path), path).toBe(false);
    }
    const tolerance = (path: string) => toleranceFor('coxRegression', path);
    const expected = { p: [1e-40, 0.2], wald: { p: 2e-20 }, likelihoodRatio: { p: 1e-31 } };
    expect(compareToExpected(expected, { p: [1e-40, 0.2], wald: { p: 2e-20 }, likelihoodRatio: { p: 1e-31 } }, tolerance)).toEqual([]);
    expect(
      compareToExpected(expected, { p: [1e-37, 0.2], wald: { p: 2e-17 }, likelihoodRatio: { p: 1e-28 } }, tolerance).map(({ path }) => path),
    ).toEqual(['p[0]', 'wald.p', 'likelihoodRatio.p']);
    const rm = (path: string) => toleranceFor('repeatedMeasuresAnova', path);
    expect(compareToExpected({ mauchly: { p: 3e-12 } }, { mauchly: { p: 3e-9 } }, rm)).toHaveLength(1);
  });

  test('only an expected p of exactly 0 is compared absolutely', () => {
    const tolerance = (path: string) => toleranceFor('logRank', path);
    expect(compareToExpected({ p: 0 }, { p: ABSOLUTE_TOLERANCE / 2 }, tolerance)).toEqual([]);
    expect(compareToExpected({ p: 0 }, { p: ABSOLUTE_TOLERANCE * 2 }, tolerance)).toHaveLength(1);
    expect(compareToExpected({ p: 1e-300 }, { p: 0 }, tolerance)).toHaveLength(1);
  });

  test("the README's exception: cmprsk's Gray test p (1 - pchisq) is compared absolutely", () => {
    const tolerance = (path: string) => toleranceFor('grayTest', path);
    expect(compareToExpected({ p: [1e-17, 0.3] }, { p: [2e-12, 0.3] }, tolerance)).toEqual([]);
  });
});

describe('worstRelativeError', () => {
  test('reports the largest relative error and where, leaving out zeros and the rounded Wald chi-square', () => {
    const tolerance = (path: string) => toleranceFor('coxRegression', path);
    const worst = worstRelativeError(
      { coef: [1, 2], p: 0, wald: { chisq: 33.6 } },
      { coef: [1 + 1e-12, 2 * (1 + 1e-10)], p: 1e-12, wald: { chisq: 33.598 } },
      tolerance,
    );
    expect(worst?.path).toBe('coef[1]');
    expect(Math.abs(worst!.relativeError - 1e-10)).toBeLessThan(1e-15);
    expect(worstRelativeError({ name: 'x' }, { name: 'x' })).toBeNull();
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

  test("a bare value and an array of one compare equal, either way round (jsonlite's auto_unbox)", () => {
    expect(compareToExpected({ time: 7, stdErr: null }, { time: [7], stdErr: Float64Array.of(Infinity) })).toEqual([]);
    expect(compareToExpected({ time: [7], terms: ['x'] }, { time: 7, terms: 'x' })).toEqual([]);
    expect(compareToExpected({ time: 7 }, { time: [7, 8] })).toHaveLength(1);
    expect(compareToExpected({ time: [7] }, { time: 8 })).toHaveLength(1);
    expect(compareToExpected({ curves: [{ n: 1 }] }, { curves: { n: 1 } })).toHaveLength(1);
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
