/**
 * Fisher's exact test (src/stats/fisher-exact.ts): by hand, the golden cases and vectors from R,
 * the edge cases of docs/statistics-spec.md §7 (33-36), bad input, and seeded properties.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fisherExact, type FisherAlternative, type FisherExactResult } from '../../src/stats/index.js';
import { mulberry32 } from '../helpers/prng.js';
import { expectInputError } from '../helpers/stats-input-error.js';

const GOLDEN = new URL('../golden/', import.meta.url);

/** test/golden/README.md: relative 1e-6, absolute 1e-9 near zero; the CI limits 1e-5. */
const RELATIVE_TOLERANCE = 1e-6;
const ABSOLUTE_TOLERANCE = 1e-9;
const CONF_INT_RELATIVE_TOLERANCE = 1e-5;
/**
 * This implementation follows R's root finder step by step on R's own density values, so on the
 * golden cases it agrees far inside the README's tolerances; 1e-10 pins that down.
 */
const SAME_PATH_RELATIVE_TOLERANCE = 1e-10;
/** uniroot's tolerance DBL_EPSILON^0.25: how far R's (and our) roots may sit from the exact ones. */
const UNIROOT_TOLERANCE = 1.3e-4;

function expectClose(actual: number | null | undefined, expected: number, relative: number, absolute = ABSOLUTE_TOLERANCE): void {
  expect(actual).toBeTypeOf('number');
  const difference = Math.abs((actual as number) - expected);
  if (!(difference <= absolute || difference <= relative * Math.abs(expected))) {
    expect.fail(`${actual} differs from ${expected} by ${difference} (relative ${difference / Math.abs(expected)})`);
  }
}

describe('fisherExact by hand', () => {
  // Tea tasting [[3, 1], [1, 3]]: X = a ~ hypergeometric with m = n = k = 4,
  // P(X = x) = C(4, x) C(4, 4 - x) / C(8, 4) = (1, 16, 36, 16, 1) / 70 for x = 0..4; observed x = 3.
  const table = [
    [3, 1],
    [1, 3],
  ];

  it('two-sided: the tables no more probable than the observed one, x = 0, 1, 3, 4', () => {
    expectClose(fisherExact({ table }).p, (1 + 16 + 16 + 1) / 70, 1e-13);
  });

  it('one-sided: P(X <= 3) and P(X >= 3)', () => {
    expectClose(fisherExact({ table }, { alternative: 'less' }).p, 69 / 70, 1e-13);
    expectClose(fisherExact({ table }, { alternative: 'greater' }).p, 17 / 70, 1e-13);
  });

  it('the conditional MLE solves E_psi[X] = x', () => {
    // [[1, 1], [1, 2]]: m = 2, n = 3, k = 2, weights C(2, u) C(3, 2 - u) = (3, 6, 1) for u = 0..2, x = 1:
    // (6 psi + 2 psi^2) / (3 + 6 psi + psi^2) = 1  <=>  psi^2 = 3. R finds 1/psi on (0, 1) to uniroot's tolerance.
    const result = fisherExact({ table: [[1, 1], [1, 2]] });
    expect(Math.abs(1 / (result.oddsRatio as number) - 1 / Math.sqrt(3))).toBeLessThan(UNIROOT_TOLERANCE);
    // R 4.2.2: fisher.test(matrix(c(1, 1, 1, 2), 2))$estimate
    expectClose(result.oddsRatio, 1.73210098944957, SAME_PATH_RELATIVE_TOLERANCE);
  });

  it('the confidence limits solve the tail equations in closed form for [[1, 1], [1, 1]]', () => {
    // Weights (1, 4, 1), x = 1 = E_1[X]: the MLE is exactly 1 (R's third branch). The lower limit
    // solves P_psi(X >= 1) = (4 psi + psi^2) / (1 + 4 psi + psi^2) = 0.025, psi = -2 + sqrt(4 + a/(1 - a));
    // by symmetry the upper limit is 1 / that (found by R as 1/t with t on (0, 1)).
    const alpha = 0.025;
    const root = -2 + Math.sqrt(4 + alpha / (1 - alpha));
    const result = fisherExact({ table: [[1, 1], [1, 1]] });
    expect(result.oddsRatio).toBe(1);
    expect(result.p).toBe(1);
    const [lower, upper] = result.confInt as [number, number];
    expect(Math.abs(lower - root)).toBeLessThan(UNIROOT_TOLERANCE);
    expect(Math.abs(1 / upper - root)).toBeLessThan(UNIROOT_TOLERANCE);
  });
});

