/**
 * One-way repeated-measures ANOVA (src/stats/repeated-measures-anova.ts): by hand, the golden cases
 * and spec vectors from R (car 3.1-1 / afex 1.2-1), the SPSS-style variants, the edge cases of
 * docs/statistics-spec.md §7 (37-43), bad input, and seeded properties.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  fUpperTail,
  repeatedMeasuresAnova,
  type RepeatedMeasuresAnovaInput,
  type RepeatedMeasuresAnovaResult,
} from '../../src/stats/index.js';
import { mulberry32 } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

const GOLDEN = new URL('../golden/', import.meta.url);

/** test/golden/README.md: relative 1e-6, absolute 1e-9 near zero. */
const RELATIVE_TOLERANCE = 1e-6;
const ABSOLUTE_TOLERANCE = 1e-9;
/** The computation is closed-form: R's numbers (15 digits) are matched to rounding. */
const TIGHT_RELATIVE_TOLERANCE = 1e-10;
/** The spec prints the SPSS-style numbers of rm_spss_style.R to 9-10 significant digits. */
const PRINTED_RELATIVE_TOLERANCE = 1e-8;

function expectClose(actual: number | null | undefined, expected: number, relative = TIGHT_RELATIVE_TOLERANCE, absolute = ABSOLUTE_TOLERANCE): void {
  expect(actual).toBeTypeOf('number');
  const difference = Math.abs((actual as number) - expected);
  if (!(difference <= absolute || difference <= relative * Math.abs(expected))) {
    expect.fail(`${actual} differs from ${expected} by ${difference} (relative ${difference / Math.abs(expected)})`);
  }
}

describe('repeatedMeasuresAnova by hand: 3 subjects x 3 timepoints', () => {
  // y = [[1, 3, 5], [1, 6, 5], [7, 3, 5]]: grand mean 4, subject means 3, 4, 5, time means 3, 4, 5.
  // SS_time = N sum_j (ybar_.j - ybar)^2 = 3 (1 + 0 + 1) = 6 on k - 1 = 2 df.
  // Residuals y_ij - ybar_i. - ybar_.j + ybar = [[-1, 0, 1], [-2, 2, 0], [3, -2, -1]]:
  // SS_error = 1 + 0 + 1 + 4 + 4 + 0 + 9 + 4 + 1 = 24 on (N - 1)(k - 1) = 4 df.
  // F = (6/2) / (24/4) = 0.5; P(F_{2,4} > f) = (1 + 2f/4)^(-2) = 1.25^-2 = 0.64.
  // S = R'R = [[14, -10, -4], [-10, 8, 2], [-4, 2, 2]]; E = M'SM has the two non-zero eigenvalues of S:
  // sum 24 = tr S, sum of squares 504 = sum S_ab^2, product (24^2 - 504)/2 = 36.
  // eps_GG = 24^2 / (2 * 504) = 4/7; eps_HF = (3 * 2 * 4/7 - 2) / (2 (2 - 2 * 4/7)) = 5/6.
  // Mauchly: W = 36 / (24/2)^2 = 1/4; rho = 1 - (8 + 2 + 2)/(6 * 2 * 2) = 1/2; chi2 = -2 * 1/2 * ln(1/4) = ln 4
  // on 2 df: p = exp(-ln(4)/2) = 1/2 (the second-order term vanishes for k = 3).
  // Lower bound: F_{1,2}: P = P(|t_2| > sqrt 0.5) = 1 - sqrt(0.5 / 2.5) = 1 - sqrt(0.2).
  const result = repeatedMeasuresAnova({ values: [[1, 3, 5], [1, 6, 5], [7, 3, 5]] });

  it('sums of squares, F and p', () => {
    expect(result.nComplete).toBe(3);
    expectClose(result.sumOfSquares, 6, 1e-13);
    expectClose(result.errorSumOfSquares, 24, 1e-13);
    expect([result.df1, result.df2]).toEqual([2, 4]);
    expectClose(result.F, 0.5, 1e-13);
    expectClose(result.p, 0.64, 1e-12);
    expectClose(result.partialEtaSquared, 0.2, 1e-13);
  });

  it('Greenhouse-Geisser, Huynh-Feldt and the lower bound', () => {
    expectClose(result.greenhouseGeisser.epsilon, 4 / 7, 1e-13);
    expectClose(result.greenhouseGeisser.df1, 8 / 7, 1e-13);
    expectClose(result.greenhouseGeisser.df2, 16 / 7, 1e-13);
    expectClose(result.greenhouseGeisser.p, fUpperTail(0.5, 8 / 7, 16 / 7), 1e-12);
    expectClose(result.huynhFeldt.epsilon, 5 / 6, 1e-13);
    expectClose(result.huynhFeldt.uncappedEpsilon, 5 / 6, 1e-13);
    expectClose(result.huynhFeldt.p, fUpperTail(0.5, 5 / 3, 10 / 3), 1e-12);
    expectClose(result.spss.huynhFeldt.epsilon, 5 / 6, 1e-13);
    expectClose(result.lowerBound.epsilon, 0.5, 1e-15);
    expectClose(result.lowerBound.p, 1 - Math.sqrt(0.2), 1e-12);
  });

  it("Mauchly's test", () => {
    expectClose(result.mauchly?.W, 0.25, 1e-13);
    expectClose(result.mauchly?.chiSquare, Math.log(4), 1e-13);
    expect(result.mauchly?.df).toBe(2);
    expectClose(result.mauchly?.p, 0.5, 1e-12);
    expectClose(result.spss.mauchly?.p, 0.5, 1e-12);
    expectClose(result.spss.mauchly?.pAnderson, 0.5, 1e-12);
  });

  it('per-timepoint means and SDs', () => {
    expect(result.timepoints.map((t) => t.n)).toEqual([3, 3, 3]);
    result.timepoints.forEach((t, j) => expectClose(t.mean, [3, 4, 5][j] as number, 1e-15));
    expectClose(result.timepoints[0]?.sd, 2 * Math.sqrt(3), 1e-14);
    expectClose(result.timepoints[1]?.sd, Math.sqrt(3), 1e-14);
    expect(result.timepoints[2]?.sd).toBe(0);
    expect(result.groups).toBeNull();
    expect(result.between).toBeNull();
    expect(result.interaction).toBeNull();
    expect(result.warnings).toEqual([]);
  });
});

