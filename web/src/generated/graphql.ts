/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/**
 * Laboratory analytes. Canonical units: ALBUMIN g/dL, ALP U/L, AST U/L, ALT U/L, BILIRUBIN mg/dL,
 * HEMOGLOBIN g/dL, PLATELETS 10^9/L, LEUKOCYTES 10^9/L, NEUTROPHILS 10^9/L, CREATININE mg/dL, INR (unitless).
 */
export type Analyte =
  | 'ALBUMIN'
  | 'ALP'
  | 'ALT'
  | 'AST'
  | 'BILIRUBIN'
  | 'CREATININE'
  | 'HEMOGLOBIN'
  | 'INR'
  | 'LEUKOCYTES'
  | 'NEUTROPHILS'
  | 'PLATELETS';

/** A patient-level variable from `variables` used as a covariate or a grouping, optionally made a two-level factor. */
export type CovariateInput = {
  /** Continuous (or ordinal numeric) variables: (value > above) vs (value <= above). */
  above?: number | null | undefined;
  /** The name to show for the covariate (default derived from the variable). */
  label?: string | null | undefined;
  /** Categorical variables: (value in levels) vs the rest. */
  levels?: Array<string> | null | undefined;
  /**
   * coxRegression only: `variable` is a lab without a timepoint, "lab.<Analyte>", entering as a
   * time-varying covariate: follow-up split at the patient's results into (start, stop] rows, the value
   * in force on each the latest result at or before its start (as survival's tmerge + tdc).
   */
  timeVarying?: boolean | null | undefined;
  /** The logarithm of a continuous value (a value <= 0 is missing); the default label becomes log(variable) / log2(variable). */
  transform?: CovariateTransform | null | undefined;
  /** A variable name, e.g. "ascitesAtBaseline", "ageAtIndex", "childPugh", "priorTherapy.SYSTEMIC_CHEMOTHERAPY", "grade.ALP.BASELINE". */
  variable: string;
};

/** A transform of a continuous covariate. */
export type CovariateTransform =
  | 'LOG'
  | 'LOG2';

/**
 * Which patients. Filters compose: every part given in one object must hold (AND); use `and`, `or`
 * and `not` to combine filters. A `variable` predicate names a variable of `variables` and gives one
 * or more of `eq`, `in`, `gt`, `gte`, `lt`, `lte`, `isNull`. Booleans compare as eq: "true" / "false".
 * Example: { and: [{ variable: "followUpMonths", gte: 12 }, { variable: "childPugh", in: ["B", "C"] }] }
 */
export type PatientFilter = {
  /** All of these filters. */
  and?: Array<PatientFilter> | null | undefined;
  /** Equal to (a level, "true"/"false", or a number written as text). */
  eq?: string | null | undefined;
  /** Greater than (continuous or ordinal variables). */
  gt?: number | null | undefined;
  /** Greater than or equal to. */
  gte?: number | null | undefined;
  /** One of these levels. */
  in?: Array<string> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
  /** Less than. */
  lt?: number | null | undefined;
  /** Less than or equal to. */
  lte?: number | null | undefined;
  /** Not this filter. */
  not?: PatientFilter | null | undefined;
  /** Any of these filters. */
  or?: Array<PatientFilter> | null | undefined;
  /** Patients of these sites (site codes). */
  site?: Array<string> | null | undefined;
  /** A variable name from `variables`. */
  variable?: string | null | undefined;
};

/**
 * Study timepoints, as windows of days from the index date: BASELINE -90..0 (the latest result on or
 * before the first TARE), MONTH_6 123..243, YEAR_n 365n ± 90. One value per patient per window: the
 * closest to the target day, ties to the earlier.
 */
export type Timepoint =
  | 'BASELINE'
  | 'MONTH_6'
  | 'YEAR_1'
  | 'YEAR_2'
  | 'YEAR_3'
  | 'YEAR_4';

/** How a lab trajectory plot summarises each timepoint. */
export type TrajectorySummary =
  /** Mean with its 95% t confidence interval. */
  | 'MEAN_CI'
  /** Median with the interquartile range (R type 7 quartiles). */
  | 'MEDIAN_IQR';

/** The kind of a variable: it decides which predicates and covariate codings apply. */
export type VariableKind =
  | 'BOOLEAN'
  | 'CATEGORICAL'
  | 'CONTINUOUS';

export type CohortOverviewQueryVariables = Exact<{
  where?: PatientFilter | null | undefined;
}>;


export type CohortOverviewQuery = { cohort: { size: number | null, characteristics: Array<{ variable: string, label: string, kind: VariableKind, unit: string | null, n: number | null, missing: number | null, levels: Array<{ level: string, label: string, count: number | null, percent: number | null }>, summary: { mean: number | null, sd: number | null, median: number | null, q1: number | null, q3: number | null, min: number | null, max: number | null } | null }> } };

export type CoxForestQueryVariables = Exact<{
  where?: PatientFilter | null | undefined;
  covariates: Array<CovariateInput> | CovariateInput;
}>;


export type CoxForestQuery = { cohort: { coxRegression: { n: number, events: number, converged: boolean, warnings: Array<string>, plot: { vegaLite: unknown } } } };

export type DictionaryQueryVariables = Exact<{ [key: string]: never; }>;


export type DictionaryQuery = { variables: Array<{ name: string, label: string, kind: VariableKind, levels: Array<string> | null, unit: string | null, description: string, labeledLevels: Array<{ key: string, label: string, order: number }> }> };

export type LabTrajectoryQueryVariables = Exact<{
  where?: PatientFilter | null | undefined;
  analyte: Analyte;
  by?: CovariateInput | null | undefined;
  summary?: TrajectorySummary | null | undefined;
}>;


export type LabTrajectoryQuery = { cohort: { labTrajectory: { warnings: Array<string>, timepoints: Array<Timepoint>, summary: Array<{ timepoint: Timepoint, n: number | null }>, groups: Array<{ key: string, label: string, summary: Array<{ timepoint: Timepoint, n: number | null }> }>, plot: { vegaLite: unknown } } } };

export type SurvivalByGroupQueryVariables = Exact<{
  where?: PatientFilter | null | undefined;
  by: CovariateInput;
}>;


export type SurvivalByGroupQuery = { cohort: { compareSurvival: { n: number, warnings: Array<string>, logRank: { statistic: number | null, df: number | null, p: number | null }, groups: Array<{ key: string, label: string, estimate: { n: number, events: number | null, median: { estimate: number | null, lower: number | null, upper: number | null } } }>, plot: { vegaLite: unknown } } } };