interface FisherCase {
  name: string;
  input: { table: number[][] };
  options: { alternative: FisherAlternative };
  expected: { p: number; oddsRatio?: number | null; confInt?: [number | null, number | null] };
}

const goldenCases = readdirSync(new URL('cases/', GOLDEN))
  .filter((file) => file.startsWith('fisher__') && file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(new URL(`cases/${file}`, GOLDEN), 'utf8')) as FisherCase);

function expectNullOr(actual: number | null | undefined, expected: number | null, relative: number): void {
  if (expected === null) expect(actual).toBeNull();
  else expectClose(actual, expected, relative);
}

describe('fisherExact on the golden cases (R 4.2.2 fisher.test, test/golden/cases)', () => {
  it('finds all seven fisher cases', () => {
    expect(goldenCases).toHaveLength(7);
  });

  for (const c of goldenCases) {
    it(`${c.name}: within the README tolerances`, () => {
      const result = fisherExact(c.input, c.options);
      expectClose(result.p, c.expected.p, RELATIVE_TOLERANCE);
      if (c.expected.oddsRatio !== undefined) expectNullOr(result.oddsRatio, c.expected.oddsRatio, RELATIVE_TOLERANCE);
      c.expected.confInt?.forEach((limit, i) => expectNullOr(result.confInt?.[i], limit, CONF_INT_RELATIVE_TOLERANCE));
    });

    it(`${c.name}: on R's root-finding path (1e-10)`, () => {
      const result = fisherExact(c.input, c.options);
      expectClose(result.p, c.expected.p, SAME_PATH_RELATIVE_TOLERANCE);
      if (c.expected.oddsRatio !== undefined) expectNullOr(result.oddsRatio, c.expected.oddsRatio, SAME_PATH_RELATIVE_TOLERANCE);
      c.expected.confInt?.forEach((limit, i) => expectNullOr(result.confInt?.[i], limit, SAME_PATH_RELATIVE_TOLERANCE));
    });
  }
});

interface FisherVector {
  table_colmajor: number[];
  nrow?: number;
  p: number;
  or?: number;
  ci?: [number, number];
}

describe('fisherExact on the spec vectors (test/golden/vectors/make_vectors.R, FISHER)', () => {
  const vectors = (JSON.parse(readFileSync(new URL('vectors/reference_vectors.json', GOLDEN), 'utf8')) as { FISHER: Record<string, FisherVector> }).FISHER;
  for (const [name, vector] of Object.entries(vectors)) {
    it(`vector ${name}`, () => {
      const rows = vector.nrow ?? 2;
      const columns = vector.table_colmajor.length / rows;
      const table = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => vector.table_colmajor[j * rows + i] ?? 0));
      const result = fisherExact({ table });
      expectClose(result.p, vector.p, SAME_PATH_RELATIVE_TOLERANCE);
      if (vector.or !== undefined) expectClose(result.oddsRatio, vector.or, SAME_PATH_RELATIVE_TOLERANCE);
      vector.ci?.forEach((limit, i) => expectClose(result.confInt?.[i], limit, SAME_PATH_RELATIVE_TOLERANCE));
    });
  }

  it('a small balanced table where differences of logChoose would put R off its path', () => {
    // R 4.2.2: fisher.test(matrix(c(1, 4, 3, 2), 2)); R's uniroot stops at 0.2033268 on R's dhyper
    // values but at 0.2033186 (4e-5 away) on log-choose differences that differ in the last bit.
    const result = fisherExact({ table: [[1, 3], [4, 2]] });
    expectClose(result.p, 0.523809523809524, 1e-13);
    expectClose(result.oddsRatio, 0.203326840899363, SAME_PATH_RELATIVE_TOLERANCE);
    expectClose(result.confInt?.[0], 0.00256040693496572, SAME_PATH_RELATIVE_TOLERANCE);
    expectClose(result.confInt?.[1], 4.58618764681968, SAME_PATH_RELATIVE_TOLERANCE);
  });

  it("tables where a plain sum instead of R's extended-precision sum() would put R off its path", () => {
    // R 4.2.2: fisher.test(matrix(c(2, 3, 4, 1), 2))$estimate
    expectClose(fisherExact({ table: [[2, 4], [3, 1]] }).oddsRatio, 0.20332684089936279, SAME_PATH_RELATIVE_TOLERANCE);
    // R 4.2.2: fisher.test(matrix(c(13, 12, 21, 4), 2), alternative = "greater", conf.level = 0.9)
    const greater = fisherExact({ table: [[13, 21], [12, 4]] }, { alternative: 'greater', confLevel: 0.9 });
    expectClose(greater.p, 0.9972821861647727, 1e-13);
    expectClose(greater.oddsRatio, 0.2133287318380822, SAME_PATH_RELATIVE_TOLERANCE);
    expectClose(greater.confInt?.[0], 0.0698807297644527, SAME_PATH_RELATIVE_TOLERANCE);
    expect(greater.confInt?.[1]).toBeNull();
  });

  it('a null odds ratio other than 1, and a one-sided interval at another level', () => {
    // R 4.2.2: fisher.test(matrix(c(3, 1, 1, 3), 2), or = 2)
    expectClose(fisherExact({ table: [[3, 1], [1, 3]] }, { orNull: 2 }).p, 0.551401869158879, 1e-13);
    // R 4.2.2: fisher.test(matrix(c(8, 3, 15, 26), 2), alternative = "less", conf.level = 0.9)
    const less = fisherExact({ table: [[8, 15], [3, 26]] }, { alternative: 'less', confLevel: 0.9 });
    expectClose(less.p, 0.993935653658563, 1e-13);
    expect(less.confInt?.[0]).toBe(0);
    expectClose(less.confInt?.[1], 16.1879368578552, SAME_PATH_RELATIVE_TOLERANCE);
  });
});

