/**
 * The immortal-time guard on the demo cohort: a covariate measured at 1 year used with time
 * counted from the index date is refused with IMMORTAL_TIME_BIAS, naming both ways out; with
 * `landmarkMonths: 15` (past the YEAR_1 window, day 455) it runs, and the model says who it left
 * out: the patients not followed past the landmark, and those without a 1-year ALP grade.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

async function count(where: unknown): Promise<number> {
  const result = await server.gql('query($where: PatientFilter) { patients(where: $where, first: 1) { totalCount } }', { where });
  return result.data!.patients.totalCount;
}

describe('immortal-time guard', () => {
  it('refuses grade.ALP.YEAR_1 from the index date, naming the landmark and the time-varying covariate', async () => {
    const refused = await server.gql('{ cohort { coxRegression(covariates: [{ variable: "ageAtIndex" }, { variable: "grade.ALP.YEAR_1" }]) { n } } }');
    expect(refused.data).toBeNull();
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'IMMORTAL_TIME_BIAS', argument: 'covariates[1].variable', landmarkMonths: 15 });
    expect(refused.errors![0]!.message).toBe('"grade.ALP.YEAR_1" is measured 275 to 455 days after the index date, but OS counts time from before that: '
      + 'the patients with a value had to survive to be measured (immortal-time bias). Either give the endpoint `landmarkMonths: 15` or later '
      + '(time then counts from the landmark, among the patients event-free at it), or use the lab itself as a time-varying covariate '
      + '(`lab.<Analyte>` with `timeVarying: true`).');
    const grouped = await server.gql('{ cohort { compareSurvival(by: { variable: "lab.BILIRUBIN.MONTH_6", above: 1 }, endpoint: { landmarkMonths: 6 }) { n } } }');
    expect(grouped.errors![0]!.extensions).toMatchObject({ code: 'IMMORTAL_TIME_BIAS', argument: 'by.variable', landmarkMonths: 8 });
    expect(grouped.errors![0]!.message).toContain('use "lab.BILIRUBIN" with `timeVarying: true`');
    const fromDiagnosis = await server.gql('{ cohort { coxRegression(covariates: [{ variable: "grade.ALP.YEAR_1" }], endpoint: { origin: DIAGNOSIS, landmarkMonths: 40 }) { n } } }');
    expect(fromDiagnosis.errors![0]!.extensions!['code']).toBe('IMMORTAL_TIME_BIAS');
    const baseline = await server.gql('{ cohort { coxRegression(covariates: [{ variable: "grade.ALP.BASELINE" }]) { n } } }');
    expect(baseline.errors).toBeUndefined();
  });

  it('runs with landmarkMonths: 15, reporting who was left out and why', async () => {
    const result = await server.gql('{ cohort { coxRegression(covariates: [{ variable: "grade.ALP.YEAR_1" }], endpoint: { landmarkMonths: 15 }) { n events terms { name hazardRatio } excluded { count reason } } } }');
    expect(result.errors).toBeUndefined();
    const model = result.data!.cohort.coxRegression;
    const pastLandmark = { variable: 'followUpMonths', gt: 15 };
    const withoutGrade = await count({ and: [pastLandmark, { variable: 'grade.ALP.YEAR_1', isNull: true }] });
    expect(model.excluded).toEqual([
      { count: await count({ variable: 'followUpMonths', lte: 15 }), reason: 'an event or the end of follow-up before the 15-month landmark' },
      ...(withoutGrade > 0 ? [{ count: withoutGrade, reason: 'no value of grade.ALP.YEAR_1' }] : []),
    ]);
    expect(model.n).toBe(await count(pastLandmark) - withoutGrade);
    expect(model.n + model.excluded.reduce((sum: number, e: { count: number }) => sum + e.count, 0)).toBe(93);
    expect(model.terms.length).toBeGreaterThan(0);
    for (const term of model.terms) expect(term.name).toMatch(/^grade\.ALP\.YEAR_1=[1-4]$/);
  });
});
