/**
 * Fine–Gray regression: the golden finegray cases at a tighter tolerance than the conformance run,
 * R vectors for options and conventions (status codes, confLevel, maxIterations, gradientTolerance,
 * timefix of the censoring KM), the likelihood and sandwich variance against their O(n^2)
 * definitions (Fine & Gray 1999), reduction to Cox (Breslow) without competing risks, edge cases
 * and bad input.
 * Oracle for the decimals below: R 4.2.2, cmprsk 2.2-11, printed with sprintf("%.17g") from the
 * call quoted next to each block.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { coxRegression } from '../../src/stats/cox-regression.js';
import { fineGray, type FineGrayInput, type FineGrayOptions, type FineGrayResult } from '../../src/stats/fine-gray.js';
import { mulberry32, randomInt, randomPermutation, type Random } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

/** Same iteration, stopping rule and sums as crr: only round-off separates us from R. */
const R_RELATIVE = 1e-9;

function expectRelative(actual: number | null | undefined, expected: number, relative = R_RELATIVE): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

function expectAllRelative(actual: readonly (number | null)[], expected: readonly number[], relative = R_RELATIVE): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, j) => expectRelative(actual[j], value, relative));
}

describe('golden cases (test/golden/cases-extended/finegray__*.json) at 1e-9', () => {
  const directory = new URL('../golden/cases-extended/', import.meta.url);
  const files = readdirSync(directory).filter((file) => file.startsWith('finegray__')).sort();
  const asArray = (value: unknown): number[] => (Array.isArray(value) ? value : [value]) as number[];

  test('there are four', () => {
    expect(files).toHaveLength(4);
  });

  test.each(files)('%s', (file) => {
    const golden = JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as {
      input: FineGrayInput;
      options: FineGrayOptions;
      expected: Record<string, unknown>;
    };
    const result = fineGray(golden.input, golden.options);
    expect(result.terms).toEqual(asArray(golden.expected.terms));
    for (const key of ['coef', 'se', 'z', 'p', 'hazardRatio', 'hrLower', 'hrUpper', 'logLik'] as const) {
      expectAllRelative(result[key], asArray(golden.expected[key]));
    }
    expect(result.n).toBe(golden.expected.n);
    expect(result.converged).toBe(golden.expected.converged);
  });
});

// time, status (9 = censored, 2 = cause of interest, 4 and 7 = competing), age, arm: ties across
// causes, two rows at time 0.
const TIME = [0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5, 6, 6, 7, 8, 8, 9, 10, 11, 12, 12, 14];
const STATUS = [2, 9, 2, 4, 9, 7, 2, 2, 4, 9, 2, 9, 2, 7, 2, 9, 2, 4, 2, 9, 2, 7, 9, 2];
const AGE = [61, 70, 55, 68, 49, 72, 66, 58, 63, 51, 77, 60, 69, 45, 74, 53, 64, 71, 57, 62, 59, 75, 48, 67];
const ARM = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0];
const CODED: FineGrayInput = { time: TIME, status: STATUS, covariates: { age: AGE, arm: ARM } };