describe('fisherExact edge cases (spec §7, 33-36)', () => {
  it('33: a zero cell at the upper end of the support gives an infinite odds ratio and a one-sided interval', () => {
    // [[3, 0], [0, 5]]: weights C(3, u) C(5, 3 - u) = (10, 30, 15, 1), x = 3 = hi; only x = 3 is as rare: p = 1/56.
    const result = fisherExact({ table: [[3, 0], [0, 5]] });
    expectClose(result.p, 1 / 56, 1e-13);
    expect(result.oddsRatio).toBeNull();
    expect(result.confInt?.[1]).toBeNull();
    // R 4.2.2: fisher.test(matrix(c(3, 0, 0, 5), 2))$conf.int[1]
    expectClose(result.confInt?.[0], 1.20201311568583, SAME_PATH_RELATIVE_TOLERANCE);
    // ... and that limit solves P_psi(X >= 3) = psi^3 / (10 + 30 psi + 15 psi^2 + psi^3) = 0.025 (to uniroot's tolerance).
    const lower = result.confInt?.[0] as number;
    const tail = (psi: number) => psi ** 3 / (10 + 30 * psi + 15 * psi ** 2 + psi ** 3);
    expect(tail(1 / (1 / lower + UNIROOT_TOLERANCE))).toBeLessThan(0.025);
    expect(tail(1 / (1 / lower - UNIROOT_TOLERANCE))).toBeGreaterThan(0.025);
  });

  it('33: a zero cell at the lower end gives odds ratio 0 and a lower limit of 0', () => {
    const result = fisherExact({ table: [[0, 23], [2, 27]] });
    expect(result.oddsRatio).toBe(0);
    expect(result.confInt?.[0]).toBe(0);
    expect(result.confInt?.[1]).toBeGreaterThan(0);
  });

  it('34: a zero margin leaves one possible table: p 1, odds ratio 0, interval (0, Inf)', () => {
    for (const table of [[[0, 0], [3, 5]], [[0, 3], [0, 5]], [[0, 0], [0, 0]]]) {
      const result = fisherExact({ table });
      expect(result.p).toBe(1);
      expect(result.oddsRatio).toBe(0);
      expect(result.confInt).toEqual([0, null]);
    }
  });

  it('35: tables exactly as probable as the observed one count (the 1e-7 fuzz)', () => {
    // Tea: P(X = 1) = P(X = 3) = 16/70, computed along different paths; both count.
    expectClose(fisherExact({ table: [[1, 3], [3, 1]] }).p, 34 / 70, 1e-13);
    // r x c: every table of [[1, 1, 1], [1, 1, 1]] is at most as probable as the observed one.
    expect(fisherExact({ table: [[1, 1, 1], [1, 1, 1]] }).p).toBe(1);
    // A 2 x 3 whose two tables with P = observed tie: margins (2, 2) x (1, 1, 2).
    expectClose(fisherExact({ table: [[1, 0, 1], [0, 1, 1]] }).p, 1, 1e-13);
  });

  it('r x c on the golden 3 x 2 and the spec 3 x 3 vector (FEXACT)', () => {
    expectClose(fisherExact({ table: [[12, 7], [5, 3], [9, 10]] }).p, 0.673061827342811, 1e-11);
    expectClose(fisherExact({ table: [[3, 1, 2], [1, 5, 6], [4, 9, 5]] }).p, 0.282360228768355, 1e-11);
  });

  it('36: a table too large for exact enumeration is an input error that says so', () => {
    const table = Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => 20));
    expectInputError(() => fisherExact({ table }), 'table', /too large for the exact test/);
  });
});

