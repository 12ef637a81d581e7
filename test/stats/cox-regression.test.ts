/**
 * Cox regression: cases worked by hand, the Freireich vectors of docs/statistics-spec.md §4.12, every golden
 * cox case, the edge cases of §7 (21–29), bad input, the concordance against its O(n^2) definition,
 * and seeded properties.
 * Oracle for the decimals below: R 4.2.2, survival 3.5-3, printed with sprintf("%.17g") from the call
 * quoted next to each number (or test/golden/vectors/reference_vectors.json, test/golden/cases).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  coxRegression,
  type CoxRegressionInput,
  type CoxRegressionOptions,
  type CoxRegressionResult,
} from '../../src/stats/cox-regression.js';
import { mulberry32, randomInt, randomPermutation, type Random } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

/** test/golden/README.md: relative 1e-6, absolute 1e-9 near zero, Wald (stored rounded to 2 dp) 1e-2. */
const GOLDEN_RELATIVE = 1e-6;
const GOLDEN_ABSOLUTE = 1e-9;
const GOLDEN_WALD_ABSOLUTE = 1e-2;
/** Same algorithm and operation order as coxfit6.c: only libm round-off separates us from R here. */
const R_RELATIVE = 1e-9;
/** Properties that hold exactly in arithmetic and up to round-off of a converged fit in floating point. */
const PROPERTY_RELATIVE = 1e-7;

const GOLDEN = new URL('../golden/', import.meta.url);

function expectRelative(actual: number | null | undefined, expected: number, relative = R_RELATIVE, absolute = 0): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeDefined();
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.max(relative * Math.abs(expected), absolute));
}

function expectAllRelative(actual: readonly (number | null)[], expected: readonly number[], relative = R_RELATIVE): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, j) => expectRelative(actual[j], value, relative));
}

interface FreireichInput {
  time: number[];
  status: number[];
  group: number[];
  logwbc: number[];
  sex: number[];
}
const vectors = JSON.parse(readFileSync(new URL('vectors/reference_vectors.json', GOLDEN), 'utf8')) as {
  FREIREICH: { input: FreireichInput } & Record<string, Record<string, number | number[]>>;
};
const FREIREICH = vectors.FREIREICH;
const freireichInput: CoxRegressionInput = {
  time: FREIREICH.input.time,
  event: FREIREICH.input.status,
  covariates: { grp: FREIREICH.input.group, lwbc: FREIREICH.input.logwbc },
};

