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

/** NCI Common Terminology Criteria for Adverse Events version. */
export type CtcaeVersion =
  /** CTCAE v4.03 (June 14, 2010): the version of studies of the founding study's era. */
  | 'V4_03'
  /** CTCAE v5.0 (November 27, 2017). */
  | 'V5_0';

/** The recorded cause of a death. */
export type DeathCause =
  | 'LIVER'
  | 'OTHER'
  | 'TREATMENT'
  | 'TUMOR'
  | 'UNKNOWN';

/**
 * What a time-to-event field measures (docs/endpoints.md): which first event ends follow-up as the
 * event of interest, which events compete, and where time starts. Left out: overall survival from the
 * index date.
 */
export type EndpointInput = {
  /** Administrative censoring this many months after the origin. */
  censorAtMonths?: number | null | undefined;
  /** The first of these ends follow-up as a competing event (status 2, 3, ... in this order); time-to-event fields other than cumulativeIncidence and fineGray treat them as censoring. */
  competing?: Array<EventInput> | null | undefined;
  /** Instead of a preset: the first of these is the event of interest. */
  events?: Array<EventInput> | null | undefined;
  /** Landmark analysis: only patients event-free and followed past this many months from the origin; time counts from the landmark. */
  landmarkMonths?: number | null | undefined;
  /** Where time starts. */
  origin?: TimeOrigin | null | undefined;
  /** OS (death), PFS (progression or death), TTP (progression; death competes), HEPATIC_PFS (progression in the liver, hepatic decompensation or death). */
  preset?: EndpointPreset | null | undefined;
};

/** Endpoints by name. */
export type EndpointPreset =
  | 'HEPATIC_PFS'
  | 'OS'
  | 'PFS'
  | 'TTP';

/** An event an endpoint counts. */
export type EventInput = {
  /** LAB_GRADE only: the lab. */
  analyte?: Analyte | null | undefined;
  /** DEATH only: only deaths of this recorded cause (a death without a recorded cause is UNKNOWN). */
  cause?: DeathCause | null | undefined;
  /** LAB_GRADE only: the CTCAE version of the grade. */
  ctcaeVersion?: CtcaeVersion | null | undefined;
  /** IMAGING_FINDING only: the first study after the index date showing this. */
  finding?: ImagingFinding | null | undefined;
  /** LAB_GRADE only: the first result after the index date with a CTCAE grade at least this (1 to 5). */
  grade?: number | null | undefined;
  /** What happened. */
  kind: EventKind;
  /** PROGRESSION only: count only progressions at these sites (a RECIST PD on imaging is in the liver); all when left out. */
  progressionSites?: Array<ProgressionSite> | null | undefined;
};

/**
 * DEATH; PROGRESSION (the first imaging study read RECIST PD, or a progression of events.csv, whichever
 * is first); TRANSPLANT, HEPATIC_DECOMPENSATION, NEW_THERAPY (events.csv); LAB_GRADE (a CTCAE grade of a
 * lab); IMAGING_FINDING (a finding on imaging).
 */
export type EventKind =
  | 'DEATH'
  | 'HEPATIC_DECOMPENSATION'
  | 'IMAGING_FINDING'
  | 'LAB_GRADE'
  | 'NEW_THERAPY'
  | 'PROGRESSION'
  | 'TRANSPLANT';

/** A finding read on cross-sectional imaging. */
export type ImagingFinding =
  | 'ASCITES'
  | 'CIRRHOSIS_LIKE_MORPHOLOGY'
  | 'SPLENOMEGALY'
  | 'VARICES';

/** How a cumulative-incidence plot arranges causes and groups. */
export type IncidencePlotLayout =
  /** One panel per cause (the event of interest first), one line per group with its confidence band and Gray's test. */
  | 'LINES'
  /** One panel per group, the causes' incidences stacked: the top edge is the probability of any of the events. */
  | 'STACKED';

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

/** Where a progression was seen: in the liver, outside it, or both. */
export type ProgressionSite =
  | 'BOTH'
  | 'EXTRAHEPATIC'
  | 'LIVER';

/** Where time starts: the index date (first TARE), the liver-metastasis diagnosis, or the last TARE session. */
export type TimeOrigin =
  | 'DIAGNOSIS'
  | 'INDEX_DATE'
  | 'LAST_TREATMENT';

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
  endpoint?: EndpointInput | null | undefined;
  title?: string | null | undefined;
}>;


export type CoxForestQuery = { cohort: { coxRegression: { n: number, events: number, converged: boolean, warnings: Array<string>, terms: Array<{ key: string, label: string }>, proportionalHazards: Array<{ term: string, chisq: number | null, df: number, p: number | null }>, plot: { vegaLite: unknown } } } };

export type CumulativeIncidenceQueryVariables = Exact<{
  where?: PatientFilter | null | undefined;
  by?: CovariateInput | null | undefined;
  layout?: IncidencePlotLayout | null | undefined;
}>;


export type CumulativeIncidenceQuery = { cohort: { cumulativeIncidence: { groups: Array<{ key: string, label: string, n: number, causes: Array<{ cause: string, events: number | null }> }>, grayTest: Array<{ cause: string, statistic: number, df: number, p: number }>, plot: { vegaLite: unknown } } } };

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
  endpoint?: EndpointInput | null | undefined;
  title?: string | null | undefined;
}>;


export type SurvivalByGroupQuery = { cohort: { compareSurvival: { n: number, warnings: Array<string>, logRank: { statistic: number | null, df: number | null, p: number | null }, groups: Array<{ key: string, label: string, estimate: { n: number, events: number | null, median: { estimate: number | null, lower: number | null, upper: number | null } } }>, plot: { vegaLite: unknown } } } };
