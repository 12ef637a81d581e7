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

/** A yes/no variable's predicates. */
export type BooleanFilter = {
  /** Equal to. */
  eq?: boolean | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
};

/** Levels of ChildPugh, in the dictionary's order. */
export type ChildPughLevel =
  | 'A'
  | 'B'
  | 'C';

/** Predicates on ChildPugh; every one given must hold. */
export type ChildPughLevelFilter = {
  /** Equal to. */
  eq?: ChildPughLevel | null | undefined;
  /** One of these levels. */
  in?: Array<ChildPughLevel> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
};

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

/** Levels of Differentiation, in the dictionary's order. */
export type DifferentiationLevel =
  | 'MODERATE_POOR'
  | 'UNKNOWN'
  | 'WELL';

/** Predicates on Differentiation; every one given must hold. */
export type DifferentiationLevelFilter = {
  /** Equal to. */
  eq?: DifferentiationLevel | null | undefined;
  /** One of these levels. */
  in?: Array<DifferentiationLevel> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
};

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

/** A number-valued variable's predicates; every one given must hold. */
export type FloatFilter = {
  /** Equal to. */
  eq?: number | null | undefined;
  /** Greater than. */
  gt?: number | null | undefined;
  /** Greater than or equal to. */
  gte?: number | null | undefined;
  /** One of these values. */
  in?: Array<number> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
  /** Less than. */
  lt?: number | null | undefined;
  /** Less than or equal to. */
  lte?: number | null | undefined;
};

/** A finding read on cross-sectional imaging. */
export type ImagingFinding =
  | 'ASCITES'
  | 'CIRRHOSIS_LIKE_MORPHOLOGY'
  | 'SPLENOMEGALY'
  | 'VARICES';

/** Levels of ImagingRecist, in the dictionary's order. */
export type ImagingRecistLevel =
  | 'CR'
  | 'PD'
  | 'PR'
  | 'SD';

/** Predicates on ImagingRecist; every one given must hold. */
export type ImagingRecistLevelFilter = {
  /** Equal to. */
  eq?: ImagingRecistLevel | null | undefined;
  /** One of these levels. */
  in?: Array<ImagingRecistLevel> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
};

/** How a cumulative-incidence plot arranges causes and groups. */
export type IncidencePlotLayout =
  /** One panel per cause (the event of interest first), one line per group with its confidence band and Gray's test. */
  | 'LINES'
  /** One panel per group, the causes' incidences stacked: the top edge is the probability of any of the events. */
  | 'STACKED';

/** An ordinal variable with whole-number levels (ECOG 0-4, CTCAE grades 0-4); every predicate given must hold. */
export type IntFilter = {
  /** Equal to. */
  eq?: number | null | undefined;
  /** Greater than. */
  gt?: number | null | undefined;
  /** Greater than or equal to. */
  gte?: number | null | undefined;
  /** One of these levels. */
  in?: Array<number> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
  /** Less than. */
  lt?: number | null | undefined;
  /** Less than or equal to. */
  lte?: number | null | undefined;
};

/**
 * Which patients. Filters compose: every part given in one object must hold (AND); use `and`, `or`
 * and `not` to combine filters. A `variable` predicate names a variable of `variables` and gives one
 * or more of `eq`, `in`, `gt`, `gte`, `lt`, `lte`, `isNull`. Booleans compare as eq: "true" / "false".
 * Example: { and: [{ variable: "followUpMonths", gte: 12 }, { variable: "childPugh", in: ["B", "C"] }] }
 */
