/**
 * The time-to-event fields of the second round under the aggregate tier, with an aggregate-only key
 * (CONSORTIUM_ANALYST): Fine-Gray, cox.zph and the restricted-mean difference are released to 3
 * significant digits (P to 2) from coarsened times with perturbed counts and refused over small
 * groups, as Cox and log-rank are; the median follow-up, the cumulative hazard and restrictedMean(tau)
 * come from the curve fitted to released counts and stop where fewer than k remain; who a model left
 * out is a released count, withheld (and listed in suppressions) when small. The row tier (ADMIN)
 * gets the exact values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { significantDigits, startAttackServer, type AttackServer } from './attack-server.js';

let attack: AttackServer;
beforeAll(async () => { attack = await startAttackServer({ patients: 400, sites: 2 }); });
afterAll(async () => { await attack.close(); });

/** The age at or under which only the 3 youngest patients are (the ages are continuous, so no ties). */
async function youngestThreeCut(): Promise<number> {
  const nodes = (await attack.ask('ADMIN', '{ patients(first: 500) { nodes { ageAtIndex } } }')).data!.patients.nodes;
  return nodes.map((node: { ageAtIndex: number }) => node.ageAtIndex).sort((a: number, b: number) => a - b)[2];
}

const DEATH_BY_CAUSE = '{ events: [{ kind: DEATH, cause: TUMOR }], competing: [{ kind: DEATH, cause: LIVER }] }';