describe('worked by hand', () => {
  // time 1 2 3 4, event 1 1 0 1, x 1 0 1 0. Risk sets: {1,2,3,4} at t=1 (death x=1), {2,3,4} at t=2 (death x=0),
  // {4} at t=4. With u = exp(beta): U(beta) = 1/(u+1) - u/(u+2), zero at u^2 = 2, so beta = ln(2)/2;
  // at beta = 0: U = 1/2 - 1/3 = 1/6, I = (1/2)(1/2) + (1/3)(2/3) = 17/36, score test U^2/I = 1/17, l(0) = -ln 12;
  // at beta^: I = sqrt2/(1+sqrt2)^2 + 2 sqrt2/(2+sqrt2)^2 = 2 sqrt2/(1+sqrt2)^2.
  const input: CoxRegressionInput = { time: [1, 2, 3, 4], event: [1, 1, 0, 1], covariates: { x: [1, 0, 1, 0] } };

  test.each(['breslow', 'efron'] as const)('one binary covariate, no ties (%s): closed forms', (ties) => {
    const fit = coxRegression(input, { ties });
    const information = (2 * Math.SQRT2) / (1 + Math.SQRT2) ** 2;
    const logLikAt = (beta: number): number =>
      beta - Math.log(2 * Math.exp(beta) + 2) - Math.log(Math.exp(beta) + 2);
    expectRelative(fit.coef[0], Math.LN2 / 2);
    expectRelative(fit.se[0], 1 / Math.sqrt(information));
    expectRelative(fit.score.chisq, 1 / 17);
    expectRelative(fit.logLik[0], -Math.log(12));
    expectRelative(fit.logLik[1], logLikAt(Math.LN2 / 2));
    expectRelative(fit.likelihoodRatio.chisq, 2 * (logLikAt(Math.LN2 / 2) + Math.log(12)));
    expectRelative(fit.wald.chisq, (Math.LN2 / 2) ** 2 * information);
    expect(fit.converged).toBe(true);
    // R: coxph(Surv(c(1,2,3,4), c(1,1,0,1)) ~ c(1,0,1,0), ties = "breslow"): iter 3, C 0.6 (se 0.21540659228538017)
    expect(fit.iterations).toBe(3);
    expectRelative(fit.concordance, 0.6);
    expectRelative(fit.concordanceSe, 0.21540659228538017);
  });

  // time 1 1 2, all events, x 1 0 0, at beta = 0 (maxIterations 0): two deaths tied at t=1 in risk set {1,2,3}.
  // Breslow: U = 1 - 2(1/3) = 1/3, I = 2(1/3 - 1/9) = 4/9, score 1/4, l = -2 ln 3.
  // Efron: denominators 3 and 3 - (1/2)2 = 2, means 1/3 and (1 - 1/2)/2 = 1/4: U = 1 - 1/3 - 1/4 = 5/12,
  // I = (1/3 - 1/9) + ((1/2)/2 - 1/16) = 59/144, score (5/12)^2 / (59/144) = 25/59, l = -ln 3 - ln 2.
  test.each([
    ['breslow', 1 / 4, -2 * Math.log(3), Math.sqrt(9 / 4)],
    ['efron', 25 / 59, -Math.log(6), Math.sqrt(144 / 59)],
  ] as const)('two tied deaths at beta = 0 (%s): score test, log-likelihood, information', (ties, score, logLik, se) => {
    const fit = coxRegression({ time: [1, 1, 2], event: [1, 1, 1], covariates: { x: [1, 0, 0] } }, { ties, maxIterations: 0 });
    expectRelative(fit.score.chisq, score);
    expect(fit.logLik).toEqual([logLik, logLik].map((v) => expect.closeTo(v, 14)));
    expectRelative(fit.se[0], se);
    expect(fit.coef).toEqual([0]);
    expect(fit.iterations).toBe(0);
    expect(fit.converged).toBe(false);
  });
});