export type PatientFilter = {
  /** Age at first TARE (years): the same as { variable: "ageAtIndex", ... }. */
  ageAtIndex?: FloatFilter | null | undefined;
  /** All of these filters. */
  and?: Array<PatientFilter> | null | undefined;
  /** Any prior therapy: the same as { variable: "anyPriorTherapy", ... }. */
  anyPriorTherapy?: BooleanFilter | null | undefined;
  /** Ascites at baseline: the same as { variable: "ascitesAtBaseline", ... }. */
  ascitesAtBaseline?: BooleanFilter | null | undefined;
  /** Child-Pugh class: the same as { variable: "childPugh", ... }. */
  childPugh?: ChildPughLevelFilter | null | undefined;
  /** Differentiation: the same as { variable: "differentiation", ... }. */
  differentiation?: DifferentiationLevelFilter | null | undefined;
  /** ECOG performance status: the same as { variable: "ecog", ... }. */
  ecog?: IntFilter | null | undefined;
  /** Equal to (a level, "true"/"false", or a number written as text). */
  eq?: string | null | undefined;
  /** Extrahepatic metastases: the same as { variable: "extrahepaticMetastases", ... }. */
  extrahepaticMetastases?: BooleanFilter | null | undefined;
  /** Follow-up (months): the same as { variable: "followUpMonths", ... }. */
  followUpMonths?: FloatFilter | null | undefined;
  /** CTCAE v5.0 grade of Albumin at baseline: the same as { variable: "grade.ALBUMIN.BASELINE", ... }. */
  grade_ALBUMIN_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Albumin at 6 months: the same as { variable: "grade.ALBUMIN.MONTH_6", ... }. */
  grade_ALBUMIN_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Albumin at 1 year: the same as { variable: "grade.ALBUMIN.YEAR_1", ... }. */
  grade_ALBUMIN_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Albumin at 2 years: the same as { variable: "grade.ALBUMIN.YEAR_2", ... }. */
  grade_ALBUMIN_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Albumin at 3 years: the same as { variable: "grade.ALBUMIN.YEAR_3", ... }. */
  grade_ALBUMIN_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Albumin at 4 years: the same as { variable: "grade.ALBUMIN.YEAR_4", ... }. */
  grade_ALBUMIN_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alkaline phosphatase at baseline: the same as { variable: "grade.ALP.BASELINE", ... }. */
  grade_ALP_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alkaline phosphatase at 6 months: the same as { variable: "grade.ALP.MONTH_6", ... }. */
  grade_ALP_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alkaline phosphatase at 1 year: the same as { variable: "grade.ALP.YEAR_1", ... }. */
  grade_ALP_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alkaline phosphatase at 2 years: the same as { variable: "grade.ALP.YEAR_2", ... }. */
  grade_ALP_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alkaline phosphatase at 3 years: the same as { variable: "grade.ALP.YEAR_3", ... }. */
  grade_ALP_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alkaline phosphatase at 4 years: the same as { variable: "grade.ALP.YEAR_4", ... }. */
  grade_ALP_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alanine aminotransferase at baseline: the same as { variable: "grade.ALT.BASELINE", ... }. */
  grade_ALT_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alanine aminotransferase at 6 months: the same as { variable: "grade.ALT.MONTH_6", ... }. */
  grade_ALT_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alanine aminotransferase at 1 year: the same as { variable: "grade.ALT.YEAR_1", ... }. */
  grade_ALT_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alanine aminotransferase at 2 years: the same as { variable: "grade.ALT.YEAR_2", ... }. */
  grade_ALT_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alanine aminotransferase at 3 years: the same as { variable: "grade.ALT.YEAR_3", ... }. */
  grade_ALT_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Alanine aminotransferase at 4 years: the same as { variable: "grade.ALT.YEAR_4", ... }. */
  grade_ALT_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Aspartate aminotransferase at baseline: the same as { variable: "grade.AST.BASELINE", ... }. */
  grade_AST_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Aspartate aminotransferase at 6 months: the same as { variable: "grade.AST.MONTH_6", ... }. */
  grade_AST_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Aspartate aminotransferase at 1 year: the same as { variable: "grade.AST.YEAR_1", ... }. */
  grade_AST_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Aspartate aminotransferase at 2 years: the same as { variable: "grade.AST.YEAR_2", ... }. */
  grade_AST_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Aspartate aminotransferase at 3 years: the same as { variable: "grade.AST.YEAR_3", ... }. */
  grade_AST_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Aspartate aminotransferase at 4 years: the same as { variable: "grade.AST.YEAR_4", ... }. */
  grade_AST_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Total bilirubin at baseline: the same as { variable: "grade.BILIRUBIN.BASELINE", ... }. */
  grade_BILIRUBIN_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Total bilirubin at 6 months: the same as { variable: "grade.BILIRUBIN.MONTH_6", ... }. */
  grade_BILIRUBIN_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Total bilirubin at 1 year: the same as { variable: "grade.BILIRUBIN.YEAR_1", ... }. */
  grade_BILIRUBIN_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Total bilirubin at 2 years: the same as { variable: "grade.BILIRUBIN.YEAR_2", ... }. */
  grade_BILIRUBIN_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Total bilirubin at 3 years: the same as { variable: "grade.BILIRUBIN.YEAR_3", ... }. */
  grade_BILIRUBIN_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Total bilirubin at 4 years: the same as { variable: "grade.BILIRUBIN.YEAR_4", ... }. */
  grade_BILIRUBIN_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Creatinine at baseline: the same as { variable: "grade.CREATININE.BASELINE", ... }. */
  grade_CREATININE_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Creatinine at 6 months: the same as { variable: "grade.CREATININE.MONTH_6", ... }. */
  grade_CREATININE_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Creatinine at 1 year: the same as { variable: "grade.CREATININE.YEAR_1", ... }. */
  grade_CREATININE_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Creatinine at 2 years: the same as { variable: "grade.CREATININE.YEAR_2", ... }. */
  grade_CREATININE_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Creatinine at 3 years: the same as { variable: "grade.CREATININE.YEAR_3", ... }. */
  grade_CREATININE_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Creatinine at 4 years: the same as { variable: "grade.CREATININE.YEAR_4", ... }. */
  grade_CREATININE_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Hemoglobin at baseline: the same as { variable: "grade.HEMOGLOBIN.BASELINE", ... }. */
  grade_HEMOGLOBIN_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Hemoglobin at 6 months: the same as { variable: "grade.HEMOGLOBIN.MONTH_6", ... }. */
  grade_HEMOGLOBIN_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Hemoglobin at 1 year: the same as { variable: "grade.HEMOGLOBIN.YEAR_1", ... }. */
  grade_HEMOGLOBIN_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Hemoglobin at 2 years: the same as { variable: "grade.HEMOGLOBIN.YEAR_2", ... }. */
  grade_HEMOGLOBIN_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Hemoglobin at 3 years: the same as { variable: "grade.HEMOGLOBIN.YEAR_3", ... }. */
  grade_HEMOGLOBIN_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Hemoglobin at 4 years: the same as { variable: "grade.HEMOGLOBIN.YEAR_4", ... }. */
  grade_HEMOGLOBIN_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of International normalized ratio at baseline: the same as { variable: "grade.INR.BASELINE", ... }. */
  grade_INR_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of International normalized ratio at 6 months: the same as { variable: "grade.INR.MONTH_6", ... }. */
  grade_INR_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of International normalized ratio at 1 year: the same as { variable: "grade.INR.YEAR_1", ... }. */
  grade_INR_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of International normalized ratio at 2 years: the same as { variable: "grade.INR.YEAR_2", ... }. */
  grade_INR_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of International normalized ratio at 3 years: the same as { variable: "grade.INR.YEAR_3", ... }. */
  grade_INR_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of International normalized ratio at 4 years: the same as { variable: "grade.INR.YEAR_4", ... }. */
  grade_INR_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Leukocyte (white blood cell) count at baseline: the same as { variable: "grade.LEUKOCYTES.BASELINE", ... }. */
  grade_LEUKOCYTES_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Leukocyte (white blood cell) count at 6 months: the same as { variable: "grade.LEUKOCYTES.MONTH_6", ... }. */
  grade_LEUKOCYTES_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Leukocyte (white blood cell) count at 1 year: the same as { variable: "grade.LEUKOCYTES.YEAR_1", ... }. */
  grade_LEUKOCYTES_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Leukocyte (white blood cell) count at 2 years: the same as { variable: "grade.LEUKOCYTES.YEAR_2", ... }. */
  grade_LEUKOCYTES_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Leukocyte (white blood cell) count at 3 years: the same as { variable: "grade.LEUKOCYTES.YEAR_3", ... }. */
  grade_LEUKOCYTES_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Leukocyte (white blood cell) count at 4 years: the same as { variable: "grade.LEUKOCYTES.YEAR_4", ... }. */
  grade_LEUKOCYTES_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Absolute neutrophil count at baseline: the same as { variable: "grade.NEUTROPHILS.BASELINE", ... }. */
  grade_NEUTROPHILS_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Absolute neutrophil count at 6 months: the same as { variable: "grade.NEUTROPHILS.MONTH_6", ... }. */
  grade_NEUTROPHILS_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Absolute neutrophil count at 1 year: the same as { variable: "grade.NEUTROPHILS.YEAR_1", ... }. */
  grade_NEUTROPHILS_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Absolute neutrophil count at 2 years: the same as { variable: "grade.NEUTROPHILS.YEAR_2", ... }. */
  grade_NEUTROPHILS_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Absolute neutrophil count at 3 years: the same as { variable: "grade.NEUTROPHILS.YEAR_3", ... }. */
  grade_NEUTROPHILS_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Absolute neutrophil count at 4 years: the same as { variable: "grade.NEUTROPHILS.YEAR_4", ... }. */
  grade_NEUTROPHILS_YEAR_4?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Platelet count at baseline: the same as { variable: "grade.PLATELETS.BASELINE", ... }. */
  grade_PLATELETS_BASELINE?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Platelet count at 6 months: the same as { variable: "grade.PLATELETS.MONTH_6", ... }. */
  grade_PLATELETS_MONTH_6?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Platelet count at 1 year: the same as { variable: "grade.PLATELETS.YEAR_1", ... }. */
  grade_PLATELETS_YEAR_1?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Platelet count at 2 years: the same as { variable: "grade.PLATELETS.YEAR_2", ... }. */
  grade_PLATELETS_YEAR_2?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Platelet count at 3 years: the same as { variable: "grade.PLATELETS.YEAR_3", ... }. */
  grade_PLATELETS_YEAR_3?: IntFilter | null | undefined;
  /** CTCAE v5.0 grade of Platelet count at 4 years: the same as { variable: "grade.PLATELETS.YEAR_4", ... }. */
  grade_PLATELETS_YEAR_4?: IntFilter | null | undefined;
  /** Greater than (continuous or ordinal variables). */
  gt?: number | null | undefined;
  /** Greater than or equal to. */
  gte?: number | null | undefined;
  /** Ascites on imaging at baseline: the same as { variable: "imaging.ascites.BASELINE", ... }. */
  imaging_ascites_BASELINE?: BooleanFilter | null | undefined;
  /** Ascites on imaging at 6 months: the same as { variable: "imaging.ascites.MONTH_6", ... }. */
  imaging_ascites_MONTH_6?: BooleanFilter | null | undefined;
  /** Ascites on imaging at 1 year: the same as { variable: "imaging.ascites.YEAR_1", ... }. */
  imaging_ascites_YEAR_1?: BooleanFilter | null | undefined;
  /** Ascites on imaging at 2 years: the same as { variable: "imaging.ascites.YEAR_2", ... }. */
  imaging_ascites_YEAR_2?: BooleanFilter | null | undefined;
  /** Ascites on imaging at 3 years: the same as { variable: "imaging.ascites.YEAR_3", ... }. */
  imaging_ascites_YEAR_3?: BooleanFilter | null | undefined;
  /** Ascites on imaging at 4 years: the same as { variable: "imaging.ascites.YEAR_4", ... }. */
  imaging_ascites_YEAR_4?: BooleanFilter | null | undefined;
  /** Cirrhosis-like morphology on imaging at baseline: the same as { variable: "imaging.cirrhosisLikeMorphology.BASELINE", ... }. */
  imaging_cirrhosisLikeMorphology_BASELINE?: BooleanFilter | null | undefined;
  /** Cirrhosis-like morphology on imaging at 6 months: the same as { variable: "imaging.cirrhosisLikeMorphology.MONTH_6", ... }. */
  imaging_cirrhosisLikeMorphology_MONTH_6?: BooleanFilter | null | undefined;
  /** Cirrhosis-like morphology on imaging at 1 year: the same as { variable: "imaging.cirrhosisLikeMorphology.YEAR_1", ... }. */
  imaging_cirrhosisLikeMorphology_YEAR_1?: BooleanFilter | null | undefined;
  /** Cirrhosis-like morphology on imaging at 2 years: the same as { variable: "imaging.cirrhosisLikeMorphology.YEAR_2", ... }. */
  imaging_cirrhosisLikeMorphology_YEAR_2?: BooleanFilter | null | undefined;
  /** Cirrhosis-like morphology on imaging at 3 years: the same as { variable: "imaging.cirrhosisLikeMorphology.YEAR_3", ... }. */
  imaging_cirrhosisLikeMorphology_YEAR_3?: BooleanFilter | null | undefined;
  /** Cirrhosis-like morphology on imaging at 4 years: the same as { variable: "imaging.cirrhosisLikeMorphology.YEAR_4", ... }. */
  imaging_cirrhosisLikeMorphology_YEAR_4?: BooleanFilter | null | undefined;
  /** RECIST response at baseline: the same as { variable: "imaging.recist.BASELINE", ... }. */
  imaging_recist_BASELINE?: ImagingRecistLevelFilter | null | undefined;
  /** RECIST response at 6 months: the same as { variable: "imaging.recist.MONTH_6", ... }. */
  imaging_recist_MONTH_6?: ImagingRecistLevelFilter | null | undefined;
  /** RECIST response at 1 year: the same as { variable: "imaging.recist.YEAR_1", ... }. */
  imaging_recist_YEAR_1?: ImagingRecistLevelFilter | null | undefined;
  /** RECIST response at 2 years: the same as { variable: "imaging.recist.YEAR_2", ... }. */
  imaging_recist_YEAR_2?: ImagingRecistLevelFilter | null | undefined;
  /** RECIST response at 3 years: the same as { variable: "imaging.recist.YEAR_3", ... }. */
  imaging_recist_YEAR_3?: ImagingRecistLevelFilter | null | undefined;
  /** RECIST response at 4 years: the same as { variable: "imaging.recist.YEAR_4", ... }. */
  imaging_recist_YEAR_4?: ImagingRecistLevelFilter | null | undefined;
  /** Splenomegaly on imaging at baseline: the same as { variable: "imaging.splenomegaly.BASELINE", ... }. */
  imaging_splenomegaly_BASELINE?: BooleanFilter | null | undefined;
  /** Splenomegaly on imaging at 6 months: the same as { variable: "imaging.splenomegaly.MONTH_6", ... }. */
  imaging_splenomegaly_MONTH_6?: BooleanFilter | null | undefined;
  /** Splenomegaly on imaging at 1 year: the same as { variable: "imaging.splenomegaly.YEAR_1", ... }. */
  imaging_splenomegaly_YEAR_1?: BooleanFilter | null | undefined;
  /** Splenomegaly on imaging at 2 years: the same as { variable: "imaging.splenomegaly.YEAR_2", ... }. */
  imaging_splenomegaly_YEAR_2?: BooleanFilter | null | undefined;
  /** Splenomegaly on imaging at 3 years: the same as { variable: "imaging.splenomegaly.YEAR_3", ... }. */
  imaging_splenomegaly_YEAR_3?: BooleanFilter | null | undefined;
  /** Splenomegaly on imaging at 4 years: the same as { variable: "imaging.splenomegaly.YEAR_4", ... }. */
  imaging_splenomegaly_YEAR_4?: BooleanFilter | null | undefined;
  /** Varices on imaging at baseline: the same as { variable: "imaging.varices.BASELINE", ... }. */
  imaging_varices_BASELINE?: BooleanFilter | null | undefined;
  /** Varices on imaging at 6 months: the same as { variable: "imaging.varices.MONTH_6", ... }. */
  imaging_varices_MONTH_6?: BooleanFilter | null | undefined;
  /** Varices on imaging at 1 year: the same as { variable: "imaging.varices.YEAR_1", ... }. */
  imaging_varices_YEAR_1?: BooleanFilter | null | undefined;
  /** Varices on imaging at 2 years: the same as { variable: "imaging.varices.YEAR_2", ... }. */
  imaging_varices_YEAR_2?: BooleanFilter | null | undefined;
  /** Varices on imaging at 3 years: the same as { variable: "imaging.varices.YEAR_3", ... }. */
  imaging_varices_YEAR_3?: BooleanFilter | null | undefined;
  /** Varices on imaging at 4 years: the same as { variable: "imaging.varices.YEAR_4", ... }. */
  imaging_varices_YEAR_4?: BooleanFilter | null | undefined;
  /** One of these levels. */
  in?: Array<string> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
  /** Albumin at baseline (g/dL): the same as { variable: "lab.ALBUMIN.BASELINE", ... }. */
  lab_ALBUMIN_BASELINE?: FloatFilter | null | undefined;
  /** Albumin at 6 months (g/dL): the same as { variable: "lab.ALBUMIN.MONTH_6", ... }. */
  lab_ALBUMIN_MONTH_6?: FloatFilter | null | undefined;
  /** Albumin at 1 year (g/dL): the same as { variable: "lab.ALBUMIN.YEAR_1", ... }. */
  lab_ALBUMIN_YEAR_1?: FloatFilter | null | undefined;
  /** Albumin at 2 years (g/dL): the same as { variable: "lab.ALBUMIN.YEAR_2", ... }. */
  lab_ALBUMIN_YEAR_2?: FloatFilter | null | undefined;
  /** Albumin at 3 years (g/dL): the same as { variable: "lab.ALBUMIN.YEAR_3", ... }. */
  lab_ALBUMIN_YEAR_3?: FloatFilter | null | undefined;
  /** Albumin at 4 years (g/dL): the same as { variable: "lab.ALBUMIN.YEAR_4", ... }. */
  lab_ALBUMIN_YEAR_4?: FloatFilter | null | undefined;
  /** Alkaline phosphatase at baseline (U/L): the same as { variable: "lab.ALP.BASELINE", ... }. */
  lab_ALP_BASELINE?: FloatFilter | null | undefined;
  /** Alkaline phosphatase at 6 months (U/L): the same as { variable: "lab.ALP.MONTH_6", ... }. */
  lab_ALP_MONTH_6?: FloatFilter | null | undefined;
  /** Alkaline phosphatase at 1 year (U/L): the same as { variable: "lab.ALP.YEAR_1", ... }. */
  lab_ALP_YEAR_1?: FloatFilter | null | undefined;
  /** Alkaline phosphatase at 2 years (U/L): the same as { variable: "lab.ALP.YEAR_2", ... }. */
  lab_ALP_YEAR_2?: FloatFilter | null | undefined;
  /** Alkaline phosphatase at 3 years (U/L): the same as { variable: "lab.ALP.YEAR_3", ... }. */
  lab_ALP_YEAR_3?: FloatFilter | null | undefined;
  /** Alkaline phosphatase at 4 years (U/L): the same as { variable: "lab.ALP.YEAR_4", ... }. */
  lab_ALP_YEAR_4?: FloatFilter | null | undefined;
  /** Alanine aminotransferase at baseline (U/L): the same as { variable: "lab.ALT.BASELINE", ... }. */
  lab_ALT_BASELINE?: FloatFilter | null | undefined;
  /** Alanine aminotransferase at 6 months (U/L): the same as { variable: "lab.ALT.MONTH_6", ... }. */
  lab_ALT_MONTH_6?: FloatFilter | null | undefined;
  /** Alanine aminotransferase at 1 year (U/L): the same as { variable: "lab.ALT.YEAR_1", ... }. */
  lab_ALT_YEAR_1?: FloatFilter | null | undefined;
  /** Alanine aminotransferase at 2 years (U/L): the same as { variable: "lab.ALT.YEAR_2", ... }. */
  lab_ALT_YEAR_2?: FloatFilter | null | undefined;
  /** Alanine aminotransferase at 3 years (U/L): the same as { variable: "lab.ALT.YEAR_3", ... }. */
  lab_ALT_YEAR_3?: FloatFilter | null | undefined;
  /** Alanine aminotransferase at 4 years (U/L): the same as { variable: "lab.ALT.YEAR_4", ... }. */
  lab_ALT_YEAR_4?: FloatFilter | null | undefined;
  /** Aspartate aminotransferase at baseline (U/L): the same as { variable: "lab.AST.BASELINE", ... }. */
  lab_AST_BASELINE?: FloatFilter | null | undefined;
  /** Aspartate aminotransferase at 6 months (U/L): the same as { variable: "lab.AST.MONTH_6", ... }. */
  lab_AST_MONTH_6?: FloatFilter | null | undefined;
  /** Aspartate aminotransferase at 1 year (U/L): the same as { variable: "lab.AST.YEAR_1", ... }. */
  lab_AST_YEAR_1?: FloatFilter | null | undefined;
  /** Aspartate aminotransferase at 2 years (U/L): the same as { variable: "lab.AST.YEAR_2", ... }. */
  lab_AST_YEAR_2?: FloatFilter | null | undefined;
  /** Aspartate aminotransferase at 3 years (U/L): the same as { variable: "lab.AST.YEAR_3", ... }. */
  lab_AST_YEAR_3?: FloatFilter | null | undefined;
  /** Aspartate aminotransferase at 4 years (U/L): the same as { variable: "lab.AST.YEAR_4", ... }. */
  lab_AST_YEAR_4?: FloatFilter | null | undefined;
  /** Total bilirubin at baseline (mg/dL): the same as { variable: "lab.BILIRUBIN.BASELINE", ... }. */
  lab_BILIRUBIN_BASELINE?: FloatFilter | null | undefined;
  /** Total bilirubin at 6 months (mg/dL): the same as { variable: "lab.BILIRUBIN.MONTH_6", ... }. */
  lab_BILIRUBIN_MONTH_6?: FloatFilter | null | undefined;
  /** Total bilirubin at 1 year (mg/dL): the same as { variable: "lab.BILIRUBIN.YEAR_1", ... }. */
  lab_BILIRUBIN_YEAR_1?: FloatFilter | null | undefined;
  /** Total bilirubin at 2 years (mg/dL): the same as { variable: "lab.BILIRUBIN.YEAR_2", ... }. */
  lab_BILIRUBIN_YEAR_2?: FloatFilter | null | undefined;
  /** Total bilirubin at 3 years (mg/dL): the same as { variable: "lab.BILIRUBIN.YEAR_3", ... }. */
  lab_BILIRUBIN_YEAR_3?: FloatFilter | null | undefined;
  /** Total bilirubin at 4 years (mg/dL): the same as { variable: "lab.BILIRUBIN.YEAR_4", ... }. */
  lab_BILIRUBIN_YEAR_4?: FloatFilter | null | undefined;
  /** Creatinine at baseline (mg/dL): the same as { variable: "lab.CREATININE.BASELINE", ... }. */
  lab_CREATININE_BASELINE?: FloatFilter | null | undefined;
  /** Creatinine at 6 months (mg/dL): the same as { variable: "lab.CREATININE.MONTH_6", ... }. */
  lab_CREATININE_MONTH_6?: FloatFilter | null | undefined;
  /** Creatinine at 1 year (mg/dL): the same as { variable: "lab.CREATININE.YEAR_1", ... }. */
  lab_CREATININE_YEAR_1?: FloatFilter | null | undefined;
  /** Creatinine at 2 years (mg/dL): the same as { variable: "lab.CREATININE.YEAR_2", ... }. */
  lab_CREATININE_YEAR_2?: FloatFilter | null | undefined;
  /** Creatinine at 3 years (mg/dL): the same as { variable: "lab.CREATININE.YEAR_3", ... }. */
  lab_CREATININE_YEAR_3?: FloatFilter | null | undefined;
  /** Creatinine at 4 years (mg/dL): the same as { variable: "lab.CREATININE.YEAR_4", ... }. */
  lab_CREATININE_YEAR_4?: FloatFilter | null | undefined;
  /** Hemoglobin at baseline (g/dL): the same as { variable: "lab.HEMOGLOBIN.BASELINE", ... }. */
  lab_HEMOGLOBIN_BASELINE?: FloatFilter | null | undefined;
  /** Hemoglobin at 6 months (g/dL): the same as { variable: "lab.HEMOGLOBIN.MONTH_6", ... }. */
  lab_HEMOGLOBIN_MONTH_6?: FloatFilter | null | undefined;
  /** Hemoglobin at 1 year (g/dL): the same as { variable: "lab.HEMOGLOBIN.YEAR_1", ... }. */
  lab_HEMOGLOBIN_YEAR_1?: FloatFilter | null | undefined;
  /** Hemoglobin at 2 years (g/dL): the same as { variable: "lab.HEMOGLOBIN.YEAR_2", ... }. */
  lab_HEMOGLOBIN_YEAR_2?: FloatFilter | null | undefined;
  /** Hemoglobin at 3 years (g/dL): the same as { variable: "lab.HEMOGLOBIN.YEAR_3", ... }. */
  lab_HEMOGLOBIN_YEAR_3?: FloatFilter | null | undefined;
  /** Hemoglobin at 4 years (g/dL): the same as { variable: "lab.HEMOGLOBIN.YEAR_4", ... }. */
  lab_HEMOGLOBIN_YEAR_4?: FloatFilter | null | undefined;
  /** International normalized ratio at baseline (1): the same as { variable: "lab.INR.BASELINE", ... }. */
  lab_INR_BASELINE?: FloatFilter | null | undefined;
  /** International normalized ratio at 6 months (1): the same as { variable: "lab.INR.MONTH_6", ... }. */
  lab_INR_MONTH_6?: FloatFilter | null | undefined;
  /** International normalized ratio at 1 year (1): the same as { variable: "lab.INR.YEAR_1", ... }. */
  lab_INR_YEAR_1?: FloatFilter | null | undefined;
  /** International normalized ratio at 2 years (1): the same as { variable: "lab.INR.YEAR_2", ... }. */
  lab_INR_YEAR_2?: FloatFilter | null | undefined;
  /** International normalized ratio at 3 years (1): the same as { variable: "lab.INR.YEAR_3", ... }. */
  lab_INR_YEAR_3?: FloatFilter | null | undefined;
  /** International normalized ratio at 4 years (1): the same as { variable: "lab.INR.YEAR_4", ... }. */
  lab_INR_YEAR_4?: FloatFilter | null | undefined;
  /** Leukocyte (white blood cell) count at baseline (10^9/L): the same as { variable: "lab.LEUKOCYTES.BASELINE", ... }. */
  lab_LEUKOCYTES_BASELINE?: FloatFilter | null | undefined;
  /** Leukocyte (white blood cell) count at 6 months (10^9/L): the same as { variable: "lab.LEUKOCYTES.MONTH_6", ... }. */
  lab_LEUKOCYTES_MONTH_6?: FloatFilter | null | undefined;
  /** Leukocyte (white blood cell) count at 1 year (10^9/L): the same as { variable: "lab.LEUKOCYTES.YEAR_1", ... }. */
  lab_LEUKOCYTES_YEAR_1?: FloatFilter | null | undefined;
  /** Leukocyte (white blood cell) count at 2 years (10^9/L): the same as { variable: "lab.LEUKOCYTES.YEAR_2", ... }. */
  lab_LEUKOCYTES_YEAR_2?: FloatFilter | null | undefined;
  /** Leukocyte (white blood cell) count at 3 years (10^9/L): the same as { variable: "lab.LEUKOCYTES.YEAR_3", ... }. */
  lab_LEUKOCYTES_YEAR_3?: FloatFilter | null | undefined;
  /** Leukocyte (white blood cell) count at 4 years (10^9/L): the same as { variable: "lab.LEUKOCYTES.YEAR_4", ... }. */
  lab_LEUKOCYTES_YEAR_4?: FloatFilter | null | undefined;
  /** Absolute neutrophil count at baseline (10^9/L): the same as { variable: "lab.NEUTROPHILS.BASELINE", ... }. */
  lab_NEUTROPHILS_BASELINE?: FloatFilter | null | undefined;
  /** Absolute neutrophil count at 6 months (10^9/L): the same as { variable: "lab.NEUTROPHILS.MONTH_6", ... }. */
  lab_NEUTROPHILS_MONTH_6?: FloatFilter | null | undefined;
  /** Absolute neutrophil count at 1 year (10^9/L): the same as { variable: "lab.NEUTROPHILS.YEAR_1", ... }. */
  lab_NEUTROPHILS_YEAR_1?: FloatFilter | null | undefined;
  /** Absolute neutrophil count at 2 years (10^9/L): the same as { variable: "lab.NEUTROPHILS.YEAR_2", ... }. */
  lab_NEUTROPHILS_YEAR_2?: FloatFilter | null | undefined;
  /** Absolute neutrophil count at 3 years (10^9/L): the same as { variable: "lab.NEUTROPHILS.YEAR_3", ... }. */
  lab_NEUTROPHILS_YEAR_3?: FloatFilter | null | undefined;
  /** Absolute neutrophil count at 4 years (10^9/L): the same as { variable: "lab.NEUTROPHILS.YEAR_4", ... }. */
  lab_NEUTROPHILS_YEAR_4?: FloatFilter | null | undefined;
  /** Platelet count at baseline (10^9/L): the same as { variable: "lab.PLATELETS.BASELINE", ... }. */
  lab_PLATELETS_BASELINE?: FloatFilter | null | undefined;
  /** Platelet count at 6 months (10^9/L): the same as { variable: "lab.PLATELETS.MONTH_6", ... }. */
  lab_PLATELETS_MONTH_6?: FloatFilter | null | undefined;
  /** Platelet count at 1 year (10^9/L): the same as { variable: "lab.PLATELETS.YEAR_1", ... }. */
  lab_PLATELETS_YEAR_1?: FloatFilter | null | undefined;
  /** Platelet count at 2 years (10^9/L): the same as { variable: "lab.PLATELETS.YEAR_2", ... }. */
  lab_PLATELETS_YEAR_2?: FloatFilter | null | undefined;
  /** Platelet count at 3 years (10^9/L): the same as { variable: "lab.PLATELETS.YEAR_3", ... }. */
  lab_PLATELETS_YEAR_3?: FloatFilter | null | undefined;
  /** Platelet count at 4 years (10^9/L): the same as { variable: "lab.PLATELETS.YEAR_4", ... }. */
  lab_PLATELETS_YEAR_4?: FloatFilter | null | undefined;
  /** Less than. */
  lt?: number | null | undefined;
  /** Less than or equal to. */
  lte?: number | null | undefined;
  /** Months from liver-metastasis diagnosis to TARE (months): the same as { variable: "monthsFromDiagnosisToIndex", ... }. */
  monthsFromDiagnosisToIndex?: FloatFilter | null | undefined;
  /** Not this filter. */
  not?: PatientFilter | null | undefined;
  /** Any of these filters. */
  or?: Array<PatientFilter> | null | undefined;
  /** Prior ablation: the same as { variable: "priorTherapy.ABLATION", ... }. */
  priorTherapy_ABLATION?: BooleanFilter | null | undefined;
  /** Prior liver resection: the same as { variable: "priorTherapy.RESECTION", ... }. */
  priorTherapy_RESECTION?: BooleanFilter | null | undefined;
  /** Prior systemic chemotherapy: the same as { variable: "priorTherapy.SYSTEMIC_CHEMOTHERAPY", ... }. */
  priorTherapy_SYSTEMIC_CHEMOTHERAPY?: BooleanFilter | null | undefined;
  /** Prior TAE/TACE: the same as { variable: "priorTherapy.TACE", ... }. */
  priorTherapy_TACE?: BooleanFilter | null | undefined;
  /** Sex: the same as { variable: "sex", ... }. */
  sex?: SexLevelFilter | null | undefined;
  /** Patients of these sites (site codes). */
  site?: Array<string> | null | undefined;
  /** Total administered activity (GBq): the same as { variable: "totalActivityGbq", ... }. */
  totalActivityGbq?: FloatFilter | null | undefined;
  /** TARE sessions (sessions): the same as { variable: "treatmentCount", ... }. */
  treatmentCount?: FloatFilter | null | undefined;
  /** Treatment distribution: the same as { variable: "treatmentDistribution", ... }. */
  treatmentDistribution?: TreatmentDistributionLevelFilter | null | undefined;
  /** Hepatic tumour burden: the same as { variable: "tumorBurden", ... }. */
  tumorBurden?: TumorBurdenLevelFilter | null | undefined;
  /** Primary tumour type: the same as { variable: "tumorType", ... }. */
  tumorType?: TumorTypeLevelFilter | null | undefined;
  /** A variable name from `variables`. */
  variable?: string | null | undefined;
  /** Vital status: the same as { variable: "vitalStatus", ... }. */
  vitalStatus?: VitalStatusLevelFilter | null | undefined;
};