interface RmCase {
  name: string;
  input: RepeatedMeasuresAnovaInput;
  expected: {
    nComplete: number;
    F: number;
    df1: number;
    df2: number;
    p: number;
    greenhouseGeisser: { epsilon: number; p: number };
    huynhFeldt: { epsilon: number; p: number };
    mauchly: { W: number; p: number };
  };
}

const goldenCases = readdirSync(new URL('cases/', GOLDEN))
  .filter((file) => file.startsWith('rmanova__') && file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(new URL(`cases/${file}`, GOLDEN), 'utf8')) as RmCase);

function expectMatchesCase(result: RepeatedMeasuresAnovaResult, expected: RmCase['expected'], relative: number): void {
  expect(result.nComplete).toBe(expected.nComplete);
  expect([result.df1, result.df2]).toEqual([expected.df1, expected.df2]);
  expectClose(result.F, expected.F, relative);
  expectClose(result.p, expected.p, relative);
  expectClose(result.greenhouseGeisser.epsilon, expected.greenhouseGeisser.epsilon, relative);
  expectClose(result.greenhouseGeisser.p, expected.greenhouseGeisser.p, relative);
  expectClose(result.huynhFeldt.epsilon, expected.huynhFeldt.epsilon, relative);
  expectClose(result.huynhFeldt.p, expected.huynhFeldt.p, relative);
  expectClose(result.mauchly?.W, expected.mauchly.W, relative);
  expectClose(result.mauchly?.p, expected.mauchly.p, relative);
}

describe('repeatedMeasuresAnova on the golden cases (afex 1.2-1 aov_ez, car 3.1-1; test/golden/cases)', () => {
  it('finds the five rmanova cases', () => {
    expect(goldenCases).toHaveLength(5);
  });

  for (const c of goldenCases) {
    it(`${c.name}: within the README tolerances`, () => {
      expectMatchesCase(repeatedMeasuresAnova(c.input), c.expected, RELATIVE_TOLERANCE);
    });

    it(`${c.name}: to rounding (1e-10)`, () => {
      expectMatchesCase(repeatedMeasuresAnova(c.input), c.expected, TIGHT_RELATIVE_TOLERANCE);
    });
  }
});

interface RmVectorSummary {
  terms: string[];
  SS: number[];
  df1: number[];
  SSE: number[];
  df2: number[];
  F: number[];
  p: number[];
  GG: number | number[];
  pGG: number | number[];
  HF_lecoutre: number | number[];
  pHF: number | number[];
  mauchly_W: number | number[];
  mauchly_p_R: number | number[];
}