describe('R vectors: crr(time, status, cbind(age, arm), failcode = 2, cencode = 9, ...)', () => {
  const codes = { failcode: 2, cencode: 9 };

  test('status codes, confLevel 0.9 (qnorm(0.95) limits)', () => {
    const fit = fineGray(CODED, { ...codes, confLevel: 0.9 });
    expect(fit.terms).toEqual(['age', 'arm']);
    expectAllRelative(fit.coef, [0.021129379680109309, 0.77718094383620162]);
    expectAllRelative(fit.se, [0.030301007678063388, 0.58590616881130952]);
    expectAllRelative(fit.logLik, [-28.475526602121139, -27.602500935422864]);
    expectAllRelative(fit.hrLower, [0.97169691139553904, 0.82981794718901114]);
    expectAllRelative(fit.hrUpper, [1.0735491284807375, 5.7025351017459593]);
    expectAllRelative(fit.p, [0.48560501149898078, 0.18468746243274636]);
    expect(fit).toMatchObject({ n: 24, nEvent: 11, nCompeting: 6, iterations: 3, converged: true, warnings: [] });
  });

  test('maxiter = 1: not converged, the estimates and variance after one step', () => {
    const fit = fineGray(CODED, { ...codes, maxIterations: 1 });
    expectAllRelative(fit.coef, [0.017782323422909353, 0.74651288598648646]);
    expectAllRelative(fit.se, [0.030137845039078716, 0.5799552743771047]);
    expectAllRelative(fit.logLik, [-28.475526602121139, -27.607241735348587]);
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(1);
    expect(fit.warnings).toEqual(['Ran out of iterations (1) and did not converge.']);
  });

  test('maxiter = 0: b = 0 and the sandwich variance at 0', () => {
    const fit = fineGray(CODED, { ...codes, maxIterations: 0 });
    expect(fit.coef).toEqual([0, 0]);
    expectAllRelative(fit.se, [0.030339641083628435, 0.57396793662548562]);
    expect(fit.p).toEqual([1, 1]);
    expect(fit.logLik[0]).toBe(fit.logLik[1]);
    expect(fit.converged).toBe(false);
  });

  test('gtol = 1e-12: one more step, coefficients move by ~3e-7 relative', () => {
    const fit = fineGray(CODED, { ...codes, gradientTolerance: 1e-12 });
    expectAllRelative(fit.coef, [0.021129386767323552, 0.77718101396228723]);
    expectAllRelative(fit.se, [0.03030100811069833, 0.58590618302177933]);
    expect(fit.iterations).toBe(4);
  });

  test('backtracking: a Newton step that overshoots is halved, as crr (2 failures, 8 competing)', () => {
    // crr(c(7, 9, 8, 1, 5, 4, 1, 10, 9, 7, 4, 8), c(1, 1, 2, 0, 2, 2, 2, 0, 2, 2, 2, 2), cbind(x = ...)):
    // the engine halves one of its three Newton steps once here, and lands where crr does.
    const x = [0.0655, 1.0035, 0.0179, 0.0279, 0.0674, 0.0983, 0.0834, 0.0331, 0.0374, 0.0835, 0.0406, 0.045];
    const fit = fineGray({ time: [7, 9, 8, 1, 5, 4, 1, 10, 9, 7, 4, 8], status: [1, 1, 2, 0, 2, 2, 2, 0, 2, 2, 2, 2], covariates: { x } });
    expectRelative(fit.coef[0], 2.3850738671066929);
    expectRelative(fit.se[0], 1.0238853167538553);
    expectAllRelative(fit.logLik, [-4.6845075167366801, -3.6085731202501448]);
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBe(3);
  });

  test('timefix: a censoring 1e-10 after a competing failure is tied with it in the censoring KM', () => {
    // crr(c(1, 2, 3, 3 + 1e-10, 4:9), c(1, 2, 2, 0, 1, 0, 1, 2, 1, 1), cbind(x = ...)); with 3.001
    // instead the coefficient is -0.046637246732228063.
    const x = [0.5, 1.2, -0.3, 0.8, 1.1, -1.0, 0.2, 0.9, -0.6, 0.4];
    const status = [1, 2, 2, 0, 1, 0, 1, 2, 1, 1];
    const fit = fineGray({ time: [1, 2, 3, 3 + 1e-10, 4, 5, 6, 7, 8, 9], status, covariates: { x } });
    expectRelative(fit.coef[0], -0.04738869594333938);
    expectRelative(fit.se[0], 0.56971720921450519);
    expectAllRelative(fit.logLik, [-8.7420568624758612, -8.7395916889425713]);
    const apart = fineGray({ time: [1, 2, 3, 3.001, 4, 5, 6, 7, 8, 9], status, covariates: { x } });
    expectRelative(apart.coef[0], -0.046637246732228063);
    expectRelative(apart.se[0], 0.56888250148088071);
  });
});

interface Sample {
  time: number[];
  status: number[];
  x1: number[];
  x2: number[];
}

/** Integer times 1..15 (many ties), status 0/1/2, a continuous and a binary covariate. */
function sample(random: Random, n: number): Sample {
  const data: Sample = { time: [], status: [], x1: [], x2: [] };
  for (let i = 0; i < n; i++) {
    data.time.push(1 + randomInt(random, 15));
    data.status.push(randomInt(random, 3));
    data.x1.push(Math.round((random() * 4 - 2) * 100) / 100);
    data.x2.push(random() < 0.4 ? 1 : 0);
  }
  return data;
}

