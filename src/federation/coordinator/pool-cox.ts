/**
 * Cox regression across the sites by distributed Newton–Raphson (Lu et al. 2015, WebDISCO, JAMIA
 * 22:1212; src/stats/cox-distributed-newton-raphson.ts, with the core's convergence rule):
 *   - stratified by site (the default), coxph(Surv(t, d) ~ x + strata(site)): each evaluation asks
 *     every site for its l, U and I at beta (coxContribution) and adds them;
 *   - unstratified, coxph on the pooled rows: the sites' death days first (coxEventTimes), their
 *     union sent back with every beta (coxRiskSetSums), the sums added and the likelihood evaluated
 *     from them (src/stats/cox-risk-set-sums.ts).
 * Round trips: (iterations + 1) x sites (the first round, at beta = 0, also brings the terms), plus
 * one per site for the death days in the unstratified model; every site must
 * answer every round, else the model is null with the reason. Every site must code the same terms
 * (a level absent at one site gives it other dummies): the model is refused otherwise, naming them.
 * Concordance needs every pair of patients across sites: it is null, with a warning.
 */
import { fitDistributedCox, type DistributedCoxFit } from '../../stats/cox-distributed-newton-raphson.js';
import { addRiskSetSums, pooledLikelihood, type RiskSetSums } from '../../stats/cox-risk-set-sums.js';
import { badUserInput } from '../../errors.js';
import type { CovariateInput } from '../../analyses/covariates.js';
import type { FederatedCohort } from './federated-cohort.js';
import { pooledKey, type PooledRelease } from './pooled-release.js';

export interface FederatedCoxArgs {
  covariates: CovariateInput[];
  interactions?: string[][] | null;
  ties?: 'EFRON' | 'BRESLOW' | null;
  stratifyBySite?: boolean | null;
  confLevel?: number | null;
}

interface SiteCounts { terms: string[]; n: number; events: number; nKey: number; eventsKey: number }

const MODEL = '$model: PeerCoxModelInput!';
const CONTRIBUTION = 'logLikelihood score information';

interface Contribution { logLikelihood: number; score: number[]; information: number[] }

/** A round that a site did not answer ends the fit, with the reason. */
class MissingSite extends Error {}

function sameTerms(answers: readonly { code: string; data: SiteCounts }[]): string[] {
  const terms = answers[0]!.data.terms;
  const differing = answers.filter(({ data }) => data.terms.join('\u0000') !== terms.join('\u0000'));
  if (differing.length > 0) {
    throw badUserInput(`The sites code different terms (${answers.map(({ code, data }) => `${code}: ${data.terms.join(', ')}`).join('; ')}): a level absent at a site changes its dummies; merge levels with \`levels\`.`, 'covariates');
  }
  return terms;
}

