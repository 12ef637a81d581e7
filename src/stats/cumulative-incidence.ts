/**
 * Cumulative incidence of competing risks (Aalen–Johansen), as R's
 * `survival::survfit(Surv(time, factor(status, levels = c(0, causes))) ~ group, conf.int = confLevel)`
 * (survival 3.5-3, R/survfitCI.R and src/survfitci.c; docs/statistics-spec.md §10).
 *
 * Per group and cause k, over the group's distinct times (events and censorings):
 *   S(t)   = S(t-) (1 - d/n)                 P(event-free), n at risk (time >= t), d events of any cause
 *   F_k(t) = F_k(t-) + S(t-) d_k / n         cumulative incidence of cause k
 * stdErr = survfit's infinitesimal-jackknife standard error of F_k itself (aalen-johansen.ts), not a
 * delta-method (Greenwood/Aalen) variance and not cmprsk::cuminc's.
 * Pointwise CI: survfit_confint(logse = FALSE, conf.type = "log") (survival-confidence-band.ts, on
 * se/F): F e^{±z se/F}, z = qnorm(1 - (1 - confLevel)/2), upper clipped at 1; NA where F = 0; [F, F]
 * where se = 0 < F.
 * At chosen times: summary(fit, times, extend = TRUE): the row of the last time <= τ; before the first
 * time survfit0's time-0 row (F = 0, se 0 and, for a multi-state curve, lower = upper = 0, S = 1);
 * nRisk at the first time >= τ, 0 past the end.
 *
 * Conventions, as survfit: rows prepared by survival-data.ts (validation, timefix on all rows, one
 * sort, groups in the engine's factor order); status coded by competing-risks-data.ts (0 censored,
 * causes by default the distinct non-zero statuses in numeric order, or options.causes in the given
 * order, a declared cause without events getting a zero curve). Representation: per-time columns are
 * Float64Arrays, NaN standing for R's NA; the atTimes columns are arrays with null for NA.
 */
import { aalenJohansen } from './aalen-johansen.js';
import { readCauseStatus, readRequestedTimes } from './competing-risks-data.js';
import { normalQuantile } from './distributions.js';
import { StatsInputError } from './errors.js';
import { confidenceBand } from './survival-confidence-band.js';
import { prepareSurvivalData, readColumn, type SurvivalColumn, type SurvivalLabelColumn } from './survival-data.js';

export interface CumulativeIncidenceInput {
  /** Follow-up times, >= 0. */
  time: SurvivalColumn;
  /** 0 = censored, k > 0 = failed from cause k. */
  status: SurvivalColumn;
  /** Optional group label per row: one set of curves per distinct label. */
  group?: SurvivalLabelColumn | null;
}

export interface CumulativeIncidenceOptions {
  /** Default 0.95. */
  confLevel?: number;
  /** Times for `atTimes` (summary(fit, times, extend = TRUE)); none by default. */
  times?: readonly number[] | number | null;
  /** The causes and their order (positive integers); default the distinct non-zero statuses, ascending. */
  causes?: readonly number[] | number | null;
}

export interface CauseIncidence {
  cause: number;
  nEvent: Float64Array;
  cumulativeIncidence: Float64Array;
  /** Infinitesimal-jackknife standard error of the cumulative incidence. */
  stdErr: Float64Array;
  /** NaN where R gives NA (cumulative incidence 0). */
  lower: Float64Array;
  upper: Float64Array;
}

export interface CauseIncidenceAtTimes {
  cause: number;
  cumulativeIncidence: number[];
  stdErr: number[];
  lower: (number | null)[];
  upper: (number | null)[];
}

export interface CumulativeIncidenceAtTimes {
  time: number[];
  nRisk: number[];
  eventFree: number[];
  causes: CauseIncidenceAtTimes[];
}

export interface CumulativeIncidenceCurve {
  /** The group label, "all" without groups. */
  stratum: string;
  n: number;
  time: Float64Array;
  /** At risk in the event-free state (time >= t). */
  nRisk: Float64Array;
  nCensor: Float64Array;
  /** Probability of being event-free, S(t). */
  eventFree: Float64Array;
  causes: CauseIncidence[];
  atTimes: CumulativeIncidenceAtTimes | null;
}

export interface CumulativeIncidenceResult {
  confLevel: number;
  causes: number[];
  curves: CumulativeIncidenceCurve[];
}

