/**
 * The issue's "done when" test on the PBC trial data (R's survival::pbcseq, test/fixtures/pbcseq:
 * 312 patients in three sites, 29 transplants in events.csv, serial labs), imported with the CSV
 * import and asked through GraphQL as an analyst would: the cumulative incidence of death with
 * transplant competing by sex and Gray's test, Fine-Gray of death with transplant
 * competing, a Cox model with time-varying log bilirubin and albumin, a 15-month landmark Cox on the YEAR_1 bilirubin, cox.zph, the restricted mean (and
 * its difference by sex), the reverse Kaplan-Meier median follow-up and the time to a platelet
 * count of CTCAE grade >= 2 equal R's (test/fixtures/pbcseq/expected.json, written once by
 * expected-pbcseq.R) to 1e-6 relative.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/interchange/import/import-folder.js';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const FIXTURE = join(PROJECT_ROOT, 'test/fixtures/pbcseq');
const R = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8'));
const TOLERANCE = 1e-6;

function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  const scale = Math.max(Math.abs(expected), 1e-300);
  expect(Math.abs(actual! - expected) / scale, `${what}: ${actual} vs R ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seed: false });
  for (const site of ['A', 'B', 'C']) {
    const report = await importFolder(server.db, { siteCode: site, folder: join(FIXTURE, `site-${site}`) });
    expect(report.issues).toEqual([]);
  }
});
afterAll(async () => { await server.close(); });

async function ask(query: string) {
  const result = await server.gql(query);
  expect(result.errors).toBeUndefined();
  return result.data!.cohort;
}

const BASELINE_COVARIATES = '[{ variable: "ageAtIndex" }, { variable: "lab.BILIRUBIN.BASELINE" }, { variable: "lab.ALBUMIN.BASELINE" }]';

describe('pbcseq through the API equals R', () => {
  it('cumulative incidence of death and transplant by sex (survfit, multi-state) and Gray\'s test (cuminc)', async () => {
    const { cumulativeIncidence } = await ask(`{ cohort { cumulativeIncidence(endpoint: { events: [{ kind: DEATH }], competing: [{ kind: TRANSPLANT }] },
      by: { variable: "sex" }, options: { timeUnit: DAYS, times: [1825, 3650] }) {
      groups { label n causes { cause events atTimes { time estimate stdErr } } } grayTest { cause statistic df p } } } }`);
    expect(cumulativeIncidence.groups.map((group: { label: string }) => group.label)).toEqual(['sex = MALE', 'sex = FEMALE']);
    for (const group of cumulativeIncidence.groups) {
      const r = group.label === 'sex = FEMALE' ? R.cumulativeIncidence.female : R.cumulativeIncidence.male;
      expect(group.n).toBe(r.n);
      expect(group.causes.map((cause: { cause: string }) => cause.cause)).toEqual(['death', 'transplant']);
      const [death, transplant] = group.causes;
      death.atTimes.forEach((point: { time: number; estimate: number; stdErr: number }, i: number) => {
        expect(point.time).toBe(R.cumulativeIncidence.times[i]);
        close(point.estimate, r.death[i], `${group.label} death CIF(${point.time})`);
        close(point.stdErr, r.deathStdErr[i], `${group.label} death se(${point.time})`);
      });
      transplant.atTimes.forEach((point: { time: number; estimate: number; stdErr: number }, i: number) => {
        close(point.estimate, r.transplant[i], `${group.label} transplant CIF(${point.time})`);
        close(point.stdErr, r.transplantStdErr[i], `${group.label} transplant se(${point.time})`);
      });
    }
    expect(cumulativeIncidence.grayTest.map((test: { cause: string }) => test.cause)).toEqual(['death', 'transplant']);
    cumulativeIncidence.grayTest.forEach((test: { statistic: number; df: number; p: number }, i: number) => {
      close(test.statistic, R.cumulativeIncidence.gray.stat[i], `Gray stat ${i}`);
      expect(test.df).toBe(R.cumulativeIncidence.gray.df[i]);
      close(test.p, R.cumulativeIncidence.gray.p[i], `Gray p ${i}`);
    });
  });

  it('Fine-Gray: death with transplant competing (cmprsk::crr)', async () => {
    const { fineGray } = await ask(`{ cohort { fineGray(endpoint: { events: [{ kind: DEATH }], competing: [{ kind: TRANSPLANT }] }, covariates: ${BASELINE_COVARIATES}) {
      n events converged terms { name coef se p } logLikelihood { initial final } wald { statistic } plot { svg } } } }`);
    expect(fineGray.plot.svg).toContain('<svg');
    expect(fineGray).toMatchObject({ n: R.fineGray.n, events: R.fineGray.events, converged: true, wald: null });
    fineGray.terms.forEach((term: { coef: number; se: number; p: number }, i: number) => {
      close(term.coef, R.fineGray.coef[i], `coef ${i}`);
      close(term.se, R.fineGray.se[i], `se ${i}`);
      close(term.p, R.fineGray.p[i], `p ${i}`);
    });
    close(fineGray.logLikelihood.initial, R.fineGray.logLik[0], 'loglik.null');
    close(fineGray.logLikelihood.final, R.fineGray.logLik[1], 'loglik');
  });

  it('Cox with time-varying log bilirubin and albumin (tmerge + tdc)', async () => {
    const { coxRegression } = await ask(`{ cohort { coxRegression(covariates: [{ variable: "lab.BILIRUBIN", timeVarying: true, transform: LOG },
      { variable: "lab.ALBUMIN", timeVarying: true }]) { n events warnings terms { name coef se p } excluded { count } } } }`);
    expect(coxRegression).toMatchObject({ n: R.timeVaryingCox.patients, events: R.timeVaryingCox.events, excluded: [] });
    expect(coxRegression.terms.map((term: { name: string }) => term.name)).toEqual(['log(lab.BILIRUBIN)', 'lab.ALBUMIN']);
    expect(coxRegression.warnings[0]).toBe(`Counting-process fit: ${R.timeVaryingCox.rows} (start, stop] rows of 312 patients (time-varying: log(lab.BILIRUBIN), lab.ALBUMIN).`);
    coxRegression.terms.forEach((term: { coef: number; se: number; p: number }, i: number) => {
      close(term.coef, R.timeVaryingCox.coef[i], `coef ${i}`);
      close(term.se, R.timeVaryingCox.se[i], `se ${i}`);
      close(term.p, R.timeVaryingCox.p[i], `p ${i}`);
    });
  });

  it('cox.zph (km) of the Cox model of death on age, bilirubin and albumin', async () => {
    const { coxRegression } = await ask(`{ cohort { coxRegression(covariates: ${BASELINE_COVARIATES}) {
      terms { coef } proportionalHazards(transform: KM) { term chisq df p } } } }`);
    coxRegression.terms.forEach((term: { coef: number }, i: number) => close(term.coef, R.coxZph.coef[i], `coef ${i}`));
    expect(coxRegression.proportionalHazards.map((test: { term: string }) => test.term))
      .toEqual(['ageAtIndex', 'lab.BILIRUBIN.BASELINE', 'lab.ALBUMIN.BASELINE', 'GLOBAL']);
    coxRegression.proportionalHazards.forEach((test: { chisq: number; df: number; p: number }, i: number) => {
      close(test.chisq, R.coxZph.chisq[i], `chisq ${i}`);
      expect(test.df).toBe(R.coxZph.df[i]);
      close(test.p, R.coxZph.p[i], `p ${i}`);
    });
  });

  it('a 15-month landmark Cox on the YEAR_1 bilirubin, with who was left out', async () => {
    const { coxRegression } = await ask(`{ cohort { coxRegression(covariates: [{ variable: "lab.BILIRUBIN.YEAR_1" }], endpoint: { landmarkMonths: 15 }) {
      n events terms { coef se p } excluded { count reason } } } }`);
    expect(coxRegression).toMatchObject({ n: R.landmarkCox.n, events: R.landmarkCox.events });
    close(coxRegression.terms[0].coef, R.landmarkCox.coef, 'coef');
    close(coxRegression.terms[0].se, R.landmarkCox.se, 'se');
    close(coxRegression.terms[0].p, R.landmarkCox.p, 'p');
    expect(coxRegression.excluded).toEqual([
      { count: R.landmarkCox.excludedBeforeLandmark, reason: 'an event or the end of follow-up before the 15-month landmark' },
      { count: R.landmarkCox.excludedWithoutValue, reason: 'no value of lab.BILIRUBIN.YEAR_1' },
    ]);
  });

  it('restricted mean survival to 3650 days, and its difference by sex', async () => {
    const cohort = await ask(`{ cohort {
      survival(options: { timeUnit: DAYS }) { restrictedMean(tau: 3650) { tau estimate stdErr } }
      compareSurvival(by: { variable: "sex" }, options: { timeUnit: DAYS }) {
        groups { label estimate { restrictedMean(tau: 3650) { estimate stdErr } } }
        restrictedMeanDifference(tau: 3650) { groups estimate stdErr }
      } } }`);
    close(cohort.survival.restrictedMean.estimate, R.restrictedMean.estimate, 'rmean');
    close(cohort.survival.restrictedMean.stdErr, R.restrictedMean.stdErr, 'se(rmean)');
    const bySex = (label: string) => (label.toLowerCase().includes('female') ? R.restrictedMean.female : R.restrictedMean.male);
    for (const group of cohort.compareSurvival.groups) {
      close(group.estimate.restrictedMean.estimate, bySex(group.label)[0], `rmean ${group.label}`);
      close(group.estimate.restrictedMean.stdErr, bySex(group.label)[1], `se(rmean) ${group.label}`);
    }
    const difference = cohort.compareSurvival.restrictedMeanDifference;
    const [first, second] = difference.groups.map((label: string) => bySex(label));
    close(difference.estimate, second[0] - first[0], 'difference');
    close(difference.stdErr, Math.hypot(first[1], second[1]), 'se of the difference');
  });

  it('median follow-up by reverse Kaplan-Meier', async () => {
    const { followUp } = await ask('{ cohort { followUp(options: { timeUnit: DAYS }) { n median { estimate lower upper } method } } }');
    expect(followUp.n).toBe(312);
    expect(followUp.median).toEqual(R.followUp);
  });

  it('time to a platelet count of CTCAE grade >= 2', async () => {
    const { survival } = await ask(`{ cohort { survival(endpoint: { events: [{ kind: LAB_GRADE, analyte: PLATELETS, grade: 2 }] },
      options: { timeUnit: DAYS, times: [365, 1825] }) { n events median { estimate lower upper } atTimes { time survival stdErr } } } }`);
    expect(survival).toMatchObject({ n: R.plateletsGrade2.n, events: R.plateletsGrade2.events });
    expect([survival.median.estimate, survival.median.lower, survival.median.upper]).toEqual(R.plateletsGrade2.median);
    survival.atTimes.forEach((point: { time: number; survival: number; stdErr: number }, i: number) => {
      expect(point.time).toBe(R.plateletsGrade2.atTimes[i]);
      close(point.survival, R.plateletsGrade2.survival[i], `S(${point.time})`);
      close(point.stdErr, R.plateletsGrade2.stdErr[i], `se S(${point.time})`);
    });
  });
});
