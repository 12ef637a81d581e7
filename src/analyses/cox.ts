/**
 * Cox proportional-hazards regression on a cohort (as R's coxph): covariates from the data
 * dictionary coded by src/analyses/covariates.ts, interactions as product columns named
 * `a:b` (R's naming), Efron or Breslow ties, optional strata; complete cases only, the others
 * reported in `excluded` by reason. Time and event are the endpoint's (endpoint.ts; overall survival
 * by default); competing events censor, which gives the cause-specific hazard.
 *
 * coxScreen is the founding study's method: a univariate model per covariate, then one
 * multivariable model with every covariate whose univariate P (the smallest over its terms) is
 * below the threshold, plus the requested interactions among those kept.
 *
 * Under disclosure control (the aggregate tier) models are fitted on survival times coarsened to
 * the grid, refused over small groups (true or released counts), and released with perturbed
 * counts and 3 significant digits (p values 2): docs/disclosure.md.
 */
import { coxRegression, coxZphOfFit, type CoxRegressionInput, type CoxRegressionResult } from '../stats/index.js';
import { badUserInput } from '../errors.js';
import { completeRows, frameColumn, isMissing, loadEndpointFrame, survivalTimes, type EndpointFrame } from './analysis-frame.js';
import type { AnalysisFrame } from './analysis-frame.js';
import { resolveEndpoint, type EndpointInput } from './endpoint.js';
import { refuseImmortalTime } from './immortal-time.js';
import { countingProcessRows, resolveTimeVarying, type TimeVaryingCovariate } from './time-varying.js';
import { groupExclusions, releaseExclusions } from './exclusions.js';
import type { CohortSelection } from '../records/cohorts.js';
import { interactionLabel } from './labels.js';
import { coxColumns, groupBy, resolveCovariate, type CoxColumn, type CovariateInput, type ResolvedCovariate } from './covariates.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor, type DisclosureGuard } from '../access/disclosure.js';
import { canonical, defineAnalysis } from './analysis.js';
import { releasedCountsFor, type ReleasedCounts } from '../access/cell-key-context.js';
import { coarsenDays, significant } from './survival-disclosure.js';

export type Ties = 'EFRON' | 'BRESLOW';

export interface CoxArgs {
  covariates: CovariateInput[];
  interactions?: string[][] | null;
  ties?: Ties | null;
  strata?: CovariateInput | null;
  confLevel?: number | null;
  endpoint?: EndpointInput | null;
  /** The transforms of the CoxModel.proportionalHazards(transform) fields asked (src/graphql/Cohort.ts adds them). */
  proportionalHazards?: ZphTransform[] | null;
}

export type ZphTransform = 'KM' | 'IDENTITY' | 'RANK' | 'LOG';

const MAX_COVARIATES = 30;

export function resolveAll(inputs: readonly CovariateInput[], argument: string): ResolvedCovariate[] {
  if (inputs.length === 0) throw badUserInput('Give at least one covariate.', argument);
  if (inputs.length > MAX_COVARIATES) throw badUserInput(`At most ${MAX_COVARIATES} covariates.`, argument);
  const resolved = inputs.map((input, index) => resolveCovariate(input, `${argument}[${index}]`));
  const seen = new Set<string>();
  resolved.forEach((covariate, index) => {
    if (seen.has(covariate.label)) throw badUserInput(`Two covariates are labelled "${covariate.label}": give one a distinct \`label\`.`, `${argument}[${index}]`);
    seen.add(covariate.label);
  });
  return resolved;
}

/**
 * The design columns of covariates and their interactions (an interaction names covariates by label
 * or variable); `argument` and `interactionsArgument` are the paths errors name.
 */
