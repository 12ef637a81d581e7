/**
 * Gray's K-sample test for equality of cumulative incidence functions, as R's
 * `cmprsk::cuminc(ftime, fstatus, group, strata, rho, cencode = 0)$Tests` (cmprsk 2.2-11, R/cmprsk.R
 * and src/crstm.f, routines crstm and crst; Gray, Ann. Statist. 16 (1988) 1141–1154;
 * docs/statistics-spec.md §11).
 *
 * For each cause c separately (m = 1 cause c, 2 any other cause, 0 censored), within each stratum,
 * over the distinct times t ascending with any failure, per group g: R_g at risk, S_g(t-) the group's
 * left-continuous Kaplan–Meier of any failure, F_g(t-) its cumulative incidence of c; pooled
 *   h_g = R_g / S_g(t-),   F(t) = F(t-) + d_c / Σ_g h_g,   w = (1 - F(t-))^rho,
 *   score_g += w (d_cg - d_c [h_g (1 - F_g(t-))] / Σ_h h_h (1 - F_h(t-)))        first G - 1 groups.
 * The variance is Gray's (1988) estimator as crst accumulates it: per time the a (weighted
 * projection) and c (running integral) matrices, the v2 and v3 terms for failures of cause c and of
 * the other causes with their tie corrections 1 - (d - 1)/(Σ_h h_h S_g(t-) - 1) and
 * 1 - (d_2g - 1)/(R_g - 1), and at the end of each stratum V += Σ_g c c' v3 + c v2' + v2 c'.
 * Scores and variances are summed over strata.
 *   stat = s' V^-1 s on df = G - 1, with R's convention stat = -1 when qr(V) is rank-deficient
 *   (qr-rank.ts, tol 1e-7), and p = 1 - pchisq(stat, df) as cmprsk computes it (so p = 1 for
 *   stat = -1 and p = 0 once P(chi² > stat) < ~1e-16).
 *
 * Conventions, as cuminc: no timefix (times tie only when equal); groups and strata are factors of
 * the labels (the engine's factor order, survival-data.ts readLevels); causes are the distinct
 * non-zero statuses in numeric order (competing-risks-data.ts); rows sorted by time, stably.
 */
import { readCauseStatus } from './competing-risks-data.js';
import { chiSquareLowerTail } from './distributions.js';
import { StatsInputError } from './errors.js';
import { qrDecompose, qrSolve } from './qr-rank.js';
import { countingSort, sortAscending } from './radix-sort.js';
import { readLevels, readSurvivalTimes, type SurvivalColumn, type SurvivalLabelColumn } from './survival-data.js';

export interface GrayTestInput {
  /** Follow-up times, >= 0. */
  time: SurvivalColumn;
  /** 0 = censored, k > 0 = failed from cause k. */
  status: SurvivalColumn;
  /** Group label per row: the groups compared (at least two). */
  group: SurvivalLabelColumn;
  /** Optional stratum label per row: scores and variances are formed within strata and summed. */
  strata?: SurvivalLabelColumn | null;
}

export interface GrayTestOptions {
  /** Weight exponent of (1 - F(t-)); default 0. */
  rho?: number;
}

export interface GrayTestResult {
  rho: number;
  /** Group labels in R's order; the scores below follow it (the last group has none). */
  groups: string[];
  causes: number[];
  /** Per cause: the statistic, -1 where the score variance is singular (cmprsk's convention). */
  stat: number[];
  /** Per cause: 1 - pchisq(stat, df). */
  p: number[];
  df: number[];
  /** Per cause: the scores of the first G - 1 groups. */
  score: number[][];
  /** Causes whose variance was singular, in words. */
  warnings: string[];
}

/** The per-cause codes crst reads: censored, the cause tested, any other cause. */
const CENSORED = 0;
const TESTED_CAUSE = 1;
const OTHER_CAUSE = 2;

