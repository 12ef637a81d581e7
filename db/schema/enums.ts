/**
 * The closed vocabularies of the domain, stored in SQL exactly as the GraphQL enum values
 * (so a row reads the same in the database, the API and an export). Each list feeds a CHECK
 * constraint in its table and the GraphQL enum of the same name.
 */
export const SEXES = ['MALE', 'FEMALE'] as const;
export const TUMOR_TYPES = ['CARCINOID', 'ISLET_CELL', 'OTHER'] as const;
export const DIFFERENTIATIONS = ['WELL', 'MODERATE_POOR', 'UNKNOWN'] as const;
/** Hepatic tumour burden, % of liver volume: < 25, 25–50, > 50. */
export const TUMOR_BURDENS = ['UNDER_25', 'FROM_25_TO_50', 'OVER_50'] as const;
export const CHILD_PUGH_CLASSES = ['A', 'B', 'C'] as const;
export const VITAL_STATUSES = ['ALIVE', 'DEAD'] as const;
/** TACE covers TAE and TACE, as in the study's Table 1. */
export const PRIOR_THERAPIES = ['TACE', 'RESECTION', 'SYSTEMIC_CHEMOTHERAPY', 'ABLATION'] as const;
export const TREATMENT_TARGETS = ['RIGHT_LOBE', 'LEFT_LOBE', 'SEGMENTAL', 'WHOLE_LIVER'] as const;
/** Resin (SIR-Spheres) or glass (TheraSphere) 90Y microspheres. */
export const DEVICES = ['RESIN', 'GLASS'] as const;
export const ANALYTES = [
  'ALBUMIN', 'ALP', 'AST', 'ALT', 'BILIRUBIN', 'HEMOGLOBIN', 'PLATELETS', 'LEUKOCYTES',
  'NEUTROPHILS', 'CREATININE', 'INR',
] as const;
export const RECIST_RESPONSES = ['CR', 'PR', 'SD', 'PD'] as const;
/** Therapies given after the first TARE session (the study: everolimus, capecitabine-temozolomide, hepatic arterial infusion). */
export const FOLLOW_UP_THERAPY_KINDS = ['SYSTEMIC', 'HEPATIC_ARTERIAL_INFUSION', 'LIVER_DIRECTED', 'SURGERY', 'OTHER'] as const;

/** Clinical events of events.csv (api-contract.md, "Endpoints and time-to-event analyses"). */
export const CLINICAL_EVENT_KINDS = ['PROGRESSION', 'TRANSPLANT', 'HEPATIC_DECOMPENSATION', 'NEW_THERAPY'] as const;
/** Where a progression was seen. */
export const PROGRESSION_SITES = ['LIVER', 'EXTRAHEPATIC', 'BOTH'] as const;
/** The cause of a death, as the registry records it. */
export const DEATH_CAUSES = ['TUMOR', 'LIVER', 'TREATMENT', 'OTHER', 'UNKNOWN'] as const;

/**
 * Who a principal is (api-contract.md, `npm run admin -- key create --role ROLE`). FEDERATION_PEER is
 * a federation coordinator's key at a site: it reaches only the versioned peer operations
 * (schema/federation.graphql), never a row (docs/federation.md).
 */
export const ROLES = ['ADMIN', 'SITE_MANAGER', 'SITE_ANALYST', 'CONSORTIUM_ANALYST', 'FEDERATION_PEER'] as const;

export type Sex = (typeof SEXES)[number];
export type TumorType = (typeof TUMOR_TYPES)[number];
export type Differentiation = (typeof DIFFERENTIATIONS)[number];
export type TumorBurden = (typeof TUMOR_BURDENS)[number];
export type ChildPughClass = (typeof CHILD_PUGH_CLASSES)[number];
export type VitalStatus = (typeof VITAL_STATUSES)[number];
export type PriorTherapy = (typeof PRIOR_THERAPIES)[number];
export type TreatmentTarget = (typeof TREATMENT_TARGETS)[number];
export type Device = (typeof DEVICES)[number];
export type Analyte = (typeof ANALYTES)[number];
export type RecistResponse = (typeof RECIST_RESPONSES)[number];
export type Role = (typeof ROLES)[number];
export type FollowUpTherapyKind = (typeof FOLLOW_UP_THERAPY_KINDS)[number];
export type ClinicalEventKind = (typeof CLINICAL_EVENT_KINDS)[number];
export type ProgressionSite = (typeof PROGRESSION_SITES)[number];
export type DeathCause = (typeof DEATH_CAUSES)[number];