export function designColumns(
  frame: AnalysisFrame,
  covariates: readonly ResolvedCovariate[],
  interactions: readonly string[][],
  argument: string,
  interactionsArgument = 'interactions',
): CoxColumn[] {
  const byCovariate = new Map(covariates.map((covariate, index) => [covariate, coxColumns(covariate, frameColumn(frame, covariate.variable.definition.name), `${argument}[${index}]`)]));
  const columns = [...byCovariate.values()].flat();
  interactions.forEach((names, index) => {
    if (names.length < 2) throw badUserInput('An interaction names at least two covariates.', `${interactionsArgument}[${index}]`);
    const parts = names.map((name, position) => {
      const covariate = covariates.find((candidate) => candidate.label === name || candidate.input.variable === name);
      if (covariate === undefined) {
        throw badUserInput(`"${name}" is not one of the covariates (${covariates.map((c) => c.label).join(', ')}).`, `${interactionsArgument}[${index}][${position}]`);
      }
      return byCovariate.get(covariate)!;
    });
    let products: CoxColumn[] = parts[0]!;
    for (const next of parts.slice(1)) {
      products = products.flatMap((left) => next.map((right) => ({
        name: `${left.name}:${right.name}`,
        label: interactionLabel([left.label, right.label]),
        values: left.values.map((value, i) => (value === null || right.values[i] === null ? null : value * right.values[i]!)),
      })));
    }
    columns.push(...products);
  });
  return columns;
}

/** The covariates (and strata) of a model, each with its argument path, for the immortal-time guard. */
export function modelVariables(covariates: readonly ResolvedCovariate[], strata: ResolvedCovariate | null) {
  return [
    ...covariates.map((covariate, index) => ({ covariate, argument: `covariates[${index}].variable` })),
    ...(strata === null ? [] : [{ covariate: strata, argument: 'strata.variable' }]),
  ];
}

/** Under disclosure control: the request's released counts and the survival-time grid (docs/disclosure.md). */
export interface AggregateTier {
  guard: DisclosureGuard;
  counts: ReleasedCounts;
  gridDays: number;
}

export async function aggregateTier(context: ServiceContext, cohort: CohortSelection, guard: DisclosureGuard): Promise<AggregateTier> {
  return { guard, counts: await releasedCountsFor(context, cohort, guard), gridDays: context.disclosure.survivalGridDays };
}

/** Why row `i` of the frame is not a complete case: the first of the model's variables without a value, or null. */
function missingValueReason(frame: AnalysisFrame, variables: readonly ResolvedCovariate[]): (i: number) => string | null {
  const columns = variables.map((covariate) => ({ label: covariate.label, values: frameColumn(frame, covariate.variable.definition.name) }));
  return (i) => {
    const missing = columns.find((c) => isMissing(c.values, i));
    return missing === undefined ? null : `no value of ${missing.label}`;
  };
}

/** The complete cases of a model, and everyone left out with the reason (the endpoint's, then the first missing variable). */
export function modelRows(frame: EndpointFrame, modelCovariates: readonly ResolvedCovariate[], columns: readonly CoxColumn[], strata: ResolvedCovariate | null) {
  const strataCodes = strata === null ? null : groupBy(strata, frameColumn(frame, strata.variable.definition.name), 'strata');
  const rows = completeRows(frame.patientIds.length, [...columns.map((c) => c.values), ...(strataCodes ? [strataCodes.codes] : [])]);
  const complete = new Uint8Array(frame.patientIds.length);
  for (const i of rows) complete[i] = 1;
  const missingReason = missingValueReason(frame, strata === null ? modelCovariates : [...modelCovariates, strata]);
  const excluded = [
    ...frame.excluded,
    ...groupExclusions(frame.patientIds, (i) => (complete[i] === 1 ? null : missingReason(i) ?? 'a missing covariate value')),
  ];
  if (rows.length === 0) throw badUserInput('No patient of the cohort has a value of every covariate.', 'covariates');
  return { rows, excluded, strataCodes };
}

/**
 * cox.zph(fit, transform)$table per transform (src/stats/cox-zph.ts): one row per estimable term, then
 * GLOBAL; under disclosure control on the coarsened times of the fit, chi-square to 3 significant digits, P to 2.
 */