describe('fisherExact rejects bad input, naming the field', () => {
  const cases: [string, () => unknown, string][] = [
    ['ragged rows', () => fisherExact({ table: [[1, 2], [3]] }), 'table'],
    ['one row', () => fisherExact({ table: [[1, 2]] }), 'table'],
    ['one column', () => fisherExact({ table: [[1], [2]] }), 'table'],
    ['NaN', () => fisherExact({ table: [[1, Number.NaN], [3, 4]] }), 'table'],
    ['a negative count', () => fisherExact({ table: [[1, -2], [3, 4]] }), 'table'],
    ['a non-integer count', () => fisherExact({ table: [[1, 2.5], [3, 4]] }), 'table'],
    ['an all-zero r x c table', () => fisherExact({ table: [[0, 0, 0], [0, 0, 0]] }), 'table'],
    ['an unknown alternative', () => fisherExact({ table: [[1, 2], [3, 4]] }, { alternative: 'both' as FisherAlternative }), 'alternative'],
    ['a one-sided r x c test', () => fisherExact({ table: [[1, 2, 3], [3, 4, 5]] }, { alternative: 'less' }), 'alternative'],
    ['a confidence level of 1', () => fisherExact({ table: [[1, 2], [3, 4]] }, { confLevel: 1 }), 'confLevel'],
    ['a negative null odds ratio', () => fisherExact({ table: [[1, 2], [3, 4]] }, { orNull: -1 }), 'orNull'],
    ['a null odds ratio for r x c', () => fisherExact({ table: [[1, 2, 3], [3, 4, 5]] }, { orNull: 2 }), 'orNull'],
  ];
  for (const [what, call, field] of cases) {
    it(what, () => expectInputError(call, field));
  }
});

function randomTable(random: () => number, rows: number, columns: number, maxCount: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.floor(random() * (maxCount + 1))));
}

/** Brute force: every table with the observed margins, P(T) = prod r! prod c! / (N! prod n!). */
function bruteForceP(table: number[][]): number {
  const rowTotals = table.map((row) => row.reduce((s, v) => s + v, 0));
  const columnTotals = (table[0] ?? []).map((_, j) => table.reduce((s, row) => s + (row[j] ?? 0), 0));
  const total = rowTotals.reduce((s, v) => s + v, 0);
  const logFactorial = [0];
  for (let v = 1; v <= total; v++) logFactorial.push((logFactorial[v - 1] ?? 0) + Math.log(v));
  const lf = (v: number) => logFactorial[v] ?? 0;
  const constant = rowTotals.reduce((s, v) => s + lf(v), 0) + columnTotals.reduce((s, v) => s + lf(v), 0) - lf(total);
  const logP = (t: number[][]) => constant - t.reduce((s, row) => s + row.reduce((u, v) => u + lf(v), 0), 0);
  const observed = logP(table);
  let p = 0;
  const current = table.map((row) => row.map(() => 0));
  const fill = (cell: number, rowsLeft: number[], columnsLeft: number[]) => {
    const columnCount = columnTotals.length;
    const i = Math.floor(cell / columnCount);
    const j = cell % columnCount;
    if (i === rowTotals.length - 1) {
      // the last row is forced by the column totals left
      const lastRow = current[i] as number[];
      columnsLeft.forEach((v, c) => (lastRow[c] = v));
      if (columnsLeft.reduce((s, v) => s + v, 0) !== rowsLeft[i]) return;
      const logProbability = logP(current);
      if (logProbability <= observed + 3.45254e-7) p += Math.exp(logProbability);
      return;
    }
    if (j === columnCount - 1) {
      const value = rowsLeft[i] ?? 0;
      if (value > (columnsLeft[j] ?? 0)) return;
      (current[i] as number[])[j] = value;
      const nextColumns = [...columnsLeft];
      nextColumns[j] = (nextColumns[j] ?? 0) - value;
      fill(cell + 1, rowsLeft, nextColumns);
      return;
    }
    for (let value = 0; value <= Math.min(rowsLeft[i] ?? 0, columnsLeft[j] ?? 0); value++) {
      (current[i] as number[])[j] = value;
      const nextRows = [...rowsLeft];
      nextRows[i] = (nextRows[i] ?? 0) - value;
      const nextColumns = [...columnsLeft];
      nextColumns[j] = (nextColumns[j] ?? 0) - value;
      fill(cell + 1, nextRows, nextColumns);
    }
  };
  fill(0, rowTotals, columnTotals);
  return Math.min(1, p);
}