export function cumulativeIncidence(
  input: CumulativeIncidenceInput,
  options: CumulativeIncidenceOptions = {},
): CumulativeIncidenceResult {
  const confLevel = options.confLevel ?? 0.95;
  if (typeof confLevel !== 'number' || !(confLevel > 0 && confLevel < 1)) {
    throw new StatsInputError('confLevel', 'must be a number between 0 and 1');
  }
  const times = readRequestedTimes('times', options.times);
  const rowCount = readColumn('time', input.time).length;
  const { causes, code } = readCauseStatus('status', input.status, rowCount, options.causes);
  const failed = new Uint8Array(rowCount);
  for (let i = 0; i < rowCount; i++) failed[i] = code[i]! > 0 ? 1 : 0;

  // survfit's curves are its strata: the group splits the rows into blocks.
  const data = prepareSurvivalData(input.time, failed, { strata: { field: 'group', value: input.group } });
  const sortedCode = new Uint32Array(data.n);
  for (let i = 0; i < data.n; i++) sortedCode[i] = code[data.row[i]!]!;
  const z = normalQuantile(1 - (1 - confLevel) / 2);

  const curves = (data.strata?.labels ?? ['all']).map((stratum, g): CumulativeIncidenceCurve => {
    const start = data.offsets[g]!;
    const end = data.offsets[g + 1]!;
    const estimate = aalenJohansen(data.time.subarray(start, end), sortedCode.subarray(start, end), causes.length);
    const causeCurves = causes.map((cause, k): CauseIncidence => {
      const incidence = estimate.incidence[k]!;
      const stdErr = estimate.stdErr[k]!;
      const band = confidenceBand(incidence, logScaleStdErr(incidence, stdErr), z, 'log');
      return { cause, nEvent: estimate.nEvent[k]!, cumulativeIncidence: incidence, stdErr, ...band };
    });
    const curve = {
      stratum,
      n: end - start,
      time: estimate.time,
      nRisk: estimate.nRisk,
      nCensor: estimate.nCensor,
      eventFree: estimate.eventFree,
      causes: causeCurves,
    };
    return { ...curve, atTimes: times === null ? null : incidenceAtTimes(curve, times) };
  });
  return { confLevel, causes, curves };
}

/** survfit_confint(logse = FALSE): the standard error of log F is se/F, and 0 where se is 0. */
function logScaleStdErr(probability: Float64Array, stdErr: Float64Array): Float64Array {
  const result = new Float64Array(probability.length);
  for (let i = 0; i < probability.length; i++) {
    const se = stdErr[i]!;
    result[i] = se === 0 ? 0 : se / probability[i]!;
  }
  return result;
}

/** summary(fit, times, extend = TRUE) for one group, on the curve with survfit0's time-0 row added. */
function incidenceAtTimes(curve: Omit<CumulativeIncidenceCurve, 'atTimes'>, times: readonly number[]): CumulativeIncidenceAtTimes {
  const { time, nRisk, eventFree } = curve;
  const rows = time.length;
  // survfit0 adds a row at time 0 unless the curve starts there; it is row -1 here.
  const hasZeroRow = time[0] !== 0;
  const result: CumulativeIncidenceAtTimes = {
    time: [],
    nRisk: [],
    eventFree: [],
    causes: curve.causes.map(({ cause }) => ({ cause, cumulativeIncidence: [], stdErr: [], lower: [], upper: [] })),
  };
  let upTo = 0; // rows with time <= τ
  let firstAtOrAfter = 0; // first row with time >= τ
  for (const tau of times) {
    while (upTo < rows && time[upTo]! <= tau) upTo++;
    while (firstAtOrAfter < rows && time[firstAtOrAfter]! < tau) firstAtOrAfter++;
    const row = upTo > 0 ? upTo - 1 : hasZeroRow ? -1 : 0;
    result.time.push(tau);
    result.nRisk.push(firstAtOrAfter < rows ? nRisk[firstAtOrAfter]! : 0);
    result.eventFree.push(row < 0 ? 1 : eventFree[row]!);
    curve.causes.forEach((cause, k) => {
      const out = result.causes[k]!;
      out.cumulativeIncidence.push(row < 0 ? 0 : cause.cumulativeIncidence[row]!);
      out.stdErr.push(row < 0 ? 0 : cause.stdErr[row]!);
      out.lower.push(row < 0 ? 0 : finiteOrNull(cause.lower[row]!));
      out.upper.push(row < 0 ? 0 : finiteOrNull(cause.upper[row]!));
    });
  }
  return result;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