function proportionalHazardsTests(input: CoxRegressionInput, result: CoxRegressionResult, transforms: readonly ZphTransform[], coarse: boolean) {
  const chisq = (value: number | null) => (coarse ? significant(value, 3) : value);
  const p = (value: number | null) => (coarse ? significant(value, 2) : value);
  return transforms.map((transform) => {
    const zph = coxZphOfFit(input, result, transform.toLowerCase() as 'km' | 'identity' | 'rank' | 'log');
    return {
      transform,
      tests: [
        ...zph.terms.map((term, i) => ({ term, chisq: chisq(zph.chisq[i] ?? null), df: zph.df[i]!, p: p(zph.p[i] ?? null) })),
        { term: 'GLOBAL', chisq: chisq(zph.global.chisq), df: zph.global.df, p: p(zph.global.p) },
      ],
    };
  });
}

function fit(frame: EndpointFrame, modelCovariates: readonly ResolvedCovariate[], columns: readonly CoxColumn[], strata: ResolvedCovariate | null, ties: Ties, confLevel: number, tier: AggregateTier, transforms: readonly ZphTransform[] = []) {
  const { guard } = tier;
  const { rows, excluded, strataCodes } = modelRows(frame, modelCovariates, columns, strata);
  const exact = survivalTimes(frame, 'DAYS', rows);
  const { event } = exact;
  const time = guard.active ? exact.time.map((days) => coarsenDays(days, tier.gridDays)) : exact.time;
  const covariates = Object.fromEntries(columns.map((c) => [c.name, rows.map((i) => c.values[i]!)]));
  const released = guard.active ? checkDisclosure(tier, rows.map((i) => frame.patientIds[i]!), event, covariates) : null;
  const input = { time, event, covariates, strata: strataCodes === null ? null : rows.map((i) => strataCodes.codes[i]!) };
  const result = coxRegression(input, { ties: ties === 'BRESLOW' ? 'breslow' : 'efron', confLevel });
  const warnings = [...result.warnings];
  const left = frame.patientIds.length - rows.length;
  if (left > 0) warnings.unshift(guard.active ? 'Patients with a missing covariate were left out.' : `${left} patient(s) with a missing covariate were left out (complete cases: ${rows.length}).`);
  const noEvents = frame.endpoint.label === 'OS' ? 'no deaths' : `no events (${frame.endpoint.label})`;
  if (result.nEvent === 0) warnings.push(`The cohort has ${noEvents}: no coefficient can be estimated.`);
  const labels = new Map(columns.map((c) => [c.name, c.label]));
  const model = {
    ...shapeModel(result, warnings, labels),
    excluded: releaseExclusions(excluded, guard, guard.active ? tier.counts : null, ''),
    proportionalHazardsTests: transforms.length === 0 || result.nEvent === 0 ? [] : proportionalHazardsTests(input, result, transforms, guard.active),
  };
  return released === null ? model : { ...coarsenModel(model, released), excluded: model.excluded };
}

/**
 * A model over small groups would publish them: at least k deaths per term, and k patients on each
 * side of every 0/1 term — judged on the true counts and on the released (cell-key perturbed)
 * ones. Returns the released numbers of patients and deaths.
 */
export function checkDisclosure({ guard, counts }: AggregateTier, ids: readonly number[], event: readonly number[], covariates: Record<string, number[]>): { n: number; events: number } {
  const terms = Object.keys(covariates);
  const deathIds = ids.filter((_, i) => event[i] === 1);
  const events = counts.count(deathIds);
  if (deathIds.length < guard.threshold * terms.length || events === null || events < guard.threshold * terms.length) return guard.refuse(`the model has fewer than ${guard.threshold} deaths per term`);
  const n = counts.count(ids) ?? guard.refuse(`the model has ${guard.smallCountReason()}`);
  for (const [name, values] of Object.entries(covariates)) {
    if (!values.every((v) => v === 0 || v === 1)) continue;
    const ones = ids.filter((_, i) => values[i] === 1);
    const zeros = ids.filter((_, i) => values[i] === 0);
    const small = (side: number[]) => guard.isSmall(side.length) || counts.count(side) === null;
    if (small(ones) || small(zeros)) guard.refuse(`a level of "${name}" has ${guard.smallCountReason()}`);
  }
  return { n, events };
}

