/**
 * Cohort.fineGray: the Fine–Gray proportional subdistribution-hazards model of the endpoint's event
 * of interest (status 1) with its competing events (status 2..) competing, as cmprsk::crr(time,
 * status, covariates, failcode = 1, cencode = 0) (src/stats/fine-gray.ts). Covariates are coded as
 * for coxRegression (covariates.ts), complete cases, the others in `excluded`; the immortal-time
 * guard applies. Returned as a CoxModel: coefficients are log subdistribution hazard ratios,
 * logLikelihood crr's pseudo log-likelihoods, likelihoodRatio summary.crr's pseudo likelihood-ratio
 * test 2 (l(b) - l(0)) on p df; crr has no Wald or score test (null) and no concordance.
 * Under disclosure control: times coarsened to the grid, refused over small groups (as Cox, with
 * the events of interest counted per term), counts released and values coarsened (docs/disclosure.md).
 */
import { chiSquareUpperTail, fineGray, type FineGrayResult } from '../stats/index.js';
import type { CohortSelection } from '../records/cohorts.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor } from '../access/disclosure.js';
import { loadEndpointFrame, survivalTimes } from './analysis-frame.js';
import { canonical, defineAnalysis } from './analysis.js';
import type { CovariateInput } from './covariates.js';
import { aggregateTier, checkConfLevel, type test, checkDisclosure, coarsenModel, designColumns, shapeTerms, modelRows, modelVariables, resolveAll } from './cox.js';
import { resolveEndpoint, type EndpointInput } from './endpoint.js';
import { releaseExclusions } from './exclusions.js';
import { refuseImmortalTime } from './immortal-time.js';
import { coarsenDays } from './survival-disclosure.js';

export interface FineGrayArgs {
  endpoint: EndpointInput;
  covariates: CovariateInput[];
  interactions?: string[][] | null;
  confLevel?: number | null;
}

/** `labels`: each term's display label by its name (the key). */
function shapeFineGray(result: FineGrayResult, warnings: string[], labels: ReadonlyMap<string, string>) {
  const [initial, final] = result.logLik;
  const estimable = result.coef.filter((coef) => coef !== null).length;
  const statistic = 2 * (final - initial);
  return {
    n: result.n,
    events: result.nEvent,
    converged: result.converged,
    iterations: result.iterations,
    warnings,
    terms: shapeTerms(result, labels),
    logLikelihood: { initial, final },
    likelihoodRatio: { statistic, df: estimable, p: estimable === 0 ? 1 : chiSquareUpperTail(statistic, estimable) },
    wald: null as ReturnType<typeof test> | null,
    score: null as ReturnType<typeof test> | null,
    concordance: null as number | null,
    concordanceStdErr: null as number | null,
  };
}

export async function fitFineGray(context: ServiceContext, cohort: CohortSelection, args: FineGrayArgs) {
  const covariates = resolveAll(args.covariates, 'covariates');
  const endpoint = resolveEndpoint(args.endpoint);
  refuseImmortalTime(modelVariables(covariates, null), endpoint);
  const confLevel = checkConfLevel(args.confLevel);
  const guard = await guardFor(context, cohort, 'fineGray');
  const tier = await aggregateTier(context, cohort, guard);
  const frame = await loadEndpointFrame(context, cohort, covariates, args.endpoint);
  const columns = designColumns(frame, covariates, args.interactions ?? [], 'covariates');
  const { rows, excluded } = modelRows(frame, covariates, columns, null);
  const days = survivalTimes(frame, 'DAYS', rows).time;
  const time = guard.active ? days.map((value) => coarsenDays(value, tier.gridDays)) : days;
  const status = rows.map((i) => frame.status[i]!);
  const design = Object.fromEntries(columns.map((c) => [c.name, rows.map((i) => c.values[i]!)]));
  const released = guard.active ? checkDisclosure(tier, rows.map((i) => frame.patientIds[i]!), status.map((code) => (code === 1 ? 1 : 0)), design) : null;
  const result = fineGray({ time, status, covariates: design }, { failcode: 1, cencode: 0, confLevel });
  const warnings = [...result.warnings];
  if (endpoint.competing.length === 0) warnings.push(`${endpoint.label} has no competing events: the model is a Cox model fitted by crr's method.`);
  const model = { ...shapeFineGray(result, warnings, new Map(columns.map((c) => [c.name, c.label]))), excluded: releaseExclusions(excluded, guard, guard.active ? tier.counts : null, '') };
  if (released === null) return model;
  return { ...coarsenModel(model, released), excluded: model.excluded };
}

/** The Cohort field `fineGray` (src/analyses/analysis.ts). */
export const fineGrayAnalysis = defineAnalysis({
  field: 'fineGray',
  canonicalArgs: (args: FineGrayArgs) => canonical(args),
  reads: 'the endpoint\'s time and status (event of interest, competing events; endpoint.ts) and every covariate (complete cases)',
  disclosure: 'as coxRegression: refused with fewer than k events of interest per term or a level of a 0/1 term under k; counts released',
  compute: fitFineGray,
});