/**
 * l(b) and the sandwich se at b straight from Fine & Gray (1999), subject by subject and failure by
 * failure (O(n^2)), for two covariates, cause 1 of interest, 0 censored, 2 competing, times far
 * enough apart and above 0 that G(t-) is the censoring KM over the times strictly below t (crr reads
 * G(0-) as the KM at 0: the R vectors above cover that).
 */
function bruteForce(data: Sample, beta: readonly number[]): { logLik: number; se: [number, number] } {
  const { time, status } = data;
  const n = time.length;
  const x = time.map((_, i) => [data.x1[i]!, data.x2[i]!]);
  const r = x.map((row) => Math.exp(row[0]! * beta[0]! + row[1]! * beta[1]!));
  const atRisk = (u: number) => time.filter((t) => t >= u).length;
  const censorTimes = [...new Set(time.filter((_, i) => status[i] === 0))].sort((a, b) => a - b);
  const censoredAt = (u: number) => time.filter((t, i) => t === u && status[i] === 0).length;
  const G = (t: number) => censorTimes.filter((u) => u < t).reduce((s, u) => s * (1 - censoredAt(u) / atRisk(u)), 1);
  const censoringWeight = time.map(G);
  const weight = (j: number, t: number) => (time[j]! >= t ? 1 : status[j] === 2 ? G(t) / censoringWeight[j]! : 0);
  const failures = time.flatMap((t, i) => (status[i] === 1 ? [i] : []));
  const memo = new Map<number, { s0: number; mean: number[]; s2: number[] }>();
  const moments = (t: number) => memo.get(t) ?? memo.set(t, momentsAt(t)).get(t)!;
  const momentsAt = (t: number) => {
    let s0 = 0;
    const s1 = [0, 0];
    const s2 = [0, 0, 0, 0];
    for (let j = 0; j < n; j++) {
      const w = weight(j, t) * r[j]!;
      s0 += w;
      for (let a = 0; a < 2; a++) {
        s1[a]! += w * x[j]![a]!;
        for (let b = 0; b < 2; b++) s2[a * 2 + b]! += w * x[j]![a]! * x[j]![b]!;
      }
    }
    return { s0, mean: s1.map((v) => v / s0), s2 };
  };
  let logLik = 0;
  const information = [0, 0, 0, 0];
  for (const i of failures) {
    const { s0, mean, s2 } = moments(time[i]!);
    logLik += Math.log(r[i]!) - Math.log(s0);
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) information[a * 2 + b]! += s2[a * 2 + b]! / s0 - mean[a]! * mean[b]!;
  }
  // q(u) = sum over failures at or after u of the competing failures' (before u) weighted deviations.
  const q = censorTimes.map((u) => {
    const value = [0, 0];
    for (const i of failures) {
      if (time[i]! < u) continue;
      const { s0, mean } = moments(time[i]!);
      for (let k = 0; k < n; k++) {
        if (status[k] !== 2 || time[k]! >= u) continue;
        for (let a = 0; a < 2; a++) value[a]! += (weight(k, time[i]!) * r[k]! * (x[k]![a]! - mean[a]!)) / s0;
      }
    }
    return value;
  });
  const sigma = [0, 0, 0, 0];
  for (let j = 0; j < n; j++) {
    const term = [0, 0];
    for (let a = 0; a < 2; a++) {
      // eta_j: dN_j minus subject j's share of each risk set it is in.
      if (status[j] === 1) term[a]! += x[j]![a]! - moments(time[j]!).mean[a]!;
      for (const i of failures) {
        const { s0, mean } = moments(time[i]!);
        term[a]! -= (weight(j, time[i]!) * r[j]! * (x[j]![a]! - mean[a]!)) / s0;
      }
      // psi_j: q(u)/Y(u) against subject j's censoring martingale.
      censorTimes.forEach((u, c) => {
        const y = atRisk(u);
        const dN = status[j] === 0 && time[j] === u ? 1 : 0;
        term[a]! += (q[c]![a]! / y) * (dN - (time[j]! >= u ? censoredAt(u) / y : 0));
      });
    }
    for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) sigma[a * 2 + b]! += term[a]! * term[b]!;
  }
  const [i00, i01, , i11] = information as [number, number, number, number];
  const det = i00 * i11 - i01 * i01;
  const inverse = [i11 / det, -i01 / det, -i01 / det, i00 / det];
  const product = (m1: number[], m2: number[]) =>
    [0, 1, 2, 3].map((k) => m1[(k >> 1) * 2]! * m2[k & 1]! + m1[(k >> 1) * 2 + 1]! * m2[2 + (k & 1)]!);
  const variance = product(product(inverse, sigma), inverse);
  return { logLik, se: [Math.sqrt(variance[0]!), Math.sqrt(variance[3]!)] };
}

