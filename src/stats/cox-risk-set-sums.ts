/**
 * The unstratified Cox model over rows held at several sites, exactly, from per-event-time
 * risk-set sums (Lu et al. 2015, WebDISCO, JAMIA 22:1212: the sites share the sums, never a row;
 * Therneau & Grambsch (2000) §3.3; Efron 1977, JASA 72:557; survival 3.5-3 src/coxfit6.c).
 *
 * At each distinct event time t of the pooled data, with r_i = exp(x_i'beta):
 *   B(t) = sums over the risk set before the deaths of t join it (time > t, or time = t and censored):
 *          B0 = sum r_i, B1 = sum r_i x_i, B2 = sum r_i x_i x_i'
 *   D(t) = the same sums over the deaths at t, with d(t) their number and X(t) = sum x_i (unweighted).
 * Every one is a sum over rows, so the pooled sums are the sites' sums added. From them:
 *   l += beta'X - sum_k log den_k,  U += X - sum_k a_k/den_k,  I += sum_k (C_k/den_k - a_k a_k'/den_k^2)
 * with Breslow (or d = 1) one term k = 1 of weight d: den = B0 + D0, a = B1 + D1, C = B2 + D2;
 * Efron d terms, den_k = B0 + (k/d) D0, ... (cox-efron-ties.ts, the core's code for them).
 * This is coxph on the pooled rows (the core centres and scales the columns first, which changes
 * only round-off: the likelihood is invariant under both).
 * Storage: per time, p-vectors and packed lower triangles (j >= k, row by row), concatenated.
 */
import { addEfronTerms } from './cox-efron-ties.js';
import { StatsInputError } from './errors.js';
import type { CoxTies } from './cox-newton-raphson.js';
import type { CoxContribution } from './cox-site-contribution.js';

export interface RiskSetSums {
  /** The event times the sums are at, ascending. */
  times: number[];
  deaths: number[];
  /** B0 per time. */
  riskWeight: number[];
  /** B1, p per time. */
  riskX: number[];
  /** B2, p(p+1)/2 per time. */
  riskXX: number[];
  deathWeight: number[];
  deathX: number[];
  deathXX: number[];
  /** X(t) = sum of x over the deaths at t, p per time. */
  deathCovariates: number[];
}

const packedSize = (p: number) => (p * (p + 1)) / 2;

/** One site's sums at beta for the given pooled event times (ascending); its rows need not have events at them. */
export function siteRiskSetSums(time: ArrayLike<number>, event: ArrayLike<number>, columns: readonly ArrayLike<number>[], beta: readonly number[], eventTimes: readonly number[]): RiskSetSums {
  const p = columns.length;
  const q = packedSize(p);
  if (beta.length !== p) throw new StatsInputError('beta', `beta has ${beta.length} values; the model has ${p} terms.`);
  for (let t = 1; t < eventTimes.length; t++) {
    if (!(eventTimes[t]! > eventTimes[t - 1]!)) throw new StatsInputError('eventTimes', 'eventTimes must be strictly increasing.');
  }
  const n = time.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b]! - time[a]!);
  const T = eventTimes.length;
  const sums: RiskSetSums = {
    times: [...eventTimes], deaths: new Array<number>(T).fill(0),
    riskWeight: new Array<number>(T).fill(0), riskX: new Array<number>(T * p).fill(0), riskXX: new Array<number>(T * q).fill(0),
    deathWeight: new Array<number>(T).fill(0), deathX: new Array<number>(T * p).fill(0), deathXX: new Array<number>(T * q).fill(0),
    deathCovariates: new Array<number>(T * p).fill(0),
  };
  const running0 = { weight: 0, x: new Float64Array(p), xx: new Float64Array(q) };
  const x = new Float64Array(p);
  let next = 0; // position in `order` (descending time)
  const add = (into: { weight: number; x: Float64Array | number[]; xx: Float64Array | number[] }, xOffset: number, xxOffset: number, weight: number) => {
    into.weight += weight;
    let packed = 0;
    for (let j = 0; j < p; j++) {
      const wx = weight * x[j]!;
      into.x[xOffset + j] = into.x[xOffset + j]! + wx;
      for (let k = 0; k <= j; k++) {
        into.xx[xxOffset + packed] = into.xx[xxOffset + packed]! + wx * x[k]!;
        packed++;
      }
    }
  };
  const load = (i: number) => {
    let eta = 0;
    for (let j = 0; j < p; j++) {
      x[j] = columns[j]![i]!;
      eta += beta[j]! * x[j]!;
    }
    return Math.exp(eta);
  };
  for (let t = T - 1; t >= 0; t--) {
    const at = eventTimes[t]!;
    // Rows after t join the risk set; rows at t: the censored join B, the deaths go to D.
    const death = { weight: 0, x: sums.deathX, xx: sums.deathXX };
    while (next < n && time[order[next]!]! >= at) {
      const i = order[next++]!;
      const weight = load(i);
      if (time[i]! === at && event[i] === 1) {
        add(death, t * p, t * q, weight);
        sums.deaths[t]! += 1;
        for (let j = 0; j < p; j++) sums.deathCovariates[t * p + j]! += x[j]!;
      } else {
        add(running0, 0, 0, weight);
      }
    }
    sums.deathWeight[t] = death.weight;
    sums.riskWeight[t] = running0.weight;
    for (let j = 0; j < p; j++) sums.riskX[t * p + j] = running0.x[j]!;
    for (let k = 0; k < q; k++) sums.riskXX[t * q + k] = running0.xx[k]!;
    // The deaths of t are at risk at every earlier time.
    running0.weight += death.weight;
    for (let j = 0; j < p; j++) running0.x[j]! += sums.deathX[t * p + j]!;
    for (let k = 0; k < q; k++) running0.xx[k]! += sums.deathXX[t * q + k]!;
  }
  return sums;
}