const rmVectors = (
  JSON.parse(readFileSync(new URL('vectors/reference_vectors.json', GOLDEN), 'utf8')) as {
    RMANOVA: { input: { Y_rowmajor: (number | null)[]; group: string[] }; within_only: RmVectorSummary; with_group: RmVectorSummary };
  }
).RMANOVA;
const vectorValues = Array.from({ length: 10 }, (_, i) => rmVectors.input.Y_rowmajor.slice(4 * i, 4 * i + 4));
const first = (value: number | number[]) => (Array.isArray(value) ? (value[0] as number) : value);
const term = (summary: RmVectorSummary, name: string) => summary.terms.indexOf(name);

describe('repeatedMeasuresAnova on the spec vectors (make_vectors.R, RMANOVA: 10 x 4, subject 8 missing t2)', () => {
  const within = repeatedMeasuresAnova({ values: vectorValues });
  const mixed = repeatedMeasuresAnova({ values: vectorValues, between: rmVectors.input.group });

  it('within only: the time test, epsilons and Mauchly as car', () => {
    const v = rmVectors.within_only;
    const t = term(v, 'time');
    expect(within.nComplete).toBe(9);
    expectClose(within.sumOfSquares, v.SS[t] as number);
    expectClose(within.errorSumOfSquares, v.SSE[t] as number);
    expectClose(within.F, v.F[t] as number);
    expectClose(within.p, v.p[t] as number);
    expectClose(within.greenhouseGeisser.epsilon, first(v.GG));
    expectClose(within.greenhouseGeisser.p, first(v.pGG));
    expectClose(within.huynhFeldt.epsilon, first(v.HF_lecoutre));
    expectClose(within.huynhFeldt.p, first(v.pHF));
    expectClose(within.mauchly?.W, first(v.mauchly_W));
    // R's second-order term uses 3k (k = 4): 0.837331524, not Anderson's 0.837292046
    expectClose(within.mauchly?.p, first(v.mauchly_p_R));
  });

  it('with a group: time (Type III), group and time x group as car', () => {
    const v = rmVectors.with_group;
    const t = term(v, 'time');
    const g = term(v, 'grp');
    const i = term(v, 'grp:time');
    expectClose(mixed.sumOfSquares, v.SS[t] as number);
    expectClose(mixed.errorSumOfSquares, v.SSE[t] as number);
    expect([mixed.df1, mixed.df2]).toEqual([v.df1[t], v.df2[t]]);
    expectClose(mixed.F, v.F[t] as number);
    expectClose(mixed.p, v.p[t] as number);
    expectClose(mixed.between?.sumOfSquares, v.SS[g] as number);
    expectClose(mixed.between?.errorSumOfSquares, v.SSE[g] as number);
    expectClose(mixed.between?.F, v.F[g] as number);
    expectClose(mixed.between?.p, v.p[g] as number);
    expectClose(mixed.interaction?.sumOfSquares, v.SS[i] as number);
    expect([mixed.interaction?.df1, mixed.interaction?.df2]).toEqual([v.df1[i], v.df2[i]]);
    expectClose(mixed.interaction?.F, v.F[i] as number);
    expectClose(mixed.interaction?.p, v.p[i] as number);
    const [ggTime, ggInteraction] = v.pGG as number[];
    expectClose(mixed.greenhouseGeisser.epsilon, first(v.GG));
    expectClose(mixed.greenhouseGeisser.p, ggTime as number);
    expectClose(mixed.interaction?.greenhouseGeisser.p, ggInteraction as number);
    expectClose(mixed.huynhFeldt.epsilon, first(v.HF_lecoutre));
    expectClose(mixed.mauchly?.W, first(v.mauchly_W));
    expectClose(mixed.mauchly?.p, first(v.mauchly_p_R));
  });

  it('SPSS-style variants as rm_spss_style.R (spec §5.4)', () => {
    expectClose(within.spss.huynhFeldt.uncappedEpsilon, 1.245667069, PRINTED_RELATIVE_TOLERANCE);
    expectClose(within.spss.mauchly?.p, 0.835726082, PRINTED_RELATIVE_TOLERANCE);
    expectClose(within.spss.mauchly?.pAnderson, 0.837292046, PRINTED_RELATIVE_TOLERANCE);
    expectClose(within.spss.mauchly?.chiSquare, 2.09587585, PRINTED_RELATIVE_TOLERANCE);
    // With a group the two Huynh-Feldt formulas part: original 1.5291, Lecoutre (car) 1.3427.
    expectClose(mixed.spss.huynhFeldt.uncappedEpsilon, 1.529100431, PRINTED_RELATIVE_TOLERANCE);
    expectClose(mixed.huynhFeldt.uncappedEpsilon, 1.342700928, PRINTED_RELATIVE_TOLERANCE);
    expectClose(mixed.spss.mauchly?.p, 0.881359955, PRINTED_RELATIVE_TOLERANCE);
    expectClose(mixed.spss.mauchly?.chiSquare, 1.75919085, PRINTED_RELATIVE_TOLERANCE);
    expectClose(mixed.spss.greenhouseGeisser.epsilon, 0.836837974, PRINTED_RELATIVE_TOLERANCE);
  });

  it("40: a Huynh-Feldt epsilon above 1 is reported as car's (uncapped) and used as 1 in its test", () => {
    // car 3.1-1 on these data: HF eps 1.2456671 (within), 1.3427009 (with the group); Pr(>F[HF]) = Pr(>F).
    expect(first(rmVectors.within_only.HF_lecoutre)).toBeGreaterThan(1);
    expectClose(within.huynhFeldt.epsilon, first(rmVectors.within_only.HF_lecoutre));
    expectClose(mixed.huynhFeldt.epsilon, first(rmVectors.with_group.HF_lecoutre));
    expect(within.huynhFeldt.uncappedEpsilon).toBe(within.huynhFeldt.epsilon);
    expect(within.huynhFeldt.p).toBe(within.p);
    expect([within.huynhFeldt.df1, within.huynhFeldt.df2]).toEqual([within.df1, within.df2]);
    expect(mixed.huynhFeldt.p).toBe(mixed.p);
    expect(mixed.interaction?.huynhFeldt.p).toBe(mixed.interaction?.p);
    expect(mixed.spss.huynhFeldt.epsilon).toBe(1);
    expect(mixed.spss.huynhFeldt.time.p).toBe(mixed.p);
    expect(mixed.spss.huynhFeldt.interaction?.p).toBe(mixed.interaction?.p);
  });

  it('42: unbalanced groups (5 and 4) give the Type III (unweighted-means) time effect', () => {
    // Type III: SS_time = g^2 |mu|^2 / sum_h (1/n_h) with mu the unweighted mean of the group means
    // of the contrasts; it differs from the pooled N |zbar|^2 = 52.348 of the design without groups.
    expect(mixed.groups?.map((group) => group.n)).toEqual([5, 4]);
    expectClose(mixed.sumOfSquares, 51.9103333333335);
    expect(Math.abs(mixed.sumOfSquares - within.sumOfSquares)).toBeGreaterThan(0.4);
  });
});

