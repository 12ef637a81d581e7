/**
 * The Aalen–Johansen estimate of one group's competing-risks curves and its infinitesimal-jackknife
 * standard errors, as survival 3.5-3 survfit(Surv(time, factor(status)) ~ 1) computes them
 * (R/survfitCI.R, src/survfitci.c; docs/statistics-spec.md §10), in O(rows · causes).
 *
 * States: 0 = event-free, 1..K = failed from cause k (absorbing). At each distinct time t with d > 0
 * events (n at risk = time >= t, d_k of cause k, d = Σ d_k) the transition matrix H is the identity
 * except row 0: H00 = 1 - d/n, H0k = d_k/n, and
 *   S(t) = S(t-) (1 - d/n),   F_k(t) = F_k(t-) + S(t-) d_k/n.
 * Infinitesimal jackknife (survfitci.c): an influence row U_j per subject, 0 at the start; at each event
 * time U <- U H for every subject, then for each subject j at risk
 *   U_j <- U_j - (S(t-)/n) H[0, ·] + (S(t-)/n) e_{s_j},   s_j = k if j fails from k at t, else 0,
 * and se(state) = sqrt(Σ_j U_j[state]²).
 *
 * survfitci.c updates all n rows at every event time (O(n · event times)). Two facts make it O(n) here:
 *  1. Every subject still at risk has had the same updates: one shared row R(t).
 *  2. Once a subject has left the risk set (at T_j), only U <- U H acts on its row, which keeps the row
 *     affine in the state probabilities: U_j(t) = a_j (S(t), F_1(t), ..., F_K(t)) + (0, b_j1, ..., b_jK),
 *     with a_j = U_j0(T_j) / S(T_j) and b_jk = U_jk(T_j) - a_j F_k(T_j) fixed at the exit
 *     (U_j0 S'/S = a_j S', and U_jk + U_j0 H0k = a_j F_k' + b_jk).
 * So with A = Σ a_j², B_k = Σ a_j b_jk, C_k = Σ b_jk² over the subjects gone and m still at risk,
 *   Var S(t)   = S(t)² A + m R_0(t)²,
 *   Var F_k(t) = C_k + 2 F_k(t) B_k + F_k(t)² A + m R_k(t)²   (rounded below at 0),
 * and while no other cause has occurred every row has U_k = -U_0 (H's rows sum to 1 and the update adds
 * a zero-sum vector), so Var F_k = Var S exactly: the expansion, whose terms cancel when F_k nears 1,
 * is not needed there (R's own sum then leaves round-off of ~1e-17).
 * When S(t) = 0 everyone left has failed at t: a_j = 0 (U_j0 is 0 too) and no later time exists.
 * Censor-only times repeat the previous estimates. Input: the group's rows sorted by time.
 */

export interface AalenJohansenCurve {
  /** Distinct times (events and censorings). */
  time: Float64Array;
  /** At risk in the event-free state at each time (time >= t). */
  nRisk: Float64Array;
  nCensor: Float64Array;
  /** P(event-free) = S(t). */
  eventFree: Float64Array;
  /** Per cause (in code order): events at each time, F_k(t), and its IJ standard error. */
  nEvent: Float64Array[];
  incidence: Float64Array[];
  stdErr: Float64Array[];
}

/**
 * `time` sorted ascending, `cause[i]` the cause code of row i (0 censored, 1..causeCount), both over the
 * group's rows only.
 */
export function aalenJohansen(time: Float64Array, cause: Uint32Array, causeCount: number): AalenJohansenCurve {
  const length = time.length;
  let rows = 0;
  for (let i = 0; i < length; rows++) {
    const t = time[i]!;
    do i++; while (i < length && time[i] === t);
  }
  const curve: AalenJohansenCurve = {
    time: new Float64Array(rows),
    nRisk: new Float64Array(rows),
    nCensor: new Float64Array(rows),
    eventFree: new Float64Array(rows),
    nEvent: Array.from({ length: causeCount }, () => new Float64Array(rows)),
    incidence: Array.from({ length: causeCount }, () => new Float64Array(rows)),
    stdErr: Array.from({ length: causeCount }, () => new Float64Array(rows)),
  };
  const states = causeCount + 1;
  const events = new Float64Array(states); // d_k at this time (index 0 unused)
  const probability = new Float64Array(states); // (S, F_1, ..., F_K)
  probability[0] = 1;
  const shared = new Float64Array(states); // R: the influence row of every subject still at risk
  let sumA2 = 0; // A
  const sumAB = new Float64Array(states); // B_k
  const sumB2 = new Float64Array(states); // C_k
  let causesSeen = 0; // distinct causes with an event so far
  const causeSeen = new Uint8Array(states);

  /** `count` subjects leave the risk set: the shared row, with `step` moved from state 0 to `failedCause` (if > 0). */
  const leave = (count: number, failedCause: number, step: number): void => {
    const s = probability[0]!;
    const u0 = shared[0]! - (failedCause > 0 ? step : 0);
    const a = s > 0 ? u0 / s : 0;
    sumA2 += count * a * a;
    for (let k = 1; k < states; k++) {
      const b = shared[k]! + (k === failedCause ? step : 0) - a * probability[k]!;
      sumAB[k]! += count * a * b;
      sumB2[k]! += count * b * b;
    }
  };

  let atRisk = length;
  for (let i = 0, r = 0; i < length; r++) {
    const t = time[i]!;
    events.fill(0);
    let censored = 0;
    do {
      const c = cause[i]!;
      if (c === 0) censored++;
      else events[c]!++;
      i++;
    } while (i < length && time[i] === t);
    const n = atRisk;
    const died = i - (length - n) - censored; // d
    if (died > 0) {
      const survivalBefore: number = probability[0]!;
      const step = survivalBefore / n; // S(t-)/n
      const stay = 1 - died / n; // H00
      const u0 = shared[0]!;
      shared[0] = u0 * stay - stay * step + step; // U H, minus (S(t-)/n) H00, plus S(t-)/n (survivors)
      probability[0] = survivalBefore * stay;
      for (let k = 1; k < states; k++) {
        const hazard = events[k]! / n; // H0k
        shared[k] = shared[k]! + u0 * hazard - hazard * step;
        probability[k] = survivalBefore * hazard + probability[k]!;
        if (events[k]! > 0 && causeSeen[k] === 0) {
          causeSeen[k] = 1;
          causesSeen++;
        }
      }
      // The failures: the survivors' row with S(t-)/n moved from state 0 to their cause.
      for (let k = 1; k < states; k++) if (events[k]! > 0) leave(events[k]!, k, step);
    }
    if (censored > 0) leave(censored, 0, 0);
    atRisk = n - died - censored;

    curve.time[r] = t;
    curve.nRisk[r] = n;
    curve.nCensor[r] = censored;
    const s = probability[0]!;
    curve.eventFree[r] = s;
    const survivalVariance = s * s * sumA2 + atRisk * shared[0]! * shared[0]!;
    for (let k = 1; k < states; k++) {
      const f = probability[k]!;
      curve.nEvent[k - 1]![r] = events[k]!;
      curve.incidence[k - 1]![r] = f;
      // Only cause k so far (or none): U_k = -U_0 row by row.
      const alone = causesSeen === 0 || (causesSeen === 1 && causeSeen[k] === 1);
      const variance = alone
        ? survivalVariance
        : sumB2[k]! + 2 * f * sumAB[k]! + f * f * sumA2 + atRisk * shared[k]! * shared[k]!;
      curve.stdErr[k - 1]![r] = Math.sqrt(Math.max(variance, 0));
    }
  }
  return curve;
}
