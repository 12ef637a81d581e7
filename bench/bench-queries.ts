/**
 * What the load benchmark asks the server: a page of 100 patients with their treatments and labs,
 * and the three dashboard analyses (Kaplan–Meier with the log-rank test, a 6-covariate Cox model,
 * the toxicity table), each over the whole registry and over each site, as a dashboard would
 * rotate through them.
 */
import { REGISTRY_SITES } from './registry-database.js';

export const PAGE_SIZE = 100;

export const PAGE_QUERY = `query Page($after: String) { patients(first: ${PAGE_SIZE}, after: $after) {
  nodes { id externalId sex ageAtIndex indexDate vitalStatus
    treatments { id date target device activityGbq }
    labs { id analyte value unit collectedOn dayFromIndex grade } }
  pageInfo { hasNextPage endCursor } } }`;

/** The covariates of the 6-covariate Cox model: continuous, categorical (dummies) and boolean. */
export const COX_COVARIATES = ['ageAtIndex', 'sex', 'ecog', 'tumorBurden', 'ascitesAtBaseline', 'extrahepaticMetastases'] as const;

/** The grouping of the Kaplan–Meier comparison. */
export const KM_GROUPING = 'tumorBurden';

export const ANALYSIS_QUERIES = {
  km: `query KM($where: PatientFilter) { cohort(where: $where) { compareSurvival(by: { variable: "${KM_GROUPING}" }) {
    n groups { label estimate { n events median { estimate lower upper } curve { time survival lower upper } } } logRank { statistic df p } } } }`,
  cox: `query Cox($where: PatientFilter) { cohort(where: $where) { coxRegression(covariates: [${COX_COVARIATES.map((variable) => `{ variable: "${variable}" }`).join(', ')}]) {
    n events converged terms { name coef hazardRatio lower upper p } concordance } } }`,
  toxicity: `query Toxicity($where: PatientFilter) { cohort(where: $where) { toxicityTable {
    cohortSize rows { analyte timepoint measured notGradable patientsByGrade { grade patients } } } } }`,
} as const;

export type AnalysisScenario = keyof typeof ANALYSIS_QUERIES;

export function requestBody(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}

export function cursorAfter(patientId: number): string {
  return Buffer.from(`patient:${patientId}`, 'utf8').toString('base64url');
}

/** Where each page of the rotation starts (after this patient id): spread over the whole registry. */
export function pageStarts(patients: number, pages: number): number[] {
  return Array.from({ length: pages }, (_, index) => Math.floor((index * (patients - PAGE_SIZE)) / pages));
}

export function pageBodies(patients: number, pages: number): string[] {
  return pageStarts(patients, pages).map((after) => requestBody(PAGE_QUERY, { after: cursorAfter(after) }));
}

/** The whole registry, then each site: the cohorts a dashboard rotates through. */
export function dashboardCohorts(): (Record<string, unknown> | null)[] {
  const sites = Array.from({ length: REGISTRY_SITES }, (_, index) => `SITE${String(index + 1).padStart(2, '0')}`);
  return [null, ...sites.map((code) => ({ site: [code] }))];
}

export function analysisBodies(scenario: AnalysisScenario): string[] {
  return dashboardCohorts().map((where) => requestBody(ANALYSIS_QUERIES[scenario], { where }));
}