describe('repeatedMeasuresAnova edge cases (spec §7, 37-43)', () => {
  it('37: a subject with a missing timepoint is dropped whole', () => {
    const c = goldenCases.find((gc) => gc.name === 'rmanova/simulated-alp-missing') as RmCase;
    const result = repeatedMeasuresAnova(c.input);
    expect(result.excludedRows).toEqual([2, 16]);
    const kept = c.input.values.filter((_, i) => i !== 2 && i !== 16);
    const { excludedRows: _excluded, ...rest } = result;
    const { excludedRows: none, ...direct } = repeatedMeasuresAnova({ values: kept });
    expect(none).toEqual([]);
    expect(rest).toEqual(direct);
  });

  it('38: k = 2 is the paired t-test (F = t^2), epsilons 1, no Mauchly', () => {
    const values = [[10.1, 11.3], [8.4, 9.9], [12.2, 12.1], [9.7, 11], [11.5, 13.2], [7.9, 8.1]];
    const differences = values.map(([a, b]) => (b as number) - (a as number));
    const n = differences.length;
    const meanDifference = differences.reduce((s, d) => s + d, 0) / n;
    const sd = Math.sqrt(differences.reduce((s, d) => s + (d - meanDifference) ** 2, 0) / (n - 1));
    const t = meanDifference / (sd / Math.sqrt(n));
    const result = repeatedMeasuresAnova({ values });
    expectClose(result.F, t * t, 1e-12);
    expect([result.df1, result.df2]).toEqual([1, n - 1]);
    expect(result.greenhouseGeisser.epsilon).toBe(1);
    expect(result.huynhFeldt.epsilon).toBe(1);
    expect(result.greenhouseGeisser.p).toBe(result.p);
    expect(result.mauchly).toBeNull();
    expect(result.spss.mauchly).toBeNull();
  });

  it('39: fewer error df than k - 1: no Mauchly and, as car, no epsilons; SPSS-style epsilons remain', () => {
    const values = [[1, 3, 5, 4, 6], [2, 2, 6, 5, 9], [4, 3, 5, 8, 7]];
    const result = repeatedMeasuresAnova({ values });
    expect(result.F).not.toBeNull();
    expect(result.mauchly).toBeNull();
    expect(result.greenhouseGeisser.epsilon).toBeNull();
    expect(result.huynhFeldt.p).toBeNull();
    const gg = result.spss.greenhouseGeisser.epsilon as number;
    expect(gg).toBeGreaterThanOrEqual(1 / 4);
    expect(gg).toBeLessThanOrEqual(1);
    expect(result.warnings.join(' ')).toMatch(/singular/);
    const mixed = repeatedMeasuresAnova({ values: [...values, [3, 3, 3, 4, 2]], between: ['a', 'a', 'b', 'b'] });
    expect(mixed.mauchly).toBeNull();
    expect(mixed.interaction?.greenhouseGeisser.p).toBeNull();
  });

  it('43: a group left empty by listwise deletion is dropped, with a warning', () => {
    const values = [[1, 3, 5], [1, 6, 5], [7, 3, 5], [2, 4, 4], [3, null, 1], [5, 5, 6]];
    const between = ['a', 'a', 'b', 'b', 'c', 'a'];
    const result = repeatedMeasuresAnova({ values, between });
    expect(result.groups?.map((group) => group.level)).toEqual(['a', 'b']);
    expect(result.warnings).toContain('group "c" has no complete subjects and was dropped');
    const direct = repeatedMeasuresAnova({ values: values.filter((_, i) => i !== 4), between: between.filter((_, i) => i !== 4) });
    expect(result.F).toBe(direct.F);
    expect(result.interaction).toEqual(direct.interaction);
  });

  it('43: with one group left the design is the within-only one; group and interaction not estimable', () => {
    const values = [[1, 3, 5], [1, 6, 5], [7, 3, 5], [2, null, 4]];
    const result = repeatedMeasuresAnova({ values, between: ['a', 'a', 'a', 'b'] });
    const within = repeatedMeasuresAnova({ values: values.slice(0, 3) });
    expect(result.F).toBe(within.F);
    expect(result.between).toBeNull();
    expect(result.interaction).toBeNull();
    expect(result.warnings.join(' ')).toMatch(/fewer than 2 groups/);
  });

  it('a missing group counts as missing (listwise deletion)', () => {
    const result = repeatedMeasuresAnova({ values: [[1, 2], [2, 4], [3, 3], [4, 7], [5, 5]], between: ['a', 'b', null, 'a', 'b'] });
    expect(result.excludedRows).toEqual([2]);
    expect(result.nComplete).toBe(4);
  });

  it('no within-subject error variance: F not estimable, no error', () => {
    const result = repeatedMeasuresAnova({ values: [[1, 2, 4], [3, 4, 6], [0, 1, 3]] });
    expect(result.errorSumOfSquares).toBe(0);
    expect(result.greenhouseGeisser.epsilon).toBeNull();
    expect(result.F).toBeNull();
    expect(result.p).toBeNull();
    expect(result.mauchly).toBeNull();
    expect(result.warnings.join(' ')).toMatch(/no within-subject error variance/);
  });
});