describe('Freireich vectors (docs/statistics-spec.md §4.12, reference_vectors.json)', () => {
  test.each(['efron', 'breslow'] as const)('grp + lwbc, ties = %s', (ties) => {
    const expected = FREIREICH[`cox_${ties}`]!;
    const fit = coxRegression(freireichInput, { ties });
    expectAllRelative(fit.coef, expected.coef as number[]);
    expectAllRelative(fit.se, expected.se as number[]);
    expectAllRelative(fit.logLik, expected.loglik as number[]);
    expectRelative(fit.score.chisq, expected.score as number);
    expectRelative(fit.wald.chisq, expected.wald as number);
    expectRelative(fit.likelihoodRatio.chisq, expected.lrt as number);
    expect(fit.iterations).toBe(expected.iter);
    expectAllRelative(fit.hrLower, expected.ci_lower as number[]);
    expectAllRelative(fit.hrUpper, expected.ci_upper as number[]);
    expectAllRelative(fit.p, expected.p as number[]);
    const concordance = expected.concordance as number[];
    expectRelative(fit.concordance, concordance[5]!);
    expectRelative(fit.concordanceSe, concordance[6]!);
  });

  test('Efron and Breslow differ when there are ties (spec §7.27)', () => {
    const efron = coxRegression(freireichInput, { ties: 'efron' });
    const breslow = coxRegression(freireichInput, { ties: 'breslow' });
    expect(Math.abs(efron.coef[0]! - breslow.coef[0]!)).toBeGreaterThan(0.05);
  });

  test('stratified by sex', () => {
    const expected = FREIREICH.cox_efron_strata_sex!;
    const fit = coxRegression({ ...freireichInput, strata: FREIREICH.input.sex });
    expectAllRelative(fit.coef, expected.coef as number[]);
    expectAllRelative(fit.se, expected.se as number[]);
    expectAllRelative(fit.logLik, expected.loglik as number[]);
    expectRelative(fit.score.chisq, expected.score as number);
    expectRelative(fit.wald.chisq, expected.wald as number);
    expect(fit.iterations).toBe(expected.iter);
    const concordance = expected.concordance as number[];
    expectRelative(fit.concordance, concordance[5]!);
    expectRelative(fit.concordanceSe, concordance[6]!);
  });

  test('interaction factor(grp) * lwbc as a product column', () => {
    const expected = FREIREICH.cox_efron_interaction!;
    const { group, logwbc } = FREIREICH.input;
    const fit = coxRegression({
      time: FREIREICH.input.time,
      event: FREIREICH.input.status,
      covariates: { grp: group, lwbc: logwbc, 'grp:lwbc': group.map((g, i) => g * logwbc[i]!) },
    });
    expectAllRelative(fit.coef, expected.coef as number[]);
    expectAllRelative(fit.se, expected.se as number[]);
    expectAllRelative(fit.logLik, expected.loglik as number[]);
    expectRelative(fit.score.chisq, expected.score as number);
    expectRelative(fit.wald.chisq, expected.wald as number);
  });
});