describe('against the O(n^2) definitions', () => {
  test.each([1, 2, 3, 4, 5])('seed %i: log-likelihood and sandwich se with tied times', (seed) => {
    const data = sample(mulberry32(seed), 60);
    const fit = fineGray({ time: data.time, status: data.status, covariates: { x1: data.x1, x2: data.x2 } });
    const beta = fit.coef as number[];
    const oracle = bruteForce(data, beta);
    expectRelative(fit.logLik[1], oracle.logLik, 1e-12);
    expectAllRelative(fit.se, oracle.se, 1e-10);
    expectRelative(fit.logLik[0], bruteForce(data, [0, 0]).logLik, 1e-12);
  });
});

describe('properties', () => {
  const data = sample(mulberry32(77), 120);
  const input: FineGrayInput = { time: data.time, status: data.status, covariates: { x1: data.x1, x2: data.x2 } };
  const base = fineGray(input);
  const close = (a: FineGrayResult, b: FineGrayResult, relative = 1e-9) => {
    expectAllRelative(a.coef, b.coef as number[], relative);
    expectAllRelative(a.se, b.se as number[], relative);
    expectAllRelative(a.logLik, b.logLik, relative);
  };

  test('row order does not matter', () => {
    const order = randomPermutation(mulberry32(5), data.time.length);
    const pick = (column: number[]) => order.map((i) => column[i]!);
    close(fineGray({ time: pick(data.time), status: pick(data.status), covariates: { x1: pick(data.x1), x2: pick(data.x2) } }), base);
  });

  test('shifting a covariate changes nothing', () => {
    close(fineGray({ ...input, covariates: { x1: data.x1.map((v) => v + 1000), x2: data.x2 } }), base, 1e-7);
  });

  test('status codes are labels: (0, 1, 2) as (9, 5, 3) with failcode 5, cencode 9; two competing codes count as one', () => {
    const relabel = data.status.map((s, i) => (s === 0 ? 9 : s === 1 ? 5 : i % 2 === 0 ? 3 : 4));
    close(fineGray({ ...input, status: relabel }, { failcode: 5, cencode: 9 }), base);
  });

  test('without competing risks the model is Cox with Breslow ties (same likelihood; the variance differs)', () => {
    const status = data.status.map((s) => (s === 2 ? 0 : s));
    const fineGrayFit = fineGray({ ...input, status }, { gradientTolerance: 1e-12 });
    const coxFit = coxRegression({ time: data.time, event: status, covariates: input.covariates }, { ties: 'breslow', tolerance: 1e-14 });
    expectAllRelative(fineGrayFit.coef, coxFit.coef as number[], 1e-7);
    expectAllRelative(fineGrayFit.logLik, coxFit.logLik, 1e-12);
    expect(fineGrayFit.nCompeting).toBe(0);
  });

  test('cause 2 of interest: cause 1 becomes the competing risk', () => {
    const fit = fineGray(input, { failcode: 2 });
    const swapped = fineGray({ ...input, status: data.status.map((s) => (s === 0 ? 0 : 3 - s)) }, { failcode: 1 });
    close(fit, swapped);
    expect(fit.nEvent).toBe(base.nCompeting);
  });
});