describe('repeatedMeasuresAnova rejects bad input, naming the field', () => {
  const cases: [string, () => unknown, string][] = [
    ['no subjects', () => repeatedMeasuresAnova({ values: [] }), 'values'],
    ['ragged rows', () => repeatedMeasuresAnova({ values: [[1, 2, 3], [1, 2], [3, 4, 5]] }), 'values'],
    ['one timepoint', () => repeatedMeasuresAnova({ values: [[1], [2], [3]] }), 'values'],
    ['NaN', () => repeatedMeasuresAnova({ values: [[1, 2], [Number.NaN, 3], [3, 4]] }), 'values'],
    ['Infinity', () => repeatedMeasuresAnova({ values: [[1, 2], [Number.POSITIVE_INFINITY, 3], [3, 4]] }), 'values'],
    ['between of the wrong length', () => repeatedMeasuresAnova({ values: [[1, 2], [2, 3], [3, 5]], between: ['a', 'b'] }), 'between'],
    ['a NaN group', () => repeatedMeasuresAnova({ values: [[1, 2], [2, 3], [3, 5]], between: ['a', Number.NaN, 'b'] }), 'between'],
    ['one complete subject', () => repeatedMeasuresAnova({ values: [[1, 2], [2, null]] }), 'values'],
    ['one complete subject per group', () => repeatedMeasuresAnova({ values: [[1, 2], [2, 4]], between: ['a', 'b'] }), 'values'],
  ];
  for (const [what, call, field] of cases) {
    it(what, () => expectInputError(call, field));
  }
});

