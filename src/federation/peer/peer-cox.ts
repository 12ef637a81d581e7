/**
 * The peer operations for Cox regression (docs/federation.md, "What leaves a site"), on the site's
 * complete cases and exact survival days, the design coded as the core codes it
 * (src/analyses/covariates.ts: numeric columns, 0/1 indicators, treatment-contrast dummies;
 * interactions as products named `a:b`):
 *   - coxContribution(beta): the site's partial log-likelihood, score vector and information matrix
 *     at beta over its own risk sets (src/stats/cox-site-contribution.ts); summed over sites they
 *     are those of coxph(... + strata(site)), which the coordinator fits by Newton-Raphson;
 *   - coxEventTimes: the site's distinct death times, and coxRiskSetSums(beta, times): per pooled
 *     death time the risk-set and death sums of exp(x'beta), x exp(x'beta), x x' exp(x'beta)
 *     (src/stats/cox-risk-set-sums.ts), from which the coordinator evaluates the unstratified
 *     pooled likelihood: WebDISCO's protocol, the weaker disclosure (death times, and sums over
 *     the few patients still at risk at the latest times).
 * The site's own rule is the aggregate tier's for a model (src/analyses/cox.ts): at least k deaths
 * per term at the site, and k patients on each side of every 0/1 term, checked on every call. The
 * design is read once per fit (site-design-cache.ts), not once per beta.
 */
import { CoxSiteContribution } from '../../stats/cox-site-contribution.js';
import { siteRiskSetSums } from '../../stats/cox-risk-set-sums.js';
import { badUserInput } from '../../errors.js';
import { completeRows } from '../../analyses/analysis-frame.js';
import { resolveCovariate, type CovariateInput, type ResolvedCovariate } from '../../analyses/covariates.js';
import { canonical, defineAnalysis } from '../../analyses/analysis.js';
import { designColumns } from '../../analyses/cox.js';
import { guardFor, type DisclosureGuard } from '../../access/disclosure.js';
import type { ServiceContext } from '../../access/service-context.js';
import type { CohortSelection } from '../../records/cohorts.js';
import { loadPeerFrame } from './peer-frame.js';
import { PeerCounter } from './peer-protocol.js';
import { SiteDesignCache } from './site-design-cache.js';

export type PeerTies = 'EFRON' | 'BRESLOW';

export interface PeerCoxModel {
  covariates: CovariateInput[];
  interactions?: string[][] | null;
  ties?: PeerTies | null;
}

const MAX_COVARIATES = 30;
const MAX_EVENT_TIMES = 200_000;

/** The model's design at the site: term names, complete-case survival days, status and columns. */
interface SiteDesign {
  terms: string[];
  /** The cell keys (peer-protocol.ts) of the complete cases and of their deaths. */
  nKey: number;
  eventsKey: number;
  time: number[];
  event: number[];
  columns: number[][];
}

/** A model over small groups at the site would publish them (the aggregate tier's rule for a model). */
function checkDisclosure(guard: DisclosureGuard, design: SiteDesign): void {
  if (!guard.active || design.time.length === 0) return;
  const deaths = design.event.filter((e) => e === 1).length;
  if (deaths < guard.threshold * design.terms.length) guard.refuse(`the model has fewer than ${guard.threshold} deaths per term at this site`);
  design.columns.forEach((values, j) => {
    if (!values.every((v) => v === 0 || v === 1)) return;
    const ones = values.filter((v) => v === 1).length;
    if (guard.isSmall(ones) || guard.isSmall(values.length - ones)) guard.refuse(`a level of "${design.terms[j]}" has ${guard.smallCountReason()} at this site`);
  });
}

/** The site's design of a model, with what its likelihood needs prepared once (sorted, centred and scaled) per tie rule. */
interface CachedDesign {
  design: SiteDesign;
  contributions: Map<string, CoxSiteContribution>;
}

const designs = new SiteDesignCache<CachedDesign>();

async function siteDesign(context: ServiceContext, cohort: CohortSelection, model: PeerCoxModel, field: string): Promise<CachedDesign> {
  if (model.covariates.length === 0 || model.covariates.length > MAX_COVARIATES) throw badUserInput(`Give 1 to ${MAX_COVARIATES} covariates.`, 'model.covariates');
  const covariates = model.covariates.map((input, index) => resolveCovariate(input, `model.covariates[${index}]`));
  const guard = await guardFor(context, cohort, field);
  const scope = { definition: cohort.definition, covariates: model.covariates, interactions: model.interactions ?? [], secret: context.disclosure.secret };
  const cached = await designs.get(context.db, scope, async () => ({ design: await readDesign(context, cohort, covariates, model, guard), contributions: new Map() }));
  checkDisclosure(guard, cached.design);
  return cached;
}