/** The estimated terms of a regression (Cox, Fine–Gray), each labelled from `labels` (display label by term name, the key). */
export function shapeTerms(
  result: Pick<CoxRegressionResult, 'terms' | 'coef' | 'hazardRatio' | 'hrLower' | 'hrUpper' | 'se' | 'z' | 'p'>,
  labels: ReadonlyMap<string, string>,
) {
  return result.terms.map((name, i) => ({
    name,
    key: name,
    label: labels.get(name) ?? name,
    coef: result.coef[i] ?? null,
    hazardRatio: result.hazardRatio[i] ?? null,
    lower: result.hrLower[i] ?? null,
    upper: result.hrUpper[i] ?? null,
    se: result.se[i] ?? null,
    z: result.z[i] ?? null,
    p: result.p[i] ?? null,
  }));
}

/** `labels`: each term's display label by its name (the key). */
export function shapeModel(result: CoxRegressionResult, warnings: string[], labels: ReadonlyMap<string, string>) {
  return {
    n: result.n,
    events: result.nEvent,
    converged: result.converged,
    iterations: result.iterations,
    warnings,
    terms: shapeTerms(result, labels),
    logLikelihood: { initial: result.logLik[0], final: result.logLik[1] },
    likelihoodRatio: test(result.likelihoodRatio),
    wald: test(result.wald),
    score: test(result.score),
    concordance: result.concordance,
    concordanceStdErr: result.concordanceSe,
  };
}

/**
 * The aggregate tier's model: released counts; estimates, limits, standard errors, z, statistics,
 * log-likelihoods and concordance to 3 significant digits, P values to 2 (docs/disclosure.md says why).
 */
type ModelTest = ReturnType<typeof test>;
/** A fitted model as the API shapes it; Fine-Gray's has no Wald or score test and no concordance. */
type ShapedModel = Omit<ReturnType<typeof shapeModel>, 'wald' | 'score' | 'concordance' | 'concordanceStdErr'>
  & { wald: ModelTest | null; score: ModelTest | null; concordance: number | null | undefined; concordanceStdErr: number | null | undefined };

export function coarsenModel<Model extends ShapedModel>(model: Model, released: { n: number; events: number }): Model {
  const three = (value: number | null) => significant(value, 3);
  const coarseTest = <T extends ModelTest | null>(t: T) => (t === null ? null : { statistic: three(t.statistic)!, df: t.df, p: significant(t.p, 2) }) as T;
  return {
    ...model,
    n: released.n,
    events: released.events,
    terms: model.terms.map((term) => ({
      name: term.name,
      key: term.key,
      label: term.label,
      coef: three(term.coef),
      hazardRatio: three(term.hazardRatio),
      lower: three(term.lower),
      upper: three(term.upper),
      se: three(term.se),
      z: three(term.z),
      p: significant(term.p, 2),
    })),
    logLikelihood: { initial: three(model.logLikelihood.initial)!, final: three(model.logLikelihood.final)! },
    likelihoodRatio: coarseTest(model.likelihoodRatio),
    wald: coarseTest(model.wald),
    score: coarseTest(model.score),
    concordance: three(model.concordance ?? null),
    concordanceStdErr: three(model.concordanceStdErr ?? null),
  };
}

export type CoxModel = Awaited<ReturnType<typeof fit>> | Awaited<ReturnType<typeof fitTimeVarying>>;

/**
 * A test with no estimable term has df = 0 and statistic 0, where R prints p = NA; P(chi2_0 >= 0)
 * is 1, which is what it reports here, so that `p` stays a number.
 */
export function test(result: { chisq: number; df: number; p: number | null }) {
  return { statistic: result.chisq, df: result.df, p: result.p ?? (result.df === 0 ? 1 : null) };
}

export function checkConfLevel(confLevel: number | null | undefined): number {
  const level = confLevel ?? 0.95;
  if (!(level > 0 && level < 1)) throw badUserInput(`\`confLevel\` must lie strictly between 0 and 1, got ${level}.`, 'confLevel');
  return level;
}

/**
 * A model with time-varying labs (time-varying.ts): the fixed covariates' complete cases split into
 * (start, stop] rows; `n` counts patients, the rows are in a warning.
 */