export async function federatedCox(cohort: FederatedCohort, release: PooledRelease, args: FederatedCoxArgs) {
  const confLevel = args.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) throw badUserInput(`\`confLevel\` must lie strictly between 0 and 1, got ${confLevel}.`, 'confLevel');
  const model = { covariates: args.covariates, interactions: args.interactions ?? null, ties: args.ties ?? 'EFRON' };
  const ties = model.ties === 'BRESLOW' ? 'breslow' as const : 'efron' as const;
  const ask = <Data>(selection: string, definitions: string, variables: Record<string, unknown>) => cohort.fanOut.everySite<Data>(selection, definitions, { ...cohort.variables, model, ...variables }).then((every) => {
    if (!every.ok) throw new MissingSite(every.reason);
    return every.answers;
  });
  const stratified = args.stratifyBySite ?? true;
  let counts: { code: string; data: SiteCounts }[];
  let fit: DistributedCoxFit;
  try {
    if (stratified) {
      // The first round asks at beta = 0 (the peer's default), which is also Newton-Raphson's first evaluation.
      const first = await ask<{ coxContribution: SiteCounts & Contribution }>(`coxContribution(model: $model) { terms n events nKey eventsKey ${CONTRIBUTION} }`, MODEL, {});
      counts = first.map(({ code, data }) => ({ code, data: data.coxContribution }));
      const terms = sameTerms(counts);
      let initial: Contribution[] | null = first.map(({ data }) => data.coxContribution);
      fit = await fitDistributedCox(terms, async (beta) => {
        const answers = initial ?? (await ask<{ coxContribution: Contribution }>(
          `coxContribution(model: $model, beta: $beta) { ${CONTRIBUTION} }`, `${MODEL}, $beta: [Float!]!`, { beta: Array.from(beta) })).map(({ data }) => data.coxContribution);
        initial = null;
        const p = terms.length;
        const score = new Array<number>(p).fill(0);
        const information = new Array<number>(p * p).fill(0);
        let logLikelihood = 0;
        for (const site of answers) {
          logLikelihood += site.logLikelihood;
          site.score.forEach((u, j) => { score[j]! += u; });
          site.information.forEach((value, q) => { information[q]! += value; });
        }
        return { logLikelihood, score, information };
      }, { confLevel });
    } else {
      const times = await ask<{ coxEventTimes: SiteCounts & { eventTimes: number[] } }>('coxEventTimes(model: $model) { terms n events nKey eventsKey eventTimes }', MODEL, {});
      counts = times.map(({ code, data }) => ({ code, data: data.coxEventTimes }));
      const terms = sameTerms(counts);
      const eventTimes = [...new Set(times.flatMap(({ data }) => data.coxEventTimes.eventTimes))].sort((a, b) => a - b);
      fit = await fitDistributedCox(terms, async (beta) => {
        const answers = await ask<{ coxRiskSetSums: RiskSetSums }>(
          'coxRiskSetSums(model: $model, beta: $beta, eventTimes: $eventTimes) { times deaths riskWeight riskX riskXX deathWeight deathX deathXX deathCovariates }',
          `${MODEL}, $beta: [Float!]!, $eventTimes: [Float!]!`, { beta: Array.from(beta), eventTimes });
        return pooledLikelihood(addRiskSetSums(answers.map(({ data }) => data.coxRiskSetSums)), Array.from(beta), ties);
      }, { confLevel });
    }
  } catch (error) {
    if (error instanceof MissingSite) return error.message;
    throw error;
  }
  return shapeModel(fit, counts, release, stratified);
}

function shapeModel(fit: DistributedCoxFit, counts: readonly { data: SiteCounts }[], release: PooledRelease, stratified: boolean) {
  const terms = counts[0]!.data.terms;
  const events = counts.reduce((sum, { data }) => sum + data.events, 0);
  if (release.controlled && events < release.guard.threshold * terms.length) release.guard.refuse(`the model has fewer than ${release.guard.threshold} deaths per term`);
  // The unstratified model asks the death days first: one round more than its evaluations.
  const rounds = fit.evaluations + (stratified ? 0 : 1);
  const warnings = [...fit.warnings, `Concordance is not computed across sites (it compares every pair of patients); fitted ${stratified ? 'stratified by site' : 'on the pooled risk sets'} in ${rounds} round(s) of ${counts.length} site(s).`];
  if (events === 0) warnings.push('The cohort has no deaths: no coefficient can be estimated.');
  const s = (value: number | null) => release.statistic(value);
  const test = (t: DistributedCoxFit['wald']) => ({ statistic: s(t.chisq)!, df: t.df, p: release.p(t.p ?? (t.df === 0 ? 1 : null)) });
  return {
    n: release.count('.n', counts.reduce((sum, { data }) => sum + data.n, 0), pooledKey(counts.map(({ data }) => data.nKey))) ?? 0,
    events: release.count('.events', events, pooledKey(counts.map(({ data }) => data.eventsKey))) ?? 0,
    converged: fit.converged,
    iterations: fit.iterations,
    warnings,
    terms: terms.map((name, j) => ({
      name, coef: s(fit.coef[j]!), hazardRatio: s(fit.hazardRatio[j]!), lower: s(fit.hrLower[j]!), upper: s(fit.hrUpper[j]!),
      se: s(fit.se[j]!), z: s(fit.z[j]!), p: release.p(fit.p[j]!),
    })),
    logLikelihood: { initial: s(fit.logLik[0])!, final: s(fit.logLik[1])! },
    likelihoodRatio: test(fit.likelihoodRatio),
    wald: test(fit.wald),
    score: test(fit.score),
    concordance: null,
    concordanceStdErr: null,
  };
}