describe('golden cases (test/golden/cases/cox__*.json)', () => {
  const directory = new URL('cases/', GOLDEN);
  const files = readdirSync(directory).filter((file) => file.startsWith('cox__') && file.endsWith('.json')).sort();

  test('there are golden cox cases', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  /** jsonlite writes a vector of length one as a bare value. */
  const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

  function compare(expected: unknown, actual: unknown, path: string, failures: string[]): void {
    if (typeof expected === 'number') {
      if (typeof actual !== 'number') {
        failures.push(`${path}: expected ${expected}, got ${String(actual)}`);
        return;
      }
      const error = Math.abs(actual - expected);
      const allowed = path === 'wald.chisq'
        ? GOLDEN_WALD_ABSOLUTE
        : Math.max(GOLDEN_RELATIVE * Math.abs(expected), GOLDEN_ABSOLUTE);
      if (!(error <= allowed)) failures.push(`${path}: expected ${expected}, got ${actual}`);
    } else if (expected === null) {
      if (actual !== null) failures.push(`${path}: expected null, got ${String(actual)}`);
    } else if (typeof expected === 'string') {
      if (actual !== expected) failures.push(`${path}: expected ${expected}, got ${String(actual)}`);
    } else if (typeof expected === 'object') {
      for (const [key, value] of Object.entries(expected)) {
        compare(value, (actual as Record<string, unknown>)[key], path === '' ? key : `${path}.${key}`, failures);
      }
    }
  }

  test.each(files)('%s', (file) => {
    const golden = JSON.parse(readFileSync(new URL(file, directory), 'utf8')) as {
      input: CoxRegressionInput;
      options: CoxRegressionOptions;
      expected: Record<string, unknown>;
    };
    const result = coxRegression(golden.input, golden.options) as unknown as Record<string, unknown>;
    const failures: string[] = [];
    for (const [key, expected] of Object.entries(golden.expected)) {
      const actual = result[key];
      if (Array.isArray(actual)) {
        const expectedArray = asArray(expected);
        expect(actual).toHaveLength(expectedArray.length);
        expectedArray.forEach((value, j) => compare(value, actual[j], `${key}[${j}]`, failures));
      } else {
        compare(expected, actual, key, failures);
      }
    }
    expect(failures).toEqual([]);
    expect(result.converged).toBe(true);
    expect(result.warnings).toEqual([]);
  });
});

describe('edge cases (docs/statistics-spec.md §7, 21–29)', () => {
  test('21. no events: null coefficients, logLik (0, 0), no test, no concordance, not an error', () => {
    const fit = coxRegression({ ...freireichInput, event: FREIREICH.input.status.map(() => 0) });
    expect(fit.coef).toEqual([null, null]);
    expect(fit.se).toEqual([null, null]);
    expect(fit.hazardRatio).toEqual([null, null]);
    expect(fit.logLik).toEqual([0, 0]);
    expect(fit.iterations).toBe(0);
    expect(fit.nEvent).toBe(0);
    expect(fit.likelihoodRatio).toEqual({ chisq: 0, df: 0, p: null });
    expect(fit.wald).toEqual({ chisq: 0, df: 0, p: null });
    expect(fit.concordance).toBeNull();
    expect(fit.converged).toBe(false);
    expect(fit.warnings).toHaveLength(1);
  });

  // R: coxph(Surv(time, status) ~ grp + lwbc + const, Freireich, const = 3) / grp + lwbc + lwbc2 (= 2 lwbc) /
  // grp + empty (all 0) + lwbc: NA for the added column, the rest identical to grp + lwbc (cox_efron).
  const { group, logwbc } = FREIREICH.input;
  test.each([
    ['22. zero-variance covariate', [['grp', group], ['lwbc', logwbc], ['const', group.map(() => 3)]], 2],
    ['23. collinear column (2 lwbc)', [['grp', group], ['lwbc', logwbc], ['lwbc2', logwbc.map((v) => 2 * v)]], 2],
    ['23. empty factor level (all-zero dummy)', [['grp', group], ['empty', group.map(() => 0)], ['lwbc', logwbc]], 1],
  ] as const)('%s: null coefficient, warning, df excludes it', (_, columns, position) => {
    const fit = coxRegression({ ...freireichInput, covariates: Object.fromEntries(columns) });
    const expected = FREIREICH.cox_efron!;
    const estimable = (_value: unknown, j: number): boolean => j !== position;
    expect(fit.coef[position]).toBeNull();
    expect(fit.se[position]).toBeNull();
    expect(fit.p[position]).toBeNull();
    expect(fit.hrUpper[position]).toBeNull();
    expectAllRelative(fit.coef.filter(estimable), expected.coef as number[]);
    expectAllRelative(fit.se.filter(estimable), expected.se as number[]);
    expect([fit.likelihoodRatio.df, fit.wald.df, fit.score.df]).toEqual([2, 2, 2]);
    expectRelative(fit.wald.chisq, expected.wald as number);
    expectRelative(fit.score.chisq, expected.score as number);
    expect(fit.converged).toBe(true);
    expect(fit.warnings.join(' ')).toContain(columns[position]![0]);
  });

  test('24. monotone likelihood: huge coefficient and se, LRT fine, converged false with a warning', () => {
    // R: coxph(Surv(1:10, c(rep(1, 9), 0)) ~ g), g = c(1,1,1,1,1,0,0,0,0,0):
    // "Loglik converged before variable 1; coefficient may be infinite."
    const fit = coxRegression({
      time: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      event: [1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
      covariates: { g: [1, 1, 1, 1, 1, 0, 0, 0, 0, 0] },
    });
    expectRelative(fit.coef[0], 22.229054257115799, 1e-6);
    expectRelative(fit.se[0], 19870.47003731376, 1e-6);
    expectAllRelative(fit.logLik, [-15.104412573075518, -9.5749834880967875]);
    expect(fit.iterations).toBe(20);
    expectRelative(fit.score.chisq, 9.7007428200777674);
    expectRelative(fit.p[0], 0.99910740835721246, 1e-6);
    expect(fit.hrLower[0]).toBe(0);
    expect(fit.hrUpper[0]).toBeNull(); // exp(beta + 1.96 se) overflows: R's Inf
    expectRelative(fit.concordance, 0.77777777777777779);
    expect(fit.converged).toBe(false);
    expect(fit.warnings).toEqual(['Loglik converged before variable g; coefficient may be infinite.']);
  });

  test('25. no convergence within maxIterations: R\'s estimates at the last accepted step, and its variance', () => {
    // R: coxph(Surv(time, status) ~ grp + lwbc, Freireich, control = coxph.control(iter.max = 2)):
    // warning "Ran out of iterations and did not converge"; iter 3; fit$var = diag(0.178783..., 0.111582...)
    const fit = coxRegression(freireichInput, { maxIterations: 2 });
    expectAllRelative(fit.coef, [-1.377654722076614, 1.6818474413779223]);
    expectAllRelative(fit.se, [Math.sqrt(0.17878302880741473), Math.sqrt(0.11158286409923006)]);
    expectAllRelative(fit.logLik, [-93.184269996847732, -69.82862212107122]);
    expect(fit.iterations).toBe(3);
    expectRelative(fit.wald.chisq, 35.965710286223114);
    expect(fit.converged).toBe(false);
    expect(fit.warnings).toEqual(['Ran out of iterations and did not converge.']);
  });

  test('26. step-halving path: the first Newton step lowers the log-likelihood and is pulled back', () => {
    // R: coxph(Surv(time, status) ~ x) on these 14 rows: iter 5. With iter.max = 1 R returns beta = 0 and
    // loglik (l0, l0): the full first step (to beta ~ 6.8) was rejected. Accepting it instead diverges.
    const input: CoxRegressionInput = {
      time: [7, 4, 4, 2, 5, 5, 3, 1, 1, 3, 5, 4, 5, 2],
      event: [1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 0, 0, 1, 0],
      covariates: { x: [0.5, 1.1, 0.3, 0.5, 2, 0.1, 17.9, 8, 2.7, 3.8, 0.5, 0.9, 0.2, 8.3] },
    };
    const fit = coxRegression(input);
    expectRelative(fit.coef[0], 0.15520293322638598);
    expectRelative(fit.se[0], 0.071399217153616995);
    expectAllRelative(fit.logLik, [-15.258563252902775, -13.242163780138849]);
    expect(fit.iterations).toBe(5);
    expectRelative(fit.score.chisq, 7.2798346833305922);
    expectRelative(fit.wald.chisq, 4.7251211666359731);
    expectRelative(fit.concordance, 0.76595744680851063);
    expectRelative(fit.concordanceSe, 0.08300231790381854);
    expect(fit.converged).toBe(true);
    const firstStep = coxRegression(input, { maxIterations: 1 });
    expect(firstStep.coef).toEqual([0]);
    expect(firstStep.logLik[1]).toBe(firstStep.logLik[0]);
    expect(firstStep.converged).toBe(false);
  });

  test('28. a stratum with a single subject and one without events contribute nothing', () => {
    // R: coxph(Surv(time, status) ~ x + strata(s)) with s = a (6 rows), b (1 row, an event), c (3 rows, no event),
    // d (2 rows): the same fit as on strata a and d alone.
    const strata = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'c', 'c', 'c', 'd', 'd'];
    const input = {
      time: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      event: [1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 1],
      covariates: { x: [2, 5, 1, 3, 8, 2, 4, 6, 1, 7, 3, 2] },
      strata,
    };
    const fit = coxRegression(input);
    expectRelative(fit.coef[0], -0.42769240145044729);
    expectRelative(fit.se[0], 0.45016823961212371);
    expectAllRelative(fit.logLik, [-4.9698132995759998, -4.1725191371975239]);
    expectRelative(fit.score.chisq, 1.1696801112656467);
    expectRelative(fit.concordance, 0.68181818181818188);
    expectRelative(fit.concordanceSe, 0.14073873029691239);
    expect(fit.n).toBe(12);
    expect(fit.nEvent).toBe(7);
    const keep = strata.map((s) => s === 'a' || s === 'd');
    const subset = <T>(values: T[]): T[] => values.filter((_, i) => keep[i]);
    const reduced = coxRegression({
      time: subset(input.time),
      event: subset(input.event),
      covariates: { x: subset(input.covariates.x) },
      strata: subset(strata),
    });
    expectRelative(reduced.coef[0], fit.coef[0]!);
    expectRelative(reduced.concordanceSe, fit.concordanceSe!);
  });

  test('29. a binary covariate coded 0/1 or 1/2 (centred differently) gives the same fit', () => {
    const fit01 = coxRegression(freireichInput);
    const fit12 = coxRegression({
      ...freireichInput,
      covariates: { grp: FREIREICH.input.group.map((g) => g + 1), lwbc: FREIREICH.input.logwbc },
    });
    expectAllRelative(fit12.coef, fit01.coef as number[], PROPERTY_RELATIVE);
    expectAllRelative(fit12.se, fit01.se as number[], PROPERTY_RELATIVE);
    expectAllRelative(fit12.logLik, fit01.logLik, PROPERTY_RELATIVE);
  });

  test('timefix: times closer than sqrt(eps) are one time, as R\'s aeqSurv', () => {
    // R: coxph(Surv(t, ev) ~ x), t = (1:8)/30.4375 with t[2] = t[1] * (1 + 1e-10), then with t[2] = t[1]:
    // both -0.1864742283670581; untouched times (no tie): -0.20175430805564096.
    const time = [1, 2, 3, 4, 5, 6, 7, 8].map((t) => t / 30.4375);
    const withTime = (second: number): CoxRegressionInput => ({
      time: time.map((t, i) => (i === 1 ? second : t)),
      event: [1, 1, 1, 0, 1, 1, 0, 1],
      covariates: { x: [1, 5, 2, 7, 3, 3, 8, 1] },
    });
    expectRelative(coxRegression(withTime(time[0]! * (1 + 1e-10))).coef[0], -0.1864742283670581);
    expectRelative(coxRegression(withTime(time[0]!)).coef[0], -0.1864742283670581);
    expectRelative(coxRegression(withTime(time[1]!)).coef[0], -0.20175430805564096);
  });
});

describe('bad input throws StatsInputError naming the field', () => {
  const base = (): CoxRegressionInput => ({
    time: [1, 2, 3, 4],
    event: [1, 0, 1, 1],
    covariates: { age: [50, 60, 70, 80] },
    strata: null,
  });

  test.each([
    ['empty input', { ...base(), time: [], event: [], covariates: { age: [] } }, 'time'],
    ['event length', { ...base(), event: [1, 0, 1] }, 'event'],
    ['covariate length', { ...base(), covariates: { age: [50, 60, 70] } }, 'covariates.age'],
    ['strata length', { ...base(), strata: ['a', 'b'] }, 'strata'],
    ['NaN time', { ...base(), time: [1, Number.NaN, 3, 4] }, 'time'],
    ['infinite time', { ...base(), time: [1, 2, Number.POSITIVE_INFINITY, 4] }, 'time'],
    ['negative time', { ...base(), time: [1, -2, 3, 4] }, 'time'],
    ['event 2', { ...base(), event: [1, 2, 0, 1] }, 'event'],
    ['NaN covariate', { ...base(), covariates: { age: [50, Number.NaN, 70, 80] } }, 'covariates.age'],
    ['infinite covariate', { ...base(), covariates: { age: [50, 60, Number.NEGATIVE_INFINITY, 80] } }, 'covariates.age'],
    ['no covariates', { ...base(), covariates: {} }, 'covariates'],
    ['NaN stratum', { ...base(), strata: ['a', Number.NaN, 'a', 'b'] }, 'strata'],
  ] as const)('%s', (_, input, field) => {
    expectInputError(() => coxRegression(input as CoxRegressionInput), field);
  });

  test.each([
    [{ ties: 'exact' }, 'options.ties'],
    [{ confLevel: 1 }, 'options.confLevel'],
    [{ maxIterations: -1 }, 'options.maxIterations'],
    [{ maxIterations: 2.5 }, 'options.maxIterations'],
    [{ tolerance: 0 }, 'options.tolerance'],
  ] as const)('options %o', (options, field) => {
    expectInputError(() => coxRegression(base(), options as CoxRegressionOptions), field);
  });
});

/** Concordance and its infinitesimal-jackknife se straight from the definition, over all pairs. */
function bruteForceConcordance(
  time: number[],
  event: number[],
  score: number[],
  strata: (string | number)[] | null,
): { concordance: number; standardError: number } {
  const n = time.length;
  const c = new Array<number>(n).fill(0);
  const d = new Array<number>(n).fill(0);
  const t = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (strata !== null && strata[i] !== strata[j]) continue;
      const comparable = event[i] === 1 && (time[i]! < time[j]! || (time[i] === time[j] && event[j] === 0));
      if (!comparable) continue;
      const kind = score[i]! > score[j]! ? c : score[i]! < score[j]! ? d : t;
      kind[i]!++;
      kind[j]!++;
    }
  }
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  const [concordant, discordant, tied] = [sum(c) / 2, sum(d) / 2, sum(t) / 2];
  const pairs = concordant + discordant + tied;
  const somersD = (concordant - discordant) / pairs;
  const squares = sum(c.map((ci, i) => (ci - d[i]! - somersD * (ci + d[i]! + t[i]!)) ** 2));
  return { concordance: (concordant + tied / 2) / pairs, standardError: Math.sqrt(squares) / (2 * pairs) };
}