async function fitTimeVarying(
  context: ServiceContext, frame: EndpointFrame, fixed: readonly ResolvedCovariate[], varying: readonly TimeVaryingCovariate[], columns: readonly CoxColumn[],
  strata: ResolvedCovariate | null, ties: Ties, confLevel: number, tier: AggregateTier, transforms: readonly ZphTransform[],
) {
  const { guard } = tier;
  const { rows, excluded, strataCodes } = modelRows(frame, fixed, columns, strata);
  const coarsen = guard.active ? (days: number) => coarsenDays(days, tier.gridDays) : (days: number) => days;
  const split = await countingProcessRows(context, frame, rows, varying, coarsen);
  const labels = varying.map((c) => c.label).join(', ');
  if (split.start.length === 0) throw badUserInput(`No patient has a result of ${labels} in force during follow-up.`, 'covariates');
  const patients = rows.filter((i) => !split.withoutRows.has(i));
  const covariates = Object.fromEntries([
    ...columns.map((c) => [c.name, split.frameRow.map((i) => c.values[i]!)] as const),
    ...varying.map((c) => [c.label, split.values.get(c.label)!] as const),
  ]);
  if (guard.active) {
    const perPatient = Object.fromEntries([
      ...columns.map((c) => [c.name, patients.map((i) => c.values[i]!)] as const),
      ...varying.map((c) => [c.label, patients.map((i) => split.values.get(c.label)![split.frameRow.indexOf(i)]!)] as const),
    ]);
    checkDisclosure(tier, patients.map((i) => frame.patientIds[i]!), patients.map((i) => frame.event[i]!), perPatient);
  }
  const input = { start: split.start, time: split.stop, event: split.event, covariates, strata: strataCodes === null ? null : split.frameRow.map((i) => strataCodes.codes[i]!) };
  const result = coxRegression(input, { ties: ties === 'BRESLOW' ? 'breslow' : 'efron', confLevel });
  const warnings = [`Counting-process fit: ${guard.active ? 'the' : split.start.length} (start, stop] rows of ${guard.active ? 'the' : patients.length} patients (time-varying: ${labels}).`, ...result.warnings];
  const withoutValue = groupExclusions(frame.patientIds, (i) => (split.withoutRows.has(i) ? `no result of ${labels} in force during follow-up` : null));
  const termLabels = new Map([...columns.map((c) => [c.name, c.label] as const), ...varying.map((c) => [c.label, c.label] as const)]);
  const model = {
    ...shapeModel(result, warnings, termLabels),
    n: patients.length,
    events: patients.filter((i) => frame.event[i] === 1).length,
    excluded: releaseExclusions([...excluded, ...withoutValue], guard, guard.active ? tier.counts : null, ''),
    proportionalHazardsTests: transforms.length === 0 || result.nEvent === 0 ? [] : proportionalHazardsTests(input, result, transforms, guard.active),
  };
  if (!guard.active) return model;
  const n = tier.counts.count(patients.map((i) => frame.patientIds[i]!)) ?? guard.refuse(`the model has ${guard.smallCountReason()}`);
  const events = tier.counts.count(patients.filter((i) => frame.event[i] === 1).map((i) => frame.patientIds[i]!)) ?? guard.refuse(`the model has ${guard.smallCountReason()}`);
  return { ...coarsenModel(model, { n, events }), excluded: model.excluded };
}