export function grayTest(input: GrayTestInput, options: GrayTestOptions = {}): GrayTestResult {
  const rho = options.rho ?? 0;
  if (typeof rho !== 'number' || !Number.isFinite(rho) || rho < 0) {
    throw new StatsInputError('rho', 'must be a finite number >= 0');
  }
  const time = readSurvivalTimes('time', input.time);
  const n = time.length;
  const { causes, code } = readCauseStatus('status', input.status, n);
  if (input.group === undefined || input.group === null) throw new StatsInputError('group', 'is required: the groups to compare');
  const group = readLevels('group', input.group, n);
  const groupCount = group.labels.length;
  if (groupCount < 2) throw new StatsInputError('group', 'needs at least two groups to compare');
  if (causes.length === 0) throw new StatsInputError('status', 'has no failures: no cumulative incidence to compare');
  const strata = input.strata === undefined || input.strata === null ? null : readLevels('strata', input.strata, n);

  const byTime = sortAscending(time);
  const stratumCount = strata?.labels.length ?? 1;
  const row = strata === null ? byTime.order : countingSort(byTime.order, strata.codes, stratumCount);
  const offsets = new Uint32Array(stratumCount + 1);
  if (strata === null) offsets[1] = n;
  else {
    for (let i = 0; i < n; i++) offsets[strata.codes[i]! + 1]!++;
    for (let s = 0; s < stratumCount; s++) offsets[s + 1]! += offsets[s]!;
  }
  const sortedTime = new Float64Array(n);
  const sortedGroup = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    sortedTime[i] = time[row[i]!]!;
    sortedGroup[i] = group.codes[row[i]!]!;
  }

  const df = groupCount - 1;
  const result: GrayTestResult = { rho, groups: group.labels, causes, stat: [], p: [], df: [], score: [], warnings: [] };
  const failureType = new Uint8Array(n);
  causes.forEach((cause, j) => {
    for (let i = 0; i < n; i++) {
      const c = code[row[i]!]!;
      failureType[i] = c === 0 ? CENSORED : c === j + 1 ? TESTED_CAUSE : OTHER_CAUSE;
    }
    const score = new Float64Array(df);
    const variance = new Float64Array(df * df);
    for (let s = 0; s < stratumCount; s++) {
      const start = offsets[s]!;
      const end = offsets[s + 1]!;
      if (end > start) {
        accumulateStratum(sortedTime.subarray(start, end), failureType.subarray(start, end), sortedGroup.subarray(start, end), groupCount, rho, score, variance);
      }
    }
    const stat = quadraticForm(score, variance, df);
    if (stat === null) result.warnings.push(`cause ${cause}: the score variance is singular, stat = -1 as cmprsk reports it`);
    const value = stat ?? -1;
    result.stat.push(value);
    result.p.push(1 - chiSquareLowerTail(value, df));
    result.df.push(df);
    result.score.push(Array.from(score));
  });
  return result;
}

/** s' V^-1 s, or null when qr(V) is rank-deficient or V is not finite (R's qr would stop). */
function quadraticForm(score: Float64Array, variance: Float64Array, size: number): number | null {
  if (!variance.every(Number.isFinite)) return null;
  const qr = qrDecompose(variance, size);
  if (qr.rank < size) return null;
  const solution = qrSolve(qr, score);
  let stat = 0;
  for (let i = 0; i < size; i++) stat += score[i]! * solution[i]!;
  return stat;
}

/**
 * crst for one stratum: adds its scores (first G - 1 groups) to `score` and its variance to
 * `variance` ((G-1) x (G-1), row-major). Rows sorted by time.
 */
