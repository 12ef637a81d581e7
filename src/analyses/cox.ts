/**
 * Cox proportional-hazards regression on a cohort (as R's coxph): covariates from the data
 * dictionary coded by src/analyses/covariates.ts, interactions as product columns named
 * `a:b` (R's naming), Efron or Breslow ties, optional strata; complete cases only.
 *
 * coxScreen is the founding study's method: a univariate model per covariate, then one
 * multivariable model with every covariate whose univariate P (the smallest over its terms) is
 * below the threshold, plus the requested interactions among those kept.
 *
 * Under disclosure control (the aggregate tier) models are fitted on survival times coarsened to
 * the grid, refused over small groups (true or released counts), and released with perturbed
 * counts and 3 significant digits (p values 2): docs/disclosure.md.
 */
import { coxRegression, type CoxRegressionResult } from '../stats/index.js';
import { badUserInput } from '../errors.js';
import { column, completeRows, loadFrame, survivalTimes } from './analysis-frame.js';
import type { AnalysisFrame } from './analysis-frame.js';
import type { CohortSelection } from '../records/cohorts.js';
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
}

const MAX_COVARIATES = 30;

function resolveAll(inputs: readonly CovariateInput[], argument: string): ResolvedCovariate[] {
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

/** The design columns of covariates and their interactions (an interaction names covariates by label or variable). */
function designColumns(frame: AnalysisFrame, covariates: readonly ResolvedCovariate[], interactions: readonly string[][], argument: string): CoxColumn[] {
  const byCovariate = new Map(covariates.map((covariate, index) => [covariate, coxColumns(covariate, column(frame, covariate.variable.definition.name), `${argument}[${index}]`)]));
  const columns = [...byCovariate.values()].flat();
  interactions.forEach((names, index) => {
    if (names.length < 2) throw badUserInput('An interaction names at least two covariates.', `interactions[${index}]`);
    const parts = names.map((name, position) => {
      const covariate = covariates.find((candidate) => candidate.label === name || candidate.input.variable === name);
      if (covariate === undefined) {
        throw badUserInput(`"${name}" is not one of the covariates (${covariates.map((c) => c.label).join(', ')}).`, `interactions[${index}][${position}]`);
      }
      return byCovariate.get(covariate)!;
    });
    let products: CoxColumn[] = parts[0]!;
    for (const next of parts.slice(1)) {
      products = products.flatMap((left) => next.map((right) => ({
        name: `${left.name}:${right.name}`,
        values: left.values.map((value, i) => (value === null || right.values[i] === null ? null : value * right.values[i]!)),
      })));
    }
    columns.push(...products);
  });
  return columns;
}

/** Under disclosure control: the request's released counts and the survival-time grid (docs/disclosure.md). */
interface AggregateTier {
  guard: DisclosureGuard;
  counts: ReleasedCounts;
  gridDays: number;
}

async function aggregateTier(context: ServiceContext, cohort: CohortSelection, guard: DisclosureGuard): Promise<AggregateTier> {
  return { guard, counts: await releasedCountsFor(context, cohort, guard), gridDays: context.disclosure.survivalGridDays };
}

function fit(frame: AnalysisFrame, columns: readonly CoxColumn[], strata: ResolvedCovariate | null, ties: Ties, confLevel: number, tier: AggregateTier) {
  const { guard } = tier;
  const strataCodes = strata === null ? null : groupBy(strata, column(frame, strata.variable.definition.name), 'strata');
  const rows = completeRows(frame.patientIds.length, [...columns.map((c) => c.values), ...(strataCodes ? [strataCodes.codes] : [])]);
  if (rows.length === 0) throw badUserInput('No patient of the cohort has a value of every covariate.', 'covariates');
  const exact = survivalTimes(frame, 'DAYS', rows);
  const { event } = exact;
  const time = guard.active ? exact.time.map((days) => coarsenDays(days, tier.gridDays)) : exact.time;
  const covariates = Object.fromEntries(columns.map((c) => [c.name, rows.map((i) => c.values[i]!)]));
  const released = guard.active ? checkDisclosure(tier, rows.map((i) => frame.patientIds[i]!), event, covariates) : null;
  const result = coxRegression(
    { time, event, covariates, strata: strataCodes === null ? null : rows.map((i) => strataCodes.codes[i]!) },
    { ties: ties === 'BRESLOW' ? 'breslow' : 'efron', confLevel },
  );
  const warnings = [...result.warnings];
  const left = frame.patientIds.length - rows.length;
  if (left > 0) warnings.unshift(guard.active ? 'Patients with a missing covariate were left out.' : `${left} patient(s) with a missing covariate were left out (complete cases: ${rows.length}).`);
  if (result.nEvent === 0) warnings.push('The cohort has no deaths: no coefficient can be estimated.');
  return released === null ? shapeModel(result, warnings) : coarsenModel(shapeModel(result, warnings), released);
}

/**
 * A model over small groups would publish them: at least k deaths per term, and k patients on each
 * side of every 0/1 term — judged on the true counts and on the released (cell-key perturbed)
 * ones. Returns the released numbers of patients and deaths.
 */
function checkDisclosure({ guard, counts }: AggregateTier, ids: readonly number[], event: readonly number[], covariates: Record<string, number[]>): { n: number; events: number } {
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

function shapeModel(result: CoxRegressionResult, warnings: string[]) {
  return {
    n: result.n,
    events: result.nEvent,
    converged: result.converged,
    iterations: result.iterations,
    warnings,
    terms: result.terms.map((name, i) => ({
      name,
      coef: result.coef[i] ?? null,
      hazardRatio: result.hazardRatio[i] ?? null,
      lower: result.hrLower[i] ?? null,
      upper: result.hrUpper[i] ?? null,
      se: result.se[i] ?? null,
      z: result.z[i] ?? null,
      p: result.p[i] ?? null,
    })),
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
function coarsenModel(model: ReturnType<typeof shapeModel>, released: { n: number; events: number }): ReturnType<typeof shapeModel> {
  const three = (value: number | null) => significant(value, 3);
  const coarseTest = (t: ReturnType<typeof test>) => ({ statistic: three(t.statistic)!, df: t.df, p: significant(t.p, 2) });
  return {
    ...model,
    n: released.n,
    events: released.events,
    terms: model.terms.map((term) => ({
      name: term.name,
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

export type CoxModel = ReturnType<typeof shapeModel>;

/**
 * A test with no estimable term has df = 0 and statistic 0, where R prints p = NA; P(chi2_0 >= 0)
 * is 1, which is what it reports here, so that `p` stays a number.
 */
function test(result: { chisq: number; df: number; p: number | null }) {
  return { statistic: result.chisq, df: result.df, p: result.p ?? (result.df === 0 ? 1 : null) };
}

function checkConfLevel(confLevel: number | null | undefined): number {
  const level = confLevel ?? 0.95;
  if (!(level > 0 && level < 1)) throw badUserInput(`\`confLevel\` must lie strictly between 0 and 1, got ${level}.`, 'confLevel');
  return level;
}

export async function fitCoxModel(context: ServiceContext, cohort: CohortSelection, args: CoxArgs): Promise<CoxModel> {
  const covariates = resolveAll(args.covariates, 'covariates');
  const strata = args.strata == null ? null : resolveCovariate(args.strata, 'strata');
  const guard = await guardFor(context, cohort, 'coxRegression');
  const frame = await loadFrame(context, cohort, strata === null ? covariates : [...covariates, strata]);
  const columns = designColumns(frame, covariates, args.interactions ?? [], 'covariates');
  return fit(frame, columns, strata, args.ties ?? 'EFRON', checkConfLevel(args.confLevel), await aggregateTier(context, cohort, guard));
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
  const guard = await guardFor(context, cohort, 'coxScreen');
  const frame = await loadFrame(context, cohort, strata === null ? covariates : [...covariates, strata]);
  const tier = await aggregateTier(context, cohort, guard);
  const univariate = covariates.map((covariate, index) => {
    const model = fit(frame, designColumns(frame, [covariate], [], `covariates[${index}]`), strata, ties, confLevel, tier);
    const ps = model.terms.map((term) => term.p).filter((p): p is number => p !== null);
    return { covariate: covariate.label, model, p: ps.length === 0 ? null : Math.min(...ps) };
  });
  const selected = covariates.filter((_, index) => { const p = univariate[index]!.p; return p !== null && p < threshold; });
  const selectedLabels = selected.map((covariate) => covariate.label);
  const interactions = (args.interactions ?? []).filter((names) => names.every((name) => selected.some((c) => c.label === name || c.input.variable === name)));
  const multivariable = selected.length === 0 ? null : fit(frame, designColumns(frame, selected, interactions, 'covariates'), strata, ties, confLevel, tier);
  return { threshold, univariate, selected: selectedLabels, interactions: interactions.map((names) => names.join(':')), multivariable };
}

/** The Cohort fields `coxRegression` and `coxScreen` (src/analyses/analysis.ts). */
export const coxRegressionAnalysis = defineAnalysis({
  field: 'coxRegression',
  canonicalArgs: (args: CoxArgs) => canonical(args),
  reads: 'survival time and event, every covariate and the strata variable (complete cases)',
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
