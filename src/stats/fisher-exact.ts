/**
 * Fisher's exact test for an r x c table of counts, as R 4.2.2 `stats::fisher.test`
 * (src/library/stats/R/fisher.test.R; r x c: src/library/stats/src/fexact.c, Mehta & Patel 1983).
 *
 * With the margins fixed, a table T has the (multivariate) hypergeometric probability
 *   P(T) = prod_i r_i! prod_j c_j! / (N! prod_ij n_ij!)
 *
 * The parts, one file each:
 *   fisher-two-by-two.ts   2 x 2: p-values, conditional MLE of the odds ratio, its confidence interval
 *   fisher-network.ts      r x c: the network enumeration of tables (Mehta & Patel 1983)
 *   hypergeometric.ts      dhyper and phyper as R computes them
 *   brent-zero.ts          the root finder of R's uniroot
 *
 * Deviations from R, on purpose: a p-value that rounding pushes past 1 is reported as 1; R
 * ignores `alternative` and `or` for tables larger than 2 x 2, here asking for them is an input
 * error; infinite odds ratios and limits are null (the golden cases store R's Inf as null).
 */
import { StatsInputError } from './errors.js';
import { rowByColumnTwoSidedP } from './fisher-network.js';
import { twoByTwo, type FisherAlternative } from './fisher-two-by-two.js';

export type { FisherAlternative } from './fisher-two-by-two.js';

export interface FisherExactInput {
  /** Rows of non-negative integer counts; at least 2 rows and 2 columns. */
  table: number[][];
}

export interface FisherExactOptions {
  /** Default 'two.sided'. One-sided alternatives exist for 2 x 2 tables only. */
  alternative?: FisherAlternative;
  /** Confidence level of the odds-ratio interval (2 x 2 only), default 0.95. */
  confLevel?: number;
  /** Odds ratio under the null hypothesis (2 x 2 only), R's `or`, default 1. */
  orNull?: number;
}

export interface FisherExactResult {
  p: number;
  alternative: FisherAlternative;
  method: string;
  /** 2 x 2 only: conditional maximum-likelihood odds ratio; null when it is infinite (R: Inf). */
  oddsRatio?: number | null;
  /** 2 x 2 only: [lower, upper]; upper null when infinite (R: Inf). */
  confInt?: [number, number | null];
  /** 2 x 2 only. */
  confLevel?: number;
  /** 2 x 2 only: the odds ratio under the null hypothesis. */
  nullOddsRatio?: number;
}

const FISHER_METHOD = "Fisher's Exact Test for Count Data";

export function fisherExact(input: FisherExactInput, options: FisherExactOptions = {}): FisherExactResult {
  const table = validateTable(input.table);
  const alternative = options.alternative ?? 'two.sided';
  if (alternative !== 'two.sided' && alternative !== 'less' && alternative !== 'greater') {
    throw new StatsInputError('alternative', `must be "two.sided", "less" or "greater", got ${String(alternative)}`);
  }
  const confLevel = options.confLevel ?? 0.95;
  if (!(Number.isFinite(confLevel) && confLevel > 0 && confLevel < 1)) {
    throw new StatsInputError('confLevel', `must be a number strictly between 0 and 1, got ${String(confLevel)}`);
  }
  const orNull = options.orNull ?? 1;
  if (typeof orNull !== 'number' || !(orNull >= 0)) {
    throw new StatsInputError('orNull', `must be a number between 0 and Infinity, got ${String(orNull)}`);
  }

  const first = table[0];
  const second = table[1];
  if (table.length === 2 && first !== undefined && second !== undefined && first.length === 2) {
    return { ...twoByTwo(first, second, alternative, confLevel, orNull), method: FISHER_METHOD };
  }
  if (alternative !== 'two.sided') {
    throw new StatsInputError('alternative', 'one-sided alternatives exist only for 2 x 2 tables');
  }
  if (orNull !== 1) {
    throw new StatsInputError('orNull', 'a null odds ratio other than 1 applies only to 2 x 2 tables');
  }
  return { p: rowByColumnTwoSidedP(table), alternative, method: FISHER_METHOD };
}

function validateTable(table: unknown): number[][] {
  if (!Array.isArray(table) || table.length < 2) {
    throw new StatsInputError('table', 'must have at least 2 rows');
  }
  const rows: number[][] = [];
  let columns = -1;
  for (const [i, row] of table.entries()) {
    if (!Array.isArray(row)) throw new StatsInputError('table', `row ${i + 1} is not an array of counts`);
    if (columns === -1) columns = row.length;
    if (row.length !== columns) {
      throw new StatsInputError('table', `rows have different lengths (row 1: ${columns}, row ${i + 1}: ${row.length})`);
    }
    for (const [j, count] of row.entries()) {
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
        throw new StatsInputError('table', `cell [${i + 1}, ${j + 1}] is ${String(count)}: counts must be non-negative integers`);
      }
    }
    rows.push(row as number[]);
  }
  if (columns < 2) throw new StatsInputError('table', 'must have at least 2 columns');
  return rows;
}