describe('edge cases', () => {
  test('no failure of the cause of interest: nothing to fit, nulls and a warning, not an error', () => {
    const fit = fineGray({ time: [1, 2, 3, 4], status: [0, 2, 2, 0], covariates: { x: [1, 0, 1, 0] } });
    expect(fit).toMatchObject({ coef: [null], se: [null], p: [null], hazardRatio: [null], logLik: [0, 0], nEvent: 0, nCompeting: 2, converged: false });
    expect(fit.warnings[0]).toMatch(/No failures of the cause of interest \(status 1\)/);
  });

  test('a constant and a collinear column get null coefficients; the others are the fit without them', () => {
    const data = sample(mulberry32(9), 80);
    const reduced = fineGray({ time: data.time, status: data.status, covariates: { x1: data.x1 } });
    const fit = fineGray({
      time: data.time,
      status: data.status,
      covariates: { x1: data.x1, constant: data.x1.map(() => 3), twice: data.x1.map((v) => 2 * v) },
    });
    expect(fit.coef.slice(1)).toEqual([null, null]);
    expect(fit.se.slice(1)).toEqual([null, null]);
    expectRelative(fit.coef[0], reduced.coef[0] as number, 1e-9);
    expectRelative(fit.se[0], reduced.se[0] as number, 1e-9);
    expect(fit.warnings).toEqual([
      'The information matrix is singular (a constant or collinear covariate); no coefficient for constant, twice.',
    ]);
  });

  test('every row a failure of interest at distinct times: no censoring weights, the Cox (Breslow) fit', () => {
    const time = [5, 1, 4, 2, 3, 6];
    const x = [0.3, 1.0, -0.2, 0.8, 0.5, -1.0];
    const fit = fineGray({ time, status: [1, 1, 1, 1, 1, 1], covariates: { x } }, { gradientTolerance: 1e-12 });
    const cox = coxRegression({ time, event: [1, 1, 1, 1, 1, 1], covariates: { x } }, { ties: 'breslow', tolerance: 1e-14 });
    expectRelative(fit.coef[0], cox.coef[0] as number, 1e-7);
    expect(fit.converged).toBe(true);
  });

  test('a bare number stands for a column of one', () => {
    const fit = fineGray({ time: 3, status: 1, covariates: { x: [1] } });
    expect(fit.n).toBe(1);
    expect(fit.nEvent).toBe(1);
  });
});

describe('bad input throws StatsInputError naming the field', () => {
  const base = (): FineGrayInput => ({ time: [1, 2, 3, 4], status: [1, 2, 0, 1], covariates: { age: [50, 60, 70, 80] } });

  test.each([
    ['empty input', { time: [], status: [], covariates: { age: [] } }, 'time'],
    ['negative time', { ...base(), time: [1, -2, 3, 4] }, 'time'],
    ['NaN time', { ...base(), time: [1, Number.NaN, 3, 4] }, 'time'],
    ['status length', { ...base(), status: [1, 2, 0] }, 'status'],
    ['NaN status', { ...base(), status: [1, Number.NaN, 0, 1] }, 'status'],
    ['text status', { ...base(), status: [1, 'death', 0, 1] }, 'status'],
    ['status not an array', { ...base(), status: { a: 1 } }, 'status'],
    ['covariate length', { ...base(), covariates: { age: [50, 60, 70] } }, 'covariates.age'],
    ['infinite covariate', { ...base(), covariates: { age: [50, 60, Number.POSITIVE_INFINITY, 80] } }, 'covariates.age'],
    ['no covariates', { ...base(), covariates: {} }, 'covariates'],
  ] as const)('%s', (_, input, field) => {
    expectInputError(() => fineGray(input as unknown as FineGrayInput), field);
  });

  test.each([
    [{ failcode: 0 }, 'options.failcode', /must differ from cencode/],
    [{ failcode: Number.NaN }, 'options.failcode', /finite number/],
    [{ cencode: Number.POSITIVE_INFINITY }, 'options.cencode', /finite number/],
    [{ confLevel: 1 }, 'options.confLevel', /between 0 and 1/],
    [{ maxIterations: -1 }, 'options.maxIterations', /non-negative integer/],
    [{ maxIterations: 2.5 }, 'options.maxIterations', /non-negative integer/],
    [{ gradientTolerance: 0 }, 'options.gradientTolerance', /positive number/],
  ] as const)('options %o', (options, field, message) => {
    expectInputError(() => fineGray(base(), options as FineGrayOptions), field, message);
  });
});