export async function fitCoxModel(context: ServiceContext, cohort: CohortSelection, args: CoxArgs): Promise<CoxModel> {
  const endpoint = resolveEndpoint(args.endpoint);
  const varyingInputs = args.covariates.flatMap((input, index) => (input.timeVarying ? [{ input, index }] : []));
  if (varyingInputs.length > 0) {
    const varying = varyingInputs.map(({ input, index }) => resolveTimeVarying(input, `covariates[${index}]`, endpoint));
    const fixedInputs = args.covariates.filter((input) => !input.timeVarying);
    const fixed = fixedInputs.length === 0 ? [] : resolveAll(fixedInputs, 'covariates');
    const strata = args.strata == null ? null : resolveCovariate(args.strata, 'strata');
    refuseImmortalTime(modelVariables(fixed, strata), endpoint);
    const guard = await guardFor(context, cohort, 'coxRegression');
    const frame = await loadEndpointFrame(context, cohort, strata === null ? fixed : [...fixed, strata], args.endpoint);
    const columns = designColumns(frame, fixed, args.interactions ?? [], 'covariates');
    return await fitTimeVarying(context, frame, fixed, varying, columns, strata, args.ties ?? 'EFRON', checkConfLevel(args.confLevel), await aggregateTier(context, cohort, guard), args.proportionalHazards ?? []);
  }
  const covariates = resolveAll(args.covariates, 'covariates');
  const strata = args.strata == null ? null : resolveCovariate(args.strata, 'strata');
  refuseImmortalTime(modelVariables(covariates, strata), resolveEndpoint(args.endpoint));
  const guard = await guardFor(context, cohort, 'coxRegression');
  const frame = await loadEndpointFrame(context, cohort, strata === null ? covariates : [...covariates, strata], args.endpoint);
  const columns = designColumns(frame, covariates, args.interactions ?? [], 'covariates');
  return fit(frame, covariates, columns, strata, args.ties ?? 'EFRON', checkConfLevel(args.confLevel), await aggregateTier(context, cohort, guard), args.proportionalHazards ?? []);
}

export interface CoxScreenArgs extends CoxArgs {
  threshold?: number | null;
}

export async function screenCoxModels(context: ServiceContext, cohort: CohortSelection, args: CoxScreenArgs) {
  const threshold = args.threshold ?? 0.05;
  if (!(threshold > 0 && threshold <= 1)) throw badUserInput('`threshold` must lie in (0, 1].', 'threshold');
  const covariates = resolveAll(args.covariates, 'covariates');
  const strata = args.strata == null ? null : resolveCovariate(args.strata, 'strata');
  const ties = args.ties ?? 'EFRON';
  const confLevel = checkConfLevel(args.confLevel);
  refuseImmortalTime(modelVariables(covariates, strata), resolveEndpoint(args.endpoint));
  const guard = await guardFor(context, cohort, 'coxScreen');
  const frame = await loadEndpointFrame(context, cohort, strata === null ? covariates : [...covariates, strata], args.endpoint);
  const tier = await aggregateTier(context, cohort, guard);
  const univariate = covariates.map((covariate, index) => {
    const model = fit(frame, [covariate], designColumns(frame, [covariate], [], `covariates[${index}]`), strata, ties, confLevel, tier);
    const ps = model.terms.map((term) => term.p).filter((p): p is number => p !== null);
    return { covariate: covariate.label, model, p: ps.length === 0 ? null : Math.min(...ps) };
  });
  const selected = covariates.filter((_, index) => { const p = univariate[index]!.p; return p !== null && p < threshold; });
  const selectedLabels = selected.map((covariate) => covariate.label);
  const interactions = (args.interactions ?? []).filter((names) => names.every((name) => selected.some((c) => c.label === name || c.input.variable === name)));
  const multivariable = selected.length === 0 ? null : fit(frame, selected, designColumns(frame, selected, interactions, 'covariates'), strata, ties, confLevel, tier);
  return { threshold, univariate, selected: selectedLabels, interactions: interactions.map((names) => names.join(':')), multivariable };
}

/** The Cohort fields `coxRegression` and `coxScreen` (src/analyses/analysis.ts). */
export const coxRegressionAnalysis = defineAnalysis({
  field: 'coxRegression',
  canonicalArgs: (args: CoxArgs) => canonical(args),
  reads: 'the endpoint\'s time and event (endpoint.ts), every covariate and the strata variable (complete cases)',
  disclosure: 'refused with fewer than k deaths per term or a level of a 0/1 term under k; counts rounded',
  compute: fitCoxModel,
});

export const coxScreenAnalysis = defineAnalysis({
  field: 'coxScreen',
  canonicalArgs: (args: CoxScreenArgs) => canonical(args),
  reads: 'survival time and event, every candidate covariate and the strata variable',
  disclosure: 'each model as coxRegression',
  compute: screenCoxModels,
});