describe('second-round time-to-event fields in the aggregate tier', () => {
  it('fineGray: coarsened estimates and perturbed counts; refused over a small group', async () => {
    const query = `{ cohort { fineGray(endpoint: ${DEATH_BY_CAUSE}, covariates: [{ variable: "ascitesAtBaseline" }, { variable: "ageAtIndex" }]) {
      n events terms { coef hazardRatio se p } likelihoodRatio { statistic p } } } }`;
    const exact = (await attack.ask('ADMIN', query)).data!.cohort.fineGray;
    const released = (await attack.ask('CONSORTIUM_ANALYST', query)).data!.cohort.fineGray;
    expect(exact.terms.some((term: { coef: number }) => significantDigits(term.coef) > 3)).toBe(true);
    for (const term of released.terms) {
      for (const key of ['coef', 'hazardRatio', 'se']) expect(significantDigits(term[key])).toBeLessThanOrEqual(3);
      expect(significantDigits(term.p)).toBeLessThanOrEqual(2);
    }
    expect(Math.abs(released.n - exact.n)).toBeLessThanOrEqual(2);
    const small = await attack.ask('CONSORTIUM_ANALYST', `{ cohort { fineGray(endpoint: ${DEATH_BY_CAUSE}, covariates: [{ variable: "ageAtIndex", above: ${await youngestThreeCut()} }]) { n } } }`, {}, true);
    expect(small.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });

  it('proportionalHazards and restrictedMeanDifference: 3 significant digits, P to 2', async () => {
    const result = (await attack.ask('CONSORTIUM_ANALYST', `{ cohort {
      coxRegression(covariates: [{ variable: "ascitesAtBaseline" }, { variable: "ageAtIndex" }]) { proportionalHazards(transform: RANK) { term chisq p } }
      compareSurvival(by: { variable: "ascitesAtBaseline" }) { restrictedMeanDifference(tau: 24) { estimate stdErr p } } } }`)).data!.cohort;
    expect(result.coxRegression.proportionalHazards.map((test: { term: string }) => test.term)).toEqual(['ascitesAtBaseline', 'ageAtIndex', 'GLOBAL']);
    for (const test of result.coxRegression.proportionalHazards) {
      expect(significantDigits(test.chisq)).toBeLessThanOrEqual(3);
      expect(significantDigits(test.p)).toBeLessThanOrEqual(2);
    }
    const difference = result.compareSurvival.restrictedMeanDifference;
    expect(significantDigits(difference.estimate)).toBeLessThanOrEqual(3);
    expect(significantDigits(difference.stdErr)).toBeLessThanOrEqual(3);
    expect(significantDigits(difference.p)).toBeLessThanOrEqual(2);
  });

  it('cumulativeHazard stops with the curve; restrictedMean(tau) past the shown curve is refused; followUp is refused on a small cohort', async () => {
    const survival = (await attack.ask('CONSORTIUM_ANALYST', '{ cohort { survival { curve { time nRisk } cumulativeHazard { time } restrictedMean(tau: 12) { estimate } } } }')).data!.cohort.survival;
    expect(survival.cumulativeHazard.map((point: { time: number }) => point.time)).toEqual(survival.curve.map((point: { time: number }) => point.time));
    for (const point of survival.curve) expect(point.nRisk).toBeGreaterThanOrEqual(5);
    const past = await attack.ask('CONSORTIUM_ANALYST', '{ cohort { survival { restrictedMean(tau: 100000) { estimate } } } }', {}, true);
    expect(past.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
    const followUp = await attack.ask('CONSORTIUM_ANALYST', '{ cohort { followUp { n median { estimate } } } }');
    expect(followUp.data!.cohort.followUp.median.estimate).not.toBeNull();
    const few = await attack.ask('CONSORTIUM_ANALYST', 'query($where: PatientFilter) { cohort(where: $where) { followUp { n } } }', { where: { variable: 'ageAtIndex', lte: await youngestThreeCut() } }, true);
    expect(few.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });

  it('a time-varying lab covariate: fitted on coarsened times, released to 3 significant digits, rows not counted exactly', async () => {
    const query = '{ cohort { coxRegression(covariates: [{ variable: "lab.ALBUMIN", timeVarying: true, transform: LOG }]) { n events warnings terms { coef se p } } } }';
    const exact = (await attack.ask('ADMIN', query)).data!.cohort.coxRegression;
    const released = (await attack.ask('CONSORTIUM_ANALYST', query)).data!.cohort.coxRegression;
    expect(significantDigits(released.terms[0].coef)).toBeLessThanOrEqual(3);
    expect(significantDigits(released.terms[0].p)).toBeLessThanOrEqual(2);
    expect(Math.abs(released.terms[0].coef / exact.terms[0].coef - 1)).toBeLessThan(0.1);
    expect(exact.warnings[0]).toMatch(/^Counting-process fit: \d+ \(start, stop\] rows of \d+ patients/);
    expect(released.warnings[0]).toBe('Counting-process fit: the (start, stop] rows of the patients (time-varying: log(lab.ALBUMIN)).');
  });

  it('cumulativeIncidence: released at-risk and event counts, curves stopped under k, Gray coarsened; refused over a small group', async () => {
    const query = `{ cohort { suppressions { path } cumulativeIncidence(endpoint: ${DEATH_BY_CAUSE}, by: { variable: "ascitesAtBaseline" }) {
      groups { label n causes { cause events curve { time nRisk estimate stdErr } } } grayTest { cause statistic p } } } }`;
    const exact = (await attack.ask('ADMIN', query)).data!.cohort.cumulativeIncidence;
    const released = (await attack.ask('CONSORTIUM_ANALYST', query)).data!.cohort;
    released.cumulativeIncidence.groups.forEach((group: any, g: number) => {
      expect(Math.abs(group.n - exact.groups[g].n)).toBeLessThanOrEqual(2);
      for (const cause of group.causes) {
        for (const point of cause.curve) {
          expect(point.nRisk).toBeGreaterThanOrEqual(5);
          expect(significantDigits(point.estimate)).toBeLessThanOrEqual(3);
        }
        expect(cause.curve.length).toBeLessThanOrEqual(exact.groups[g].causes[0].curve.length);
      }
    });
    expect(released.cumulativeIncidence.groups.some((group: any, g: number) => group.causes[0].curve.length < exact.groups[g].causes[0].curve.length)).toBe(true);
    expect(released.suppressions.some((s: { path: string }) => /^cumulativeIncidence\.groups\[\d\]\.curve$/.test(s.path))).toBe(true);
    for (const test of released.cumulativeIncidence.grayTest) {
      expect(significantDigits(test.statistic)).toBeLessThanOrEqual(3);
      expect(significantDigits(test.p)).toBeLessThanOrEqual(2);
    }
    const small = await attack.ask('CONSORTIUM_ANALYST', `{ cohort { cumulativeIncidence(endpoint: ${DEATH_BY_CAUSE}, by: { variable: "ageAtIndex", above: ${await youngestThreeCut()} }) { groups { n } } } }`, {}, true);
    expect(small.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });

  it('excluded: released counts, a small one withheld and listed in suppressions', async () => {
    const query = '{ cohort { suppressions { path reason } coxRegression(covariates: [{ variable: "ageAtIndex" }], endpoint: { landmarkMonths: 1 }) { excluded { count reason } } } }';
    const exact = (await attack.ask('ADMIN', query)).data!.cohort;
    const released = (await attack.ask('CONSORTIUM_ANALYST', query)).data!.cohort;
    const [truth] = exact.coxRegression.excluded;
    const [shown] = released.coxRegression.excluded;
    expect(shown.reason).toBe(truth.reason);
    if (truth.count < 5) {
      expect(shown.count).toBeNull();
      expect(released.suppressions.map((s: { path: string }) => s.path)).toContain('coxRegression.excluded[0].count');
    } else {
      expect(Math.abs(shown.count - truth.count)).toBeLessThanOrEqual(2);
    }
  });
});