/** Where a progression was seen: in the liver, outside it, or both. */
export type ProgressionSite =
  | 'BOTH'
  | 'EXTRAHEPATIC'
  | 'LIVER';

/** Levels of Sex, in the dictionary's order. */
export type SexLevel =
  | 'FEMALE'
  | 'MALE';

/** Predicates on Sex; every one given must hold. */
export type SexLevelFilter = {
  /** Equal to. */
  eq?: SexLevel | null | undefined;
  /** One of these levels. */
  in?: Array<SexLevel> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
};

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

/** Levels of TreatmentDistribution, in the dictionary's order. */
export type TreatmentDistributionLevel =
  | 'BILOBAR'
  | 'UNILOBAR';

/** Predicates on TreatmentDistribution; every one given must hold. */
export type TreatmentDistributionLevelFilter = {
  /** Equal to. */
  eq?: TreatmentDistributionLevel | null | undefined;
  /** One of these levels. */
  in?: Array<TreatmentDistributionLevel> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
};

/** Levels of TumorBurden, in the dictionary's order. */
export type TumorBurdenLevel =
  | 'FROM_25_TO_50'
  | 'OVER_50'
  | 'UNDER_25';

/** Predicates on TumorBurden; every one given must hold. */
export type TumorBurdenLevelFilter = {
  /** Equal to. */
  eq?: TumorBurdenLevel | null | undefined;
  /** One of these levels. */
  in?: Array<TumorBurdenLevel> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
};

/** Levels of TumorType, in the dictionary's order. */
export type TumorTypeLevel =
  | 'CARCINOID'
  | 'ISLET_CELL'
  | 'OTHER';

/** Predicates on TumorType; every one given must hold. */
export type TumorTypeLevelFilter = {
  /** Equal to. */
  eq?: TumorTypeLevel | null | undefined;
  /** One of these levels. */
  in?: Array<TumorTypeLevel> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
};

/** The kind of a variable: it decides which predicates and covariate codings apply. */
export type VariableKind =
  | 'BOOLEAN'
  | 'CATEGORICAL'
  | 'CONTINUOUS';

/** Levels of VitalStatus, in the dictionary's order. */
export type VitalStatusLevel =
  | 'ALIVE'
  | 'DEAD';

/** Predicates on VitalStatus; every one given must hold. */
export type VitalStatusLevelFilter = {
  /** Equal to. */
  eq?: VitalStatusLevel | null | undefined;
  /** One of these levels. */
  in?: Array<VitalStatusLevel> | null | undefined;
  /** true: the variable is missing; false: it is present. */
  isNull?: boolean | null | undefined;
};

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