async function readDesign(context: ServiceContext, cohort: CohortSelection, covariates: readonly ResolvedCovariate[], model: PeerCoxModel, guard: DisclosureGuard): Promise<SiteDesign> {
  const frame = await loadPeerFrame(context, cohort, covariates);
  const columns = designColumns(frame, covariates, model.interactions ?? [], 'model.covariates', 'model.interactions');
  const rows = completeRows(frame.patientIds.length, columns.map((c) => c.values));
  const counter = new PeerCounter(guard, context);
  const ids = rows.map((i) => frame.patientIds[i]!);
  const design = {
    terms: columns.map((c) => c.name),
    nKey: counter.key(ids),
    eventsKey: counter.key(ids.filter((_, r) => frame.event[rows[r]!] === 1)),
    time: rows.map((i) => frame.survivalDays[i]!),
    event: rows.map((i) => frame.event[i]!),
    columns: columns.map((c) => rows.map((i) => c.values[i]!)),
  };
  return design;
}

function checkBeta(beta: readonly number[] | null | undefined, design: SiteDesign): number[] {
  if (beta === null || beta === undefined) return design.terms.map(() => 0);
  if (beta.length !== design.terms.length || !beta.every(Number.isFinite)) {
    throw badUserInput(`\`beta\` needs ${design.terms.length} finite values, one per term (${design.terms.join(', ')}).`, 'beta');
  }
  return [...beta];
}

const ties = (model: PeerCoxModel) => (model.ties === 'BRESLOW' ? 'breslow' as const : 'efron' as const);

export interface CoxAtBetaArgs {
  model: PeerCoxModel;
  /** Default: 0 for every term. */
  beta?: number[] | null;
}

async function contributionAt(context: ServiceContext, cohort: CohortSelection, args: CoxAtBetaArgs) {
  const cached = await siteDesign(context, cohort, args.model, 'coxContribution');
  const { design } = cached;
  const beta = checkBeta(args.beta, design);
  const events = design.event.filter((e) => e === 1).length;
  const counts = { terms: design.terms, n: design.time.length, events, nKey: design.nKey, eventsKey: design.eventsKey };
  if (design.time.length === 0) return { ...counts, logLikelihood: 0, score: beta.map(() => 0), information: beta.flatMap(() => beta.map(() => 0)) };
  const tieRule = ties(args.model);
  let likelihood = cached.contributions.get(tieRule);
  if (likelihood === undefined) {
    likelihood = new CoxSiteContribution({ time: design.time, event: design.event, columns: design.columns }, tieRule);
    cached.contributions.set(tieRule, likelihood);
  }
  const contribution = likelihood.at(beta);
  return { ...counts, logLikelihood: contribution.logLikelihood, score: contribution.score, information: contribution.information };
}

async function deathTimes(context: ServiceContext, cohort: CohortSelection, args: { model: PeerCoxModel }) {
  const { design } = await siteDesign(context, cohort, args.model, 'coxEventTimes');
  const times = [...new Set(design.time.filter((_, i) => design.event[i] === 1))].sort((a, b) => a - b);
  return { terms: design.terms, n: design.time.length, events: design.event.filter((e) => e === 1).length, nKey: design.nKey, eventsKey: design.eventsKey, eventTimes: times };
}

export interface RiskSetSumsArgs extends CoxAtBetaArgs {
  eventTimes: number[];
}

async function riskSetSumsAt(context: ServiceContext, cohort: CohortSelection, args: RiskSetSumsArgs) {
  if (args.eventTimes.length > MAX_EVENT_TIMES) throw badUserInput(`At most ${MAX_EVENT_TIMES} event times.`, 'eventTimes');
  const { design } = await siteDesign(context, cohort, args.model, 'coxRiskSetSums');
  const beta = checkBeta(args.beta, design);
  return { terms: design.terms, ...siteRiskSetSums(design.time, design.event, design.columns, beta, args.eventTimes) };
}

export const peerCoxContributionAnalysis = defineAnalysis({
  field: 'peerCoxContribution',
  canonicalArgs: (args: CoxAtBetaArgs) => canonical(args),
  reads: 'survival days and status, and the covariates',
  disclosure: 'l, U and I at beta over the site\'s risk sets; at least k deaths per term and k patients per side of a 0/1 term at the site',
  compute: contributionAt,
});

export const peerCoxEventTimesAnalysis = defineAnalysis({
  field: 'peerCoxEventTimes',
  canonicalArgs: (args: { model: PeerCoxModel }) => canonical(args),
  reads: 'survival days and status, and the covariates',
  disclosure: 'the distinct death days (the unstratified model\'s weaker disclosure); the model rule of coxContribution',
  compute: deathTimes,
});

export const peerCoxRiskSetSumsAnalysis = defineAnalysis({
  field: 'peerCoxRiskSetSums',
  canonicalArgs: (args: RiskSetSumsArgs) => canonical(args),
  reads: 'survival days and status, and the covariates',
  disclosure: 'risk-set and death sums per pooled death time (the unstratified model\'s weaker disclosure); the model rule of coxContribution',
  compute: riskSetSumsAt,
});
