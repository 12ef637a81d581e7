/**
 * The input of a Cox model read once, for coxRegression and coxZph alike: validation (StatsInputError
 * naming the field), counting-process times (counting-process-times.ts), the sort and timefix of
 * survival-data.ts, the covariate columns, case weights, clusters, and the sorted design of
 * cox-design.ts (survival 3.5-3 R/coxph.R's model frame; docs/statistics-spec.md §4.2 and §13).
 */
import { readCountingProcessTimes } from './counting-process-times.js';
import { readCovariateColumns } from './covariate-columns.js';
import { buildSortedDesign, type SortedDesign } from './cox-design.js';
import { StatsInputError } from './errors.js';
import { prepareSurvivalData, readColumn, readLevels, type LevelCoding, type SurvivalData } from './survival-data.js';

export interface CoxRegressionInput {
  /** Counting-process data: the start of each row's interval (start, time], >= 0 and < time; null for right-censored data. */
  start?: ArrayLike<number> | null;
  /** Follow-up time (the stop of the interval with start), >= 0. */
  time: ArrayLike<number>;
  /** 1 = event, 0 = censored. */
  event: ArrayLike<number>;
  /** Already coded numeric columns (dummies, interaction products), one value per subject. */
  covariates: Readonly<Record<string, ArrayLike<number>>>;
  /** Stratum of each subject: a separate baseline hazard per stratum. */
  strata?: ArrayLike<string | number> | null;
  /** Cluster of each row (e.g. the patient of (start, stop] rows): the fit becomes robust (sandwich variance summed within cluster). */
  cluster?: ArrayLike<string | number> | null;
  /** Case weights, finite and > 0; any non-integer weight makes the fit robust (each row its own cluster without `cluster`). */
  weights?: ArrayLike<number> | null;
}

/** The validated, sorted data of a Cox model. */
export interface CoxData {
  survival: SurvivalData;
  design: SortedDesign;
  terms: string[];
  columns: ArrayLike<number>[];
  /** Case weights by input row, null without weights. */
  weights: Float64Array | null;
  cluster: LevelCoding | null;
}

/** Validates and sorts a Cox model's input: times (with start, counting process), events, covariates, strata, weights, cluster. */
export function prepareCoxData(input: CoxRegressionInput): CoxData {
  const hasStart = input.start !== undefined && input.start !== null;
  const countingProcess = hasStart ? readCountingProcessTimes(input.start, input.time) : null;
  const survival = prepareSurvivalData(
    countingProcess?.stop ?? input.time,
    input.event,
    { strata: { field: 'strata', value: input.strata } },
    countingProcess === null ? {} : { timefix: false, timeOrder: countingProcess.stopOrder },
  );
  const { names: terms, columns } = readCovariateColumns(input.covariates, survival.n);
  const weights = input.weights === undefined || input.weights === null ? null : readWeights(input.weights, survival.n);
  const cluster = input.cluster === undefined || input.cluster === null ? null : readLevels('cluster', input.cluster, survival.n);
  const design = buildSortedDesign(survival, columns, {
    start: countingProcess?.start ?? null,
    startOrder: countingProcess?.startOrder ?? null,
    weights,
  });
  return { survival, design, terms, columns, weights, cluster };
}

/** Case weights: finite and > 0 (coxph: "Invalid weights, must be >0"), one per row. */
function readWeights(value: unknown, n: number): Float64Array {
  const column = readColumn('weights', value);
  if (column.length !== n) throw new StatsInputError('weights', `has ${column.length} values for ${n} times`);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = column[i];
    if (typeof w !== 'number' || !(w > 0 && w <= Number.MAX_VALUE)) {
      throw new StatsInputError('weights', `element ${i} is ${String(w)}: weights must be finite and > 0`);
    }
    weights[i] = w;
  }
  return weights;
}