function randomData(random: Random, n: number, withStrata: boolean, tiedTimes: boolean) {
  const time: number[] = [];
  const event: number[] = [];
  const age: number[] = [];
  const treated: number[] = [];
  const strata: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = 40 + randomInt(random, 40);
    const g = random() < 0.5 ? 1 : 0;
    const hazard = Math.exp(0.03 * (a - 60) - 0.7 * g);
    const t = -Math.log(1 - random()) / hazard;
    time.push(tiedTimes ? Math.ceil(t * 4) : t);
    event.push(random() < 0.75 ? 1 : 0);
    age.push(a);
    treated.push(g);
    strata.push(['north', 'south', 'east'][randomInt(random, 3)]!);
  }
  return { time, event, covariates: { age, treated }, strata: withStrata ? strata : null };
}

describe('concordance against its definition over all pairs', () => {
  test.each([
    [1, false, true],
    [2, true, true],
    [3, false, false],
    [4, true, false],
  ])('seed %i (strata %s, tied times %s)', (seed, withStrata, tiedTimes) => {
    const data = randomData(mulberry32(seed), 120, withStrata, tiedTimes);
    const fit = coxRegression(data);
    // the linear predictor up to a constant; rounding coefficients to 2 dp would create ties, so use them as fitted
    const score = data.covariates.age.map((a, i) => a * fit.coef[0]! + data.covariates.treated[i]! * fit.coef[1]!);
    const expected = bruteForceConcordance(data.time, data.event, score, data.strata);
    expectRelative(fit.concordance, expected.concordance, 1e-12);
    expectRelative(fit.concordanceSe, expected.standardError, 1e-12);
  });

  test('tied risk scores count as tied.x (one binary covariate)', () => {
    const data = randomData(mulberry32(5), 80, false, true);
    const fit = coxRegression({ ...data, covariates: { treated: data.covariates.treated } });
    const expected = bruteForceConcordance(data.time, data.event, data.covariates.treated.map((g) => g * fit.coef[0]!), null);
    expectRelative(fit.concordance, expected.concordance, 1e-12);
    expectRelative(fit.concordanceSe, expected.standardError, 1e-12);
  });
});

