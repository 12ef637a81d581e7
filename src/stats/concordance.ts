/**
 * Harrell's concordance of a Cox fit's linear predictor with its infinitesimal-jackknife standard
 * error, as R's concordance(fit) = concordancefit(y, lp, strata, reverse = TRUE, timefix = FALSE)
 * (survival 3.5-3 R/concordance.R, src/concordance3.c; "The concordance statistic", vignette of
 * survival 3.5-3, §1.3 (efficient computation) and §3 (variance); docs/statistics-spec.md §4.9).
 *
 * A pair is comparable when the subject with the earlier time has an event (a censored subject at
 * the same time outlives it; two events at one time are not comparable), pairs only within strata;
 * concordant when that subject has the higher risk score, tied.x when the scores are equal:
 *   C = (concordant + tied.x/2) / (concordant + discordant + tied.x)
 * With c_i, d_i, t_i the concordant, discordant and tied.x pairs that contain subject i, npair the
 * comparable pairs and Somers' d = (C - D)/npair pooled over strata,
 *   se(C) = sqrt(sum_i (c_i - d_i - d (c_i + d_i + t_i))^2) / (2 npair).
 * Case weights (concordancefit's `weights`): a pair (i event, j at risk) counts w_i w_j; c_i, d_i, t_i
 * sum the partners' weights and the influence of subject i is multiplied by w_i. Counting-process
 * data (concordance4 in src/concordance3.c): j is at risk at t when start_j < t <= stop_j. With a
 * cluster the influences are summed within cluster before squaring (concordancefit's `cluster`).
 * Counted in O(n log n) in one backward walk over time with two Fenwick trees over the ranks of the
 * risk score within the stratum: the weights at risk (each event's pairs), and the weights of the
 * events so far (a subject's pairs as the one at risk are the events between its entry into the walk
 * at its stop time and its exit at its start time, or the stratum's end: the difference of the
 * tree's sums at the two moments; at the stratum's end every event is in, so that sum depends on the
 * subject's rank alone and comes from one running sum over the ranks). The two trees are blocked and
 * interleaved (fenwick-tree.ts), since the walk works on both at one rank. The times are the fit's
 * (after its timefix).
 */
import type { SortedDesign } from './cox-design.js';
import { FenwickTree } from './fenwick-tree.js';
import { countingSort, sortAscending } from './radix-sort.js';
import type { LevelCoding } from './survival-data.js';

/**
 * Harrell's C of the linear predictor with its infinitesimal-jackknife standard error, as
 * concordancefit(y, lp, strata, reverse = TRUE, timefix = FALSE): see the header. Two walks over the tie
 * groups of each stratum: backwards, each event against the subjects still at risk (later times, and those
 * censored at its time); forwards, each subject against the events before it (and, if censored, at its time).
 */