/** The sites' sums at the same beta and times, added. */
export function addRiskSetSums(parts: readonly RiskSetSums[]): RiskSetSums {
  const [first, ...rest] = parts;
  if (first === undefined) throw new StatsInputError('sums', 'No site sums to add.');
  const total: RiskSetSums = structuredClone(first);
  for (const part of rest) {
    if (part.times.length !== total.times.length || part.times.some((t, i) => t !== total.times[i])) {
      throw new StatsInputError('sums', 'Risk-set sums at different event times cannot be added.');
    }
    for (const key of ['deaths', 'riskWeight', 'riskX', 'riskXX', 'deathWeight', 'deathX', 'deathXX', 'deathCovariates'] as const) {
      const into = total[key];
      part[key].forEach((value, i) => { into[i] = into[i]! + value; });
    }
  }
  return total;
}

/** l, U and I at beta of the pooled model from its risk-set sums (computed at that beta). */
export function pooledLikelihood(sums: RiskSetSums, beta: readonly number[], ties: CoxTies): Omit<CoxContribution, 'n'> {
  const p = beta.length;
  const q = packedSize(p);
  const score = new Float64Array(p);
  const informationPacked = new Float64Array(q);
  let logLikelihood = 0;
  let events = 0;
  for (let t = 0; t < sums.times.length; t++) {
    const d = sums.deaths[t]!;
    if (d === 0) continue;
    events += d;
    const riskSetXSum = Float64Array.from(sums.riskX.slice(t * p, (t + 1) * p));
    const riskSetXXSum = Float64Array.from(sums.riskXX.slice(t * q, (t + 1) * q));
    const deathXSum = Float64Array.from(sums.deathX.slice(t * p, (t + 1) * p));
    const deathXXSum = Float64Array.from(sums.deathXX.slice(t * q, (t + 1) * q));
    for (let j = 0; j < p; j++) {
      const covariate = sums.deathCovariates[t * p + j]!;
      logLikelihood += beta[j]! * covariate;
      score[j] = score[j]! + covariate;
    }
    if (ties === 'efron' && d > 1) {
      // addEfronTerms takes den_k = B0 + f_k D0 with f_k = k/d, k = 1..d: the risk set before the deaths join, plus their share.
      logLikelihood -= addEfronTerms({ score, information: informationPacked, riskSetXSum, riskSetXXSum, deathXSum, deathXXSum }, d, 1, sums.riskWeight[t]!, sums.deathWeight[t]!);
      continue;
    }
    const weight = sums.riskWeight[t]! + sums.deathWeight[t]!;
    logLikelihood -= d * Math.log(weight);
    let packed = 0;
    for (let j = 0; j < p; j++) {
      const mean = (riskSetXSum[j]! + deathXSum[j]!) / weight;
      score[j] = score[j]! - d * mean;
      for (let k = 0; k <= j; k++) {
        informationPacked[packed] = informationPacked[packed]! + (d * ((riskSetXXSum[packed]! + deathXXSum[packed]!) - mean * (riskSetXSum[k]! + deathXSum[k]!))) / weight;
        packed++;
      }
    }
  }
  const information = new Array<number>(p * p);
  let packed = 0;
  for (let j = 0; j < p; j++) {
    for (let k = 0; k <= j; k++) {
      information[j * p + k] = informationPacked[packed]!;
      information[k * p + j] = informationPacked[packed]!;
      packed++;
    }
  }
  return { logLikelihood, score: Array.from(score), information, events };
}