describe('seeded properties', () => {
  const seeds = [11, 12, 13, 14, 15];
  const fitOf = (data: ReturnType<typeof randomData>, options: CoxRegressionOptions = {}): CoxRegressionResult =>
    coxRegression(data, options);

  test.each(seeds)('shifting a covariate by a constant leaves the fit unchanged (seed %i)', (seed) => {
    const data = randomData(mulberry32(seed), 150, seed % 2 === 0, true);
    const shifted = { ...data, covariates: { ...data.covariates, age: data.covariates.age.map((a) => a - 1234.5) } };
    const [a, b] = [fitOf(data), fitOf(shifted)];
    expectAllRelative(b.coef, a.coef as number[], PROPERTY_RELATIVE);
    expectAllRelative(b.se, a.se as number[], PROPERTY_RELATIVE);
    expectAllRelative(b.logLik, a.logLik, PROPERTY_RELATIVE);
    expectRelative(b.concordance, a.concordance!, PROPERTY_RELATIVE);
  });

  test.each(seeds)('rescaling a covariate by c divides its coefficient by c (seed %i)', (seed) => {
    const data = randomData(mulberry32(seed), 150, seed % 2 === 0, true);
    const c = 12.5;
    const scaled = fitOf({ ...data, covariates: { ...data.covariates, age: data.covariates.age.map((a) => a * c) } });
    const fit = fitOf(data);
    expectRelative(scaled.coef[0], fit.coef[0]! / c, PROPERTY_RELATIVE);
    expectRelative(scaled.se[0], fit.se[0]! / c, PROPERTY_RELATIVE);
    expectRelative(scaled.coef[1], fit.coef[1]!, PROPERTY_RELATIVE);
    expectRelative(scaled.z[0], fit.z[0]!, PROPERTY_RELATIVE);
  });

  test.each(seeds)('permuting the rows changes nothing (seed %i)', (seed) => {
    const random = mulberry32(seed);
    const data = randomData(random, 150, seed % 2 === 0, true);
    const order = randomPermutation(random, data.time.length);
    const permute = <T>(values: T[]): T[] => order.map((i) => values[i]!);
    const permuted = {
      time: permute(data.time),
      event: permute(data.event),
      covariates: { age: permute(data.covariates.age), treated: permute(data.covariates.treated) },
      strata: data.strata === null ? null : permute(data.strata),
    };
    const [a, b] = [fitOf(data), fitOf(permuted)];
    expectAllRelative(b.coef, a.coef as number[], PROPERTY_RELATIVE);
    expectAllRelative(b.se, a.se as number[], PROPERTY_RELATIVE);
    expectRelative(b.score.chisq, a.score.chisq, PROPERTY_RELATIVE);
    expect(b.iterations).toBe(a.iterations);
    expectRelative(b.concordance, a.concordance!, PROPERTY_RELATIVE);
    expectRelative(b.concordanceSe, a.concordanceSe!, PROPERTY_RELATIVE);
  });

  test.each(seeds)('Efron equals Breslow when no two events share a time (seed %i)', (seed) => {
    const data = randomData(mulberry32(seed), 150, seed % 2 === 0, false);
    const [efron, breslow] = [fitOf(data, { ties: 'efron' }), fitOf(data, { ties: 'breslow' })];
    expect(efron.coef).toEqual(breslow.coef);
    expect(efron.logLik).toEqual(breslow.logLik);
    expect(efron.se).toEqual(breslow.se);
  });

  test.each(seeds)('score and Wald tests are non-negative, C in [0, 1] (seed %i)', (seed) => {
    const fit = fitOf(randomData(mulberry32(seed), 60, seed % 2 === 0, true));
    expect(fit.score.chisq).toBeGreaterThanOrEqual(0);
    expect(fit.wald.chisq).toBeGreaterThanOrEqual(0);
    expect(fit.likelihoodRatio.chisq).toBeGreaterThanOrEqual(0);
    expect(fit.concordance).toBeGreaterThanOrEqual(0);
    expect(fit.concordance).toBeLessThanOrEqual(1);
  });
});