function accumulateStratum(
  time: Float64Array,
  failureType: Uint8Array,
  groupCode: Uint32Array,
  groupCount: number,
  rho: number,
  score: Float64Array,
  variance: Float64Array,
): void {
  const g = groupCount;
  const g1 = g - 1;
  const length = time.length;
  const atRisk = new Float64Array(g); // rs
  for (let i = 0; i < length; i++) atRisk[groupCode[i]!]!++;
  const incidenceBefore = new Float64Array(g); // f1m
  const incidence = new Float64Array(g); // f1
  const survivalBefore = new Float64Array(g).fill(1); // skmm
  const survival = new Float64Array(g).fill(1); // skm
  const v3 = new Float64Array(g);
  const v2 = new Float64Array(g1 * g); // (i, k) at i * g + k
  const c = new Float64Array(g * g);
  const a = new Float64Array(g * g);
  const v = new Float64Array(g1 * g1); // lower triangle used, (i, j) at i * g1 + j, j <= i
  const failedTested = new Float64Array(g); // d(1, ·)
  const failedOther = new Float64Array(g); // d(2, ·)
  let pooledBefore = 0; // fm

  for (let first = 0; first < length; ) {
    const t = time[first]!;
    let last = first;
    while (last + 1 < length && time[last + 1] === t) last++;
    failedTested.fill(0);
    failedOther.fill(0);
    for (let i = first; i <= last; i++) {
      const type = failureType[i]!;
      if (type === TESTED_CAUSE) failedTested[groupCode[i]!]!++;
      else if (type === OTHER_CAUSE) failedOther[groupCode[i]!]!++;
    }
    let tested = 0; // nd1
    let other = 0; // nd2
    for (let k = 0; k < g; k++) {
      tested += failedTested[k]!;
      other += failedOther[k]!;
    }
    let pooled = pooledBefore; // f
    if (tested > 0 || other > 0) {
      let hazardSum = 0; // tr
      let incidenceWeighted = 0; // tq
      for (let k = 0; k < g; k++) {
        const r = atRisk[k]!;
        if (r <= 0) continue;
        survival[k] = (survivalBefore[k]! * (r - failedTested[k]! - failedOther[k]!)) / r;
        incidence[k] = incidenceBefore[k]! + (survivalBefore[k]! * failedTested[k]!) / r;
        hazardSum += r / survivalBefore[k]!;
        incidenceWeighted += (r * (1 - incidenceBefore[k]!)) / survivalBefore[k]!;
      }
      pooled = pooledBefore + tested / hazardSum;
      const weight = Math.pow(1 - pooledBefore, rho); // fb
      const integrand = tested / (hazardSum * (1 - pooledBefore));
      for (let i = 0; i < g; i++) {
        for (let j = i; j < g; j++) a[i * g + j] = 0;
        if (atRisk[i]! <= 0) continue;
        const hi = atRisk[i]! / survivalBefore[i]!;
        const diagonal = weight * hi * (1 - hi / hazardSum);
        a[i * g + i] = diagonal;
        if (diagonal !== 0) c[i * g + i]! += diagonal * integrand;
        for (let j = i + 1; j < g; j++) {
          if (atRisk[j]! <= 0) continue;
          const offDiagonal = (-weight * hi * atRisk[j]!) / (survivalBefore[j]! * hazardSum);
          a[i * g + j] = offDiagonal;
          if (offDiagonal !== 0) c[i * g + j]! += offDiagonal * integrand;
        }
      }
      for (let i = 1; i < g; i++) {
        for (let j = 0; j < i; j++) {
          a[i * g + j] = a[j * g + i]!;
          c[i * g + j] = c[j * g + i]!;
        }
      }
      for (let i = 0; i < g1; i++) {
        if (atRisk[i]! <= 0) continue;
        score[i]! += weight * (failedTested[i]! - (tested * atRisk[i]! * (1 - incidenceBefore[i]!)) / (survivalBefore[i]! * incidenceWeighted));
      }
      if (tested > 0) {
        for (let k = 0; k < g; k++) {
          if (atRisk[k]! <= 0) continue;
          const t4 = survival[k]! > 0 ? 1 - (1 - pooled) / survival[k]! : 1;
          const t5 = tested > 1 ? 1 - (tested - 1) / (hazardSum * survivalBefore[k]! - 1) : 1;
          const t3 = (t5 * survivalBefore[k]! * tested) / (hazardSum * atRisk[k]!);
          v3[k]! += t4 * t4 * t3;
          for (let i = 0; i < g1; i++) {
            const t1 = a[i * g + k]! - t4 * c[i * g + k]!;
            v2[i * g + k]! += t1 * t4 * t3;
            for (let j = 0; j <= i; j++) v[i * g1 + j]! += t1 * (a[j * g + k]! - t4 * c[j * g + k]!) * t3;
          }
        }
      }
      if (other > 0) {
        for (let k = 0; k < g; k++) {
          const d2 = failedOther[k]!;
          if (survival[k]! <= 0 || d2 <= 0) continue;
          const t4 = (1 - pooled) / survival[k]!;
          const t5 = d2 > 1 ? 1 - (d2 - 1) / (atRisk[k]! - 1) : 1;
          const t3 = (t5 * (survivalBefore[k]! * survivalBefore[k]!) * d2) / (atRisk[k]! * atRisk[k]!);
          v3[k]! += t4 * t4 * t3;
          for (let i = 0; i < g1; i++) {
            const t1 = t4 * c[i * g + k]!;
            v2[i * g + k]! -= t1 * t4 * t3;
            for (let j = 0; j <= i; j++) v[i * g1 + j]! += t1 * (t4 * c[j * g + k]!) * t3;
          }
        }
      }
    }
    for (let i = first; i <= last; i++) atRisk[groupCode[i]!]!--;
    pooledBefore = pooled;
    incidenceBefore.set(incidence);
    survivalBefore.set(survival);
    first = last + 1;
  }
  for (let i = 0; i < g1; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = v[i * g1 + j]!;
      for (let k = 0; k < g; k++) {
        sum += c[i * g + k]! * c[j * g + k]! * v3[k]!;
        sum += c[i * g + k]! * v2[j * g + k]!;
        sum += c[j * g + k]! * v2[i * g + k]!;
      }
      variance[i * g1 + j]! += sum;
      if (j < i) variance[j * g1 + i]! += sum;
    }
  }
}