describe('fisherExact properties (seeded)', () => {
  const ALTERNATIVES: FisherAlternative[] = ['two.sided', 'less', 'greater'];

  it('2 x 2: p in (0, 1], p(less) + p(greater) >= 1, and the odds ratio inside its interval', () => {
    const random = mulberry32(20261127);
    for (let trial = 0; trial < 300; trial++) {
      const table = randomTable(random, 2, 2, trial % 3 === 0 ? 4 : 30);
      for (const alternative of ALTERNATIVES) {
        const { p } = fisherExact({ table }, { alternative });
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      const less = fisherExact({ table }, { alternative: 'less' }).p;
      const greater = fisherExact({ table }, { alternative: 'greater' }).p;
      // P(X <= x) + P(X >= x) = 1 + P(X = x)
      expect(less + greater).toBeGreaterThanOrEqual(1 - 1e-12);
      const result: FisherExactResult = fisherExact({ table });
      const [lower, upper] = result.confInt as [number, number | null];
      const estimate = result.oddsRatio ?? Number.POSITIVE_INFINITY;
      expect(lower).toBeLessThanOrEqual(estimate);
      expect(estimate).toBeLessThanOrEqual(upper ?? Number.POSITIVE_INFINITY);
    }
  });

  it('2 x 2: transposing leaves p unchanged; swapping rows swaps less and greater', () => {
    const random = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const [[a, b], [c, d]] = randomTable(random, 2, 2, 25) as [[number, number], [number, number]];
      const table = [[a, b], [c, d]];
      const transposed = [[a, c], [b, d]];
      const swapped = [[c, d], [a, b]];
      for (const alternative of ALTERNATIVES) {
        expectClose(fisherExact({ table: transposed }, { alternative }).p, fisherExact({ table }, { alternative }).p, 1e-12, 1e-15);
      }
      expectClose(fisherExact({ table: swapped }, { alternative: 'less' }).p, fisherExact({ table }, { alternative: 'greater' }).p, 1e-12, 1e-15);
      expectClose(fisherExact({ table: swapped }).p, fisherExact({ table }).p, 1e-12, 1e-15);
    }
  });

  it('r x c: the network enumeration agrees with brute force, and with the 2 x 2 code', () => {
    const random = mulberry32(93);
    for (let trial = 0; trial < 60; trial++) {
      const rows = 2 + Math.floor(random() * 2);
      const columns = 2 + Math.floor(random() * 3);
      if (rows === 2 && columns === 2) continue;
      const table = randomTable(random, rows, columns, 4);
      if (table.flat().every((v) => v === 0)) continue;
      const { p } = fisherExact({ table });
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThanOrEqual(1);
      expectClose(p, bruteForceP(table), 1e-9, 1e-12);
    }
    for (let trial = 0; trial < 60; trial++) {
      const [[a, b], [c, d]] = randomTable(random, 2, 2, 20) as [[number, number], [number, number]];
      // An empty third column leaves the test unchanged but sends it through the r x c code.
      expectClose(fisherExact({ table: [[a, b, 0], [c, d, 0]] }).p, fisherExact({ table: [[a, b], [c, d]] }).p, 1e-9, 1e-12);
    }
  });

  it('r x c: permuting rows and columns leaves p unchanged', () => {
    const random = mulberry32(2026);
    for (let trial = 0; trial < 30; trial++) {
      const table = randomTable(random, 3, 4, 6);
      if (table.flat().every((v) => v === 0)) continue;
      const permuted = [table[2], table[0], table[1]].map((row) => {
        const r = row as number[];
        return [r[3], r[1], r[0], r[2]] as number[];
      });
      expectClose(fisherExact({ table: permuted }).p, fisherExact({ table }).p, 1e-9, 1e-12);
    }
  });
});