export function concordanceOfLinearPredictor(
  design: SortedDesign,
  columns: readonly ArrayLike<number>[],
  strata: LevelCoding | null,
  coefficients: Float64Array,
  cluster: LevelCoding | null = null,
): { concordance: number | null; standardError: number | null } {
  const { n, order, status, groupStart, groupCount, groupEndsStratum, weight, time, entryOrder, offsets } = design;
  const stratumCodes = strata?.codes ?? null;
  const stratumCount = strata?.labels.length ?? 1;

  // lp = X beta - sum_j beta_j mean_j, accumulated column by column as R's X %*% beta.
  let centreOffset = 0;
  coefficients.forEach((beta, j) => (centreOffset += beta * design.means[j]!));
  const linearPredictor = new Float64Array(n);
  columns.forEach((column, j) => {
    const beta = coefficients[j]!;
    for (let i = 0; i < n; i++) linearPredictor[i] = linearPredictor[i]! + column[i]! * beta;
  });
  for (let i = 0; i < n; i++) {
    linearPredictor[i] = linearPredictor[i]! - centreOffset;
    if (Number.isNaN(linearPredictor[i])) return { concordance: null, standardError: null };
  }

  // Rank (1-based) of each score among the distinct scores of its stratum.
  const { order: byScore, sorted } = sortAscending(linearPredictor);
  const rankOfRow = new Int32Array(n);
  const distinctInStratum = new Int32Array(stratumCount);
  if (stratumCodes === null) {
    let rank = 0;
    for (let k = 0; k < n; k++) {
      if (k === 0 || sorted[k] !== sorted[k - 1]) rank++;
      rankOfRow[byScore[k]!] = rank;
    }
    distinctInStratum[0] = rank;
  } else {
    const byStratumAndScore = countingSort(byScore, stratumCodes, stratumCount);
    let rank = 0;
    for (let k = 0; k < n; k++) {
      const row = byStratumAndScore[k]!;
      const previous = k > 0 ? byStratumAndScore[k - 1]! : 0;
      if (k === 0 || stratumCodes[row] !== stratumCodes[previous]) rank = 1;
      else if (linearPredictor[row] !== linearPredictor[previous]) rank++;
      rankOfRow[row] = rank;
      distinctInStratum[stratumCodes[row]!] = rank;
    }
  }
  const scoreRank = new Int32Array(n);
  for (let i = 0; i < n; i++) scoreRank[i] = rankOfRow[order[i]!]!;
  const stratumSize = (g: number): number =>
    distinctInStratum[stratumCodes === null ? 0 : stratumCodes[order[groupStart[g]!]!]!]!;

  // Per subject (sorted position): c_i - d_i and c_i + d_i + t_i over the comparable pairs that contain it.
  const balance = new Float64Array(n);
  const pairCount = new Float64Array(n);
  let concordant = 0;
  let discordant = 0;
  let tiedScore = 0;

  const capacity = distinctInStratum.reduce((a, b) => Math.max(a, b), 0);
  const [atRisk, events] = FenwickTree.pair(capacity);
  /** The events so far against a subject of score rank `position` as the one at risk: concordant when the event scores higher. */
  const eventsAgainst = (position: number, sign: number, balanceOut: Float64Array, pairsOut: Float64Array, k: number): void => {
    const lowerOrEqual = events.countUpTo(position);
    const higher = events.total - lowerOrEqual;
    const lower = lowerOrEqual - events.countAt(position);
    balanceOut[k] = balanceOut[k]! + sign * (higher - lower);
    pairsOut[k] = pairsOut[k]! + sign * events.total;
  };
  // Counting-process data: a row leaves the walk at its start time, in entry order; what it met there is
  // kept by entry index (read and written in sequence) and added to the row at the end.
  const countingProcess = design.entryStart !== null && entryOrder !== null && design.entryWeight !== null;
  const entryRank = new Int32Array(countingProcess ? n : 0);
  if (countingProcess) for (let k = 0; k < n; k++) entryRank[k] = scoreRank[entryOrder[k]!]!;
  const exitBalance = new Float64Array(countingProcess ? n : 0);
  const exitPairs = new Float64Array(countingProcess ? n : 0);
  let stratum = offsets.length - 1;
  let entry = 0;
  let stratumRanks = 0;
  // At the start of a stratum every event of it is in the tree, so what a subject meets there depends
  // on its rank alone: (higher - lower) per rank, from one running sum over the ranks.
  const balanceAtRank = new Float64Array(capacity + 1);
  /** The rows still in the walk at the start of the stratum leave it there. */
  const closeStratum = (): void => {
    let lowerOrEqual = 0;
    for (let r = 1; r <= stratumRanks; r++) {
      const equal = events.countAt(r);
      lowerOrEqual += equal;
      balanceAtRank[r] = events.total - lowerOrEqual - (lowerOrEqual - equal);
    }
    const total = events.total;
    if (countingProcess) {
      for (let k = offsets[stratum]!; k <= entry; k++) {
        exitBalance[k] = exitBalance[k]! + balanceAtRank[entryRank[k]!]!;
        exitPairs[k] = exitPairs[k]! + total;
      }
    } else {
      for (let i = offsets[stratum]!; i < offsets[stratum + 1]!; i++) {
        balance[i] = balance[i]! + balanceAtRank[scoreRank[i]!]!;
        pairCount[i] = pairCount[i]! + total;
      }
    }
  };
  for (let g = groupCount - 1; g >= 0; g--) {
    const first = groupStart[g]!;
    const end = groupStart[g + 1]!;
    if (groupEndsStratum[g] === 1) {
      if (stratum < offsets.length - 1) closeStratum();
      stratum--;
      stratumRanks = stratumSize(g);
      atRisk.reset(stratumRanks);
      events.reset(stratumRanks);
      entry = end - 1;
    }
    if (countingProcess) {
      const t = time[first]!;
      const entryStart = design.entryStart!;
      const entryWeight = design.entryWeight!;
      for (; entry >= offsets[stratum]!; entry--) {
        if (entryStart[entry]! < t) break;
        eventsAgainst(entryRank[entry]!, 1, exitBalance, exitPairs, entry);
        atRisk.add(entryRank[entry]!, -entryWeight[entry]!);
      }
    }
    for (let i = first; i < end; i++) {
      if (status[i] !== 0) continue;
      eventsAgainst(scoreRank[i]!, -1, balance, pairCount, i);
      atRisk.add(scoreRank[i]!, weight[i]!);
    }
    for (let i = first; i < end; i++) {
      if (status[i] === 0) continue;
      const position = scoreRank[i]!;
      const lowerOrEqual = atRisk.countUpTo(position);
      const equal = atRisk.countAt(position);
      const lower = lowerOrEqual - equal; // the event has the higher risk score: concordant
      const higher = atRisk.total - lowerOrEqual;
      concordant += weight[i]! * lower;
      discordant += weight[i]! * higher;
      tiedScore += weight[i]! * equal;
      balance[i] = balance[i]! + lower - higher;
      pairCount[i] = pairCount[i]! + atRisk.total;
    }
    for (let i = first; i < end; i++) if (status[i] === 1) events.add(scoreRank[i]!, weight[i]!);
    for (let i = first; i < end; i++) {
      if (status[i] === 0) continue;
      eventsAgainst(scoreRank[i]!, -1, balance, pairCount, i);
      atRisk.add(scoreRank[i]!, weight[i]!);
    }
  }
  closeStratum();
  if (countingProcess) {
    for (let k = 0; k < n; k++) {
      const i = entryOrder[k]!;
      balance[i] = balance[i]! + exitBalance[k]!;
      pairCount[i] = pairCount[i]! + exitPairs[k]!;
    }
  }

  const pairs = concordant + discordant + tiedScore;
  if (pairs === 0) return { concordance: null, standardError: null };
  const somersD = (concordant - discordant) / pairs;
  let sumOfSquares = 0;
  if (cluster === null) {
    for (let i = 0; i < n; i++) {
      const influence = weight[i]! * (balance[i]! - somersD * pairCount[i]!);
      sumOfSquares += influence * influence;
    }
  } else {
    const clusterInfluence = new Float64Array(cluster.labels.length);
    for (let i = 0; i < n; i++) {
      const c = cluster.codes[order[i]!]!;
      clusterInfluence[c] = clusterInfluence[c]! + weight[i]! * (balance[i]! - somersD * pairCount[i]!);
    }
    for (const influence of clusterInfluence) sumOfSquares += influence * influence;
  }
  return {
    concordance: (concordant + tiedScore / 2) / pairs,
    standardError: Math.sqrt(sumOfSquares) / (2 * pairs),
  };
}
