/**
 * One site's contribution to a Cox model stratified by site, at a given beta: the partial
 * log-likelihood l_s(beta), score U_s(beta) and information I_s(beta) over the site's own risk
 * sets (Lu et al. 2015, "WebDISCO: a web service for distributed Cox model learning without
 * patient-level data sharing", JAMIA 22:1212, §Methods; Therneau & Grambsch (2000) §3.3).
 * The model coxph(Surv(t, d) ~ x + strata(site)) has l(beta) = sum_s l_s(beta), U = sum_s U_s,
 * I = sum_s I_s, so a coordinator fits it exactly from these sums (cox-distributed-newton-raphson.ts).
 *
 * The sums are those of the core's likelihood (cox-partial-likelihood.ts, Efron or Breslow as
 * coxfit6.c) on the site's centred and scaled design (cox-design.ts), reported on the original
 * scale: b_j = beta_j / s_j, U_j = u_j / s_j, I_jk = i_jk / (s_j s_k); centring shifts every linear
 * predictor of a stratum by one constant and leaves l unchanged.
 * Information is returned full and symmetric (p x p, row-major).
 */
import { buildSortedDesign } from './cox-design.js';
import { PartialLikelihood } from './cox-partial-likelihood.js';
import { prepareSurvivalData } from './survival-data.js';
import { StatsInputError } from './errors.js';
import type { CoxTies } from './cox-newton-raphson.js';

export interface CoxContributionInput {
  time: ArrayLike<number>;
  event: ArrayLike<number>;
  /** Coded covariate columns, one value per subject, in the model's term order. */
  columns: readonly ArrayLike<number>[];
}

export interface CoxContribution {
  logLikelihood: number;
  score: number[];
  /** p x p, row-major, symmetric. */
  information: number[];
  n: number;
  events: number;
}

/** A site's l, U and I at each beta asked for; the design is built once. */
export class CoxSiteContribution {
  private readonly design;
  private readonly likelihood;

  constructor(input: CoxContributionInput, ties: CoxTies) {
    const survival = prepareSurvivalData(input.time, input.event);
    this.design = buildSortedDesign(survival, input.columns);
    this.likelihood = new PartialLikelihood(this.design, ties === 'efron');
  }

  at(beta: readonly number[]): CoxContribution {
    const p = this.design.variableCount;
    if (beta.length !== p) throw new StatsInputError('beta', `beta has ${beta.length} values; the model has ${p} terms.`);
    const { scales } = this.design;
    const scaled = new Float64Array(p);
    for (let j = 0; j < p; j++) scaled[j] = beta[j]! / scales[j]!;
    const logLikelihood = this.likelihood.evaluate(scaled);
    const { score, information } = this.likelihood;
    const full: number[] = new Array<number>(p * p);
    for (let j = 0; j < p; j++) {
      for (let k = j; k < p; k++) {
        const value = information[j * p + k]! / (scales[j]! * scales[k]!);
        full[j * p + k] = value;
        full[k * p + j] = value;
      }
    }
    return {
      logLikelihood,
      score: Array.from(score, (u, j) => u / scales[j]!),
      information: full,
      n: this.design.n,
      events: this.design.eventCount,
    };
  }
}