/** Lab-like data: a subject level, a time trend, noise (Box-Muller normals). */
function randomStudy(random: () => number): { values: number[][]; between: string[] } {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const n = 8 + Math.floor(random() * 25);
  const k = 2 + Math.floor(random() * 4);
  const levels = ['<25%', '25-50%', '>50%'].slice(0, 2 + Math.floor(random() * 2));
  const values = Array.from({ length: n }, () => {
    const level = 140 + 80 * normal();
    return Array.from({ length: k }, (_, j) => level * (1 + 0.1 * j) + 30 * normal());
  });
  const between = values.map((_, i) => levels[i % levels.length] as string);
  return { values, between };
}

/** The numbers that describe the time and time x group tests. */
function withinSummary(result: RepeatedMeasuresAnovaResult): (number | null)[] {
  return [
    result.F,
    result.p,
    result.greenhouseGeisser.epsilon,
    result.greenhouseGeisser.p,
    result.huynhFeldt.uncappedEpsilon,
    result.huynhFeldt.p,
    result.mauchly?.W ?? null,
    result.mauchly?.p ?? null,
    result.interaction?.F ?? null,
    result.interaction?.p ?? null,
    result.spss.huynhFeldt.uncappedEpsilon,
  ];
}

function expectSameSummary(actual: (number | null)[], expected: (number | null)[]): void {
  expected.forEach((value, i) => {
    if (value === null) expect(actual[i]).toBeNull();
    else expectClose(actual[i], value, 1e-8, 1e-12);
  });
}

describe('repeatedMeasuresAnova properties (seeded)', () => {
  it('adding a constant per subject leaves the within-subject tests unchanged', () => {
    const random = mulberry32(20261127);
    for (let trial = 0; trial < 40; trial++) {
      const { values, between } = randomStudy(random);
      const shifted = values.map((row) => {
        const shift = 500 * (random() - 0.5);
        return row.map((v) => v + shift);
      });
      for (const groups of [null, between]) {
        expectSameSummary(withinSummary(repeatedMeasuresAnova({ values: shifted, between: groups })), withinSummary(repeatedMeasuresAnova({ values, between: groups })));
      }
    }
  });

  it('permuting subjects (with their groups) changes nothing', () => {
    const random = mulberry32(93);
    for (let trial = 0; trial < 40; trial++) {
      const { values, between } = randomStudy(random);
      const order = values.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      const permuted = repeatedMeasuresAnova({ values: order.map((i) => values[i] as number[]), between: order.map((i) => between[i] as string) });
      const original = repeatedMeasuresAnova({ values, between });
      expectSameSummary(withinSummary(permuted), withinSummary(original));
      expectClose(permuted.between?.F, original.between?.F as number, 1e-8);
    }
  });

  it('p-values in [0, 1], GG between the lower bound and 1, HF at least GG and its df at most the uncorrected, W in (0, 1]', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 60; trial++) {
      const { values, between } = randomStudy(random);
      const result = repeatedMeasuresAnova({ values, between: trial % 2 === 0 ? between : null });
      const k = result.timepointCount;
      for (const p of [result.p, result.greenhouseGeisser.p, result.huynhFeldt.p, result.mauchly?.p ?? 0.5]) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      const gg = result.greenhouseGeisser.epsilon as number;
      expect(gg).toBeGreaterThanOrEqual(1 / (k - 1) - 1e-12);
      expect(gg).toBeLessThanOrEqual(1 + 1e-12);
      // car's Huynh-Feldt epsilon may exceed 1; its test never uses more than the uncorrected df.
      expect(result.huynhFeldt.epsilon as number).toBeGreaterThanOrEqual(gg - 1e-12);
      expect(result.huynhFeldt.df1 as number).toBeLessThanOrEqual(result.df1);
      expect(result.huynhFeldt.df1 as number).toBe(Math.min(1, result.huynhFeldt.epsilon as number) * result.df1);
      if (result.mauchly) {
        expect(result.mauchly.W).toBeGreaterThan(0);
        expect(result.mauchly.W).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
  });
});
