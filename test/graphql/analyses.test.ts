/**
 * Every analysis field of Cohort through GraphQL over HTTP on the demo cohort, checked against the
 * statistics core run directly on the same data (fetched through the read API), and the guardrails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coxRegression, cumulativeIncidence, describe as describeValues, fineGray, fisherExact, kaplanMeier, logRank, repeatedMeasuresAnova } from '../../src/stats/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface PatientData {
  id: string; followUpMonths: number; vitalStatus: string; ascitesAtBaseline: boolean; extrahepaticMetastases: boolean;
  childPugh: string; treatmentDistribution: string; indexDate: string; lastFollowUpDate: string; deathDate: string | null;
  labs: { analyte: string; dayFromIndex: number; value: number; grade: number | null }[];
  imaging: { dayFromIndex: number; ascites: boolean }[];
}

let server: TestServer;
let patients: PatientData[];

const days = (p: PatientData) => (Date.parse(p.deathDate ?? p.lastFollowUpDate) - Date.parse(p.indexDate)) / 86_400_000;
const event = (p: PatientData) => (p.vitalStatus === 'DEAD' ? 1 : 0);

beforeAll(async () => {
  server = await startTestServer();
  const result = await server.gql(`{ patients(first: 500) { nodes {
    id followUpMonths vitalStatus ascitesAtBaseline extrahepaticMetastases childPugh treatmentDistribution indexDate lastFollowUpDate deathDate
    labs { analyte dayFromIndex value grade } imaging { dayFromIndex ascites } } } }`);
  expect(result.errors).toBeUndefined();
  patients = result.data!.patients.nodes;
});
afterAll(async () => { await server.close(); });

async function cohort(fields: string, variables: Record<string, unknown> = {}, where: unknown = null) {
  const declarations = Object.keys(variables).map((name) => `$${name}: ${variableTypes[name]}`).join(', ');
  const result = await server.gql(`query(${['$where: PatientFilter', declarations].filter(Boolean).join(', ')}) { cohort(where: $where) { ${fields} } }`, { where, ...variables });
  return result;
}
const variableTypes: Record<string, string> = { by: 'CovariateInput!', covariates: '[CovariateInput!]!', rows: 'CovariateInput!', columns: 'CovariateInput!', options: 'SurvivalOptions' };

describe('survival', () => {
  it('matches kaplanMeier on the cohort, in months, with R and SPSS medians', async () => {
    const result = await cohort('survival(options: { times: [12, 24] }) { n events timeUnit median { estimate lower upper } medianR { estimate } medianSpss { estimate stdErr } curve { time nRisk nEvent nCensor survival stdErr lower upper } atTimes { time survival } }');
    expect(result.errors).toBeUndefined();
    const estimate = result.data!.cohort.survival;
    const direct = kaplanMeier({ time: patients.map((p) => days(p) / 30.4375), event: patients.map(event) }, { times: [12, 24] }).curves[0]!;
    expect(estimate.n).toBe(93);
    expect(estimate.events).toBe(42);
    expect(estimate.timeUnit).toBe('MONTHS');
    expect(estimate.median.estimate).toBeCloseTo(direct.median.estimate!, 9);
    expect(estimate.medianR).toEqual(estimate.median.estimate === null ? { estimate: null } : { estimate: estimate.median.estimate });
    expect(estimate.curve).toHaveLength(direct.time.length);
    estimate.curve.forEach((point: any, i: number) => {
      expect(point.time).toBeCloseTo(direct.time[i]!, 9);
      expect(point.survival).toBeCloseTo(direct.survival[i]!, 12);
      expect(point.nRisk).toBe(direct.nRisk[i]);
    });
    expect(estimate.atTimes.map((p: any) => p.time)).toEqual([12, 24]);
    expect(estimate.medianSpss.stdErr).toBeGreaterThan(0);
  });

  it('compares groups with the log-rank test of the core', async () => {
    const result = await cohort('compareSurvival(by: $by) { n warnings groups { key label estimate { n events median { estimate } } } logRank { statistic df p groups groupLabels } }', { by: { variable: 'ascitesAtBaseline' } });
    expect(result.errors).toBeUndefined();
    const comparison = result.data!.cohort.compareSurvival;
    expect(comparison.groups.map((g: any) => [g.key, g.label, g.estimate.n])).toEqual([['ascitesAtBaseline = false', 'Ascites at baseline: no', 77], ['ascitesAtBaseline = true', 'Ascites at baseline: yes', 16]]);
    expect(comparison.logRank).toMatchObject({ groups: ['ascitesAtBaseline = false', 'ascitesAtBaseline = true'], groupLabels: ['Ascites at baseline: no', 'Ascites at baseline: yes'] });
    const direct = logRank({ time: patients.map(days), event: patients.map(event), group: patients.map((p) => String(p.ascitesAtBaseline)) });
    expect(comparison.logRank.statistic).toBeCloseTo(direct.chisq!, 9);
    expect(comparison.logRank.p).toBeCloseTo(direct.p!, 12);
    expect(comparison.logRank.df).toBe(1);
  });

  it('splits continuous variables with `above`', async () => {
    const result = await cohort('compareSurvival(by: $by) { groups { label estimate { n } } }', { by: { variable: 'ageAtIndex', above: 60 } });
    expect(result.errors).toBeUndefined();
    const groups = result.data!.cohort.compareSurvival.groups;
    expect(groups.map((g: any) => g.label)).toEqual(['Age at first TARE: ≤ 60 years', 'Age at first TARE: > 60 years']);
    expect(groups[0].estimate.n + groups[1].estimate.n).toBe(93);
  });
});

describe('Cox regression', () => {
  it('matches coxRegression on the same columns, with an interaction', async () => {
    const result = await cohort(`coxRegression(covariates: $covariates, interactions: [["ascitesAtBaseline", "extrahepaticMetastases"]]) {
      n events converged warnings terms { name coef hazardRatio lower upper se z p } likelihoodRatio { statistic df p } wald { statistic df p } score { statistic df p } concordance }`,
    { covariates: [{ variable: 'ascitesAtBaseline' }, { variable: 'extrahepaticMetastases' }] });
    expect(result.errors).toBeUndefined();
    const model = result.data!.cohort.coxRegression;
    const a = patients.map((p) => (p.ascitesAtBaseline ? 1 : 0));
    const e = patients.map((p) => (p.extrahepaticMetastases ? 1 : 0));
    const direct = coxRegression({ time: patients.map(days), event: patients.map(event), covariates: { ascitesAtBaseline: a, extrahepaticMetastases: e, 'ascitesAtBaseline:extrahepaticMetastases': a.map((x, i) => x * e[i]!) } });
    expect(model.terms.map((t: any) => t.name)).toEqual(direct.terms);
    model.terms.forEach((term: any, i: number) => {
      expect(term.coef).toBeCloseTo(direct.coef[i]!, 9);
      expect(term.se).toBeCloseTo(direct.se[i]!, 9);
      expect(term.p).toBeCloseTo(direct.p[i]!, 12);
    });
    expect(model.likelihoodRatio.statistic).toBeCloseTo(direct.likelihoodRatio.chisq, 9);
    expect(model.concordance).toBeCloseTo(direct.concordance!, 12);
    expect(model.n).toBe(93);
  });

  it('codes a categorical covariate as treatment-contrast dummies', async () => {
    const result = await cohort('coxRegression(covariates: $covariates) { terms { name hazardRatio } }', { covariates: [{ variable: 'childPugh' }] });
    expect(result.errors).toBeUndefined();
    expect(result.data!.cohort.coxRegression.terms.map((t: any) => t.name)).toEqual(['childPugh=B', 'childPugh=C']);
  });

  it('screens univariate models and fits the multivariable one as the study did', async () => {
    const result = await cohort(`coxScreen(covariates: $covariates, interactions: [["ascitesAtBaseline", "extrahepaticMetastases"]]) {
      selected interactions univariate { covariate p model { terms { name p } } } multivariable { terms { name } } }`,
    { covariates: [{ variable: 'ascitesAtBaseline' }, { variable: 'extrahepaticMetastases' }, { variable: 'sex', levels: ['MALE'], label: 'male' }] });
    expect(result.errors).toBeUndefined();
    const screen = result.data!.cohort.coxScreen;
    expect(screen.univariate).toHaveLength(3);
    for (const u of screen.univariate) {
      expect(screen.selected.includes(u.covariate)).toBe(u.p < 0.05);
    }
    expect(screen.multivariable.terms.map((t: any) => t.name)).toEqual([...screen.selected, ...screen.interactions]);
  });
});

describe('second-round time-to-event fields', () => {
  it('follow-up (reverse Kaplan-Meier), cumulative hazard and restrictedMean(tau) match the core', async () => {
    const result = await cohort('followUp { n median { estimate lower upper } } survival { curve { time } cumulativeHazard { time cumulativeHazard stdErr } restrictedMean(tau: 24) { tau estimate stdErr } }');
    expect(result.errors).toBeUndefined();
    const time = patients.map((p) => days(p) / 30.4375);
    const reverse = kaplanMeier({ time, event: patients.map(event) }, { reverse: true }).curves[0]!;
    expect(result.data!.cohort.followUp).toEqual({ n: 93, median: reverse.medians.quantile });
    const direct = kaplanMeier({ time, event: patients.map(event) }, { cumulativeHazard: true, rmean: 24 }).curves[0]!;
    const { survival } = result.data!.cohort;
    survival.cumulativeHazard.forEach((point: { cumulativeHazard: number }, i: number) => expect(point.cumulativeHazard).toBeCloseTo(direct.cumulativeHazard![i]!, 12));
    expect(survival.restrictedMean.estimate).toBeCloseTo(direct.restrictedMean.estimate, 9);
    expect(survival.restrictedMean.stdErr).toBeCloseTo(direct.restrictedMean.stdErr, 9);
  });

  it('cumulativeIncidence matches the core: death from the tumour, liver deaths competing, by ascites', async () => {
    const result = await cohort('cumulativeIncidence(endpoint: { events: [{ kind: DEATH, cause: TUMOR }], competing: [{ kind: DEATH, cause: LIVER }] }, by: { variable: "ascitesAtBaseline" }) { groups { label n causes { cause events curve { time estimate } } } grayTest { cause } }');
    expect(result.errors).toBeUndefined();
    const causes = (await server.gql('{ patients(first: 500) { nodes { deathCause } } }')).data!.patients.nodes.map((p: { deathCause: string | null }) => p.deathCause);
    const status = causes.map((cause: string | null) => (cause === 'TUMOR' ? 1 : cause === 'LIVER' ? 2 : 0));
    const group = patients.map((p) => `ascitesAtBaseline = ${p.ascitesAtBaseline}`);
    const direct = cumulativeIncidence({ time: patients.map((p) => days(p) / 30.4375), status, group }, { causes: [1, 2] });
    const { groups, grayTest } = result.data!.cohort.cumulativeIncidence;
    expect(grayTest.map((test: { cause: string }) => test.cause)).toEqual(['death (tumor)', 'death (liver)']);
    for (const shown of groups) {
      const curve = direct.curves.find((c) => c.stratum === shown.label)!;
      expect(shown.n).toBe(curve.n);
      shown.causes[0].curve.forEach((point: { estimate: number }, i: number) => expect(point.estimate).toBeCloseTo(curve.causes[0]!.cumulativeIncidence[i]!, 12));
    }
  });

  it('fineGray matches the core on the endpoint\'s status (tumour deaths, liver deaths competing)', async () => {
    const result = await cohort('fineGray(endpoint: { events: [{ kind: DEATH, cause: TUMOR }], competing: [{ kind: DEATH, cause: LIVER }] }, covariates: [{ variable: "ascitesAtBaseline" }]) { n events terms { name coef se } }');
    expect(result.errors).toBeUndefined();
    const causes = (await server.gql('{ patients(first: 500) { nodes { deathCause } } }')).data!.patients.nodes.map((p: { deathCause: string | null }) => p.deathCause);
    const status = causes.map((cause: string | null) => (cause === 'TUMOR' ? 1 : cause === 'LIVER' ? 2 : 0));
    const direct = fineGray({ time: patients.map(days), status, covariates: { ascitesAtBaseline: patients.map((p) => (p.ascitesAtBaseline ? 1 : 0)) } });
    const model = result.data!.cohort.fineGray;
    expect(model.events).toBe(direct.nEvent);
    expect(model.terms[0].coef).toBeCloseTo(direct.coef[0]!, 10);
    expect(model.terms[0].se).toBeCloseTo(direct.se[0]!, 10);
  });
});

describe('crossTab, lab trajectories, toxicity, characteristics', () => {
  it('cross-tabulates with Fisher as the core computes it', async () => {
    const result = await cohort('crossTab(rows: $rows, columns: $columns) { rowLabels columnLabels rowKeys columnKeys counts n fisher { p alternative oddsRatio lower upper } }',
      { rows: { variable: 'treatmentDistribution' }, columns: { variable: 'imaging.splenomegaly.YEAR_1' } }, { variable: 'followUpMonths', gte: 12 });
    expect(result.errors).toBeUndefined();
    const table = result.data!.cohort.crossTab;
    expect(table.rowKeys).toEqual(['treatmentDistribution = UNILOBAR', 'treatmentDistribution = BILOBAR']);
    expect(table.rowLabels).toEqual(['Treatment distribution: unilobar', 'Treatment distribution: bilobar']);
    const direct = fisherExact({ table: table.counts });
    expect(table.fisher.p).toBeCloseTo(direct.p, 12);
    expect(table.fisher.oddsRatio).toBeCloseTo(direct.oddsRatio!, 9);
  });

  it('traces a lab over timepoints with RM-ANOVA as the core computes it', async () => {
    const result = await cohort('labTrajectory(analyte: ALP, adjustFor: { variable: "tumorBurden" }) { unit summary { timepoint n mean sd } anova { nComplete F p greenhouseGeisser { epsilon p } } adjustedAnova { nComplete p } warnings }',
      {}, { variable: 'followUpMonths', gte: 12 });
    expect(result.errors).toBeUndefined();
    const trajectory = result.data!.cohort.labTrajectory;
    expect(trajectory.unit).toBe('U/L');
    const windows = { BASELINE: [-90, 0, 0], MONTH_6: [123, 243, 183], YEAR_1: [275, 455, 365] } as const;
    const followed = patients.filter((p) => p.followUpMonths >= 12);
    const pick = (p: PatientData, [start, end, target]: readonly number[]) => {
      const candidates = p.labs.filter((l) => l.analyte === 'ALP' && l.dayFromIndex >= start! && l.dayFromIndex <= end!)
        .sort((x, y) => Math.abs(x.dayFromIndex - target!) - Math.abs(y.dayFromIndex - target!) || x.dayFromIndex - y.dayFromIndex);
      return candidates[0]?.value ?? null;
    };
    const values = followed.map((p) => Object.values(windows).map((w) => pick(p, w)));
    trajectory.summary.forEach((point: any, t: number) => {
      const column = values.map((row) => row[t]).filter((v): v is number => v !== null);
      const direct = describeValues(column);
      expect(point.n).toBe(direct.n);
      expect(point.mean).toBeCloseTo(direct.mean!, 9);
    });
    const direct = repeatedMeasuresAnova({ values });
    expect(trajectory.anova.nComplete).toBe(direct.nComplete);
    expect(trajectory.anova.F).toBeCloseTo(direct.F!, 9);
    expect(trajectory.anova.greenhouseGeisser.p).toBeCloseTo(direct.greenhouseGeisser.p!, 12);
    expect(trajectory.adjustedAnova.nComplete).toBe(direct.nComplete);
  });

  it('counts patients per CTCAE grade per timepoint from the graded labs', async () => {
    const result = await cohort('toxicityTable(analytes: [ALP, BILIRUBIN], worstWithin: { fromDay: 1, toDay: 365 }) { version cohortSize rows { analyte timepoint measured patientsByGrade { grade patients } } worstWithin { rows { analyte measured } patientsWithAnyGradeAtLeast { grade patients } } }',
      {}, { variable: 'followUpMonths', gte: 12 });
    expect(result.errors).toBeUndefined();
    const table = result.data!.cohort.toxicityTable;
    expect(table.cohortSize).toBe(52);
    const followed = patients.filter((p) => p.followUpMonths >= 12);
    const baselineAlp = followed.map((p) => p.labs.filter((l) => l.analyte === 'ALP' && l.dayFromIndex <= 0 && l.dayFromIndex >= -90).sort((x, y) => y.dayFromIndex - x.dayFromIndex)[0]).filter((l) => l !== undefined);
    const row = table.rows.find((r: any) => r.analyte === 'ALP' && r.timepoint === 'BASELINE');
    expect(row.measured).toBe(baselineAlp.length);
    for (const { grade, patients: count } of row.patientsByGrade) expect(count).toBe(baselineAlp.filter((l) => l!.grade === grade).length);
    expect(table.worstWithin.rows).toHaveLength(2);
  });

  it('describes the characteristics of Table 1', async () => {
    const result = await cohort('characteristics(variables: ["sex", "ageAtIndex", "ascitesAtBaseline"]) { variable n missing levels { level count percent } summary { n mean sd min max } }');
    expect(result.errors).toBeUndefined();
    const [sex, age, ascites] = result.data!.cohort.characteristics;
    expect(sex.levels).toEqual([{ level: 'MALE', count: 46, percent: (100 * 46) / 93 }, { level: 'FEMALE', count: 47, percent: (100 * 47) / 93 }]);
    expect(age.summary.n).toBe(93);
    expect(ascites.levels[0]).toEqual({ level: 'true', count: 16, percent: (100 * 16) / 93 });
  });
});

describe('guardrails', () => {
  it('answers an empty cohort, a single-group comparison and a bad covariate with BAD_USER_INPUT', async () => {
    const empty = await cohort('survival { n }', {}, { variable: 'ageAtIndex', gt: 200 });
    expect(empty.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'where' });
    const oneGroup = await cohort('compareSurvival(by: $by) { n }', { by: { variable: 'sex' } }, { variable: 'sex', eq: 'MALE' });
    expect(oneGroup.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'by' });
    const badLevel = await cohort('coxRegression(covariates: $covariates) { n }', { covariates: [{ variable: 'childPugh', levels: ['Z'] }] });
    expect(badLevel.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'covariates[0].levels[0]' });
    const continuousGroups = await cohort('compareSurvival(by: $by) { n }', { by: { variable: 'ageAtIndex' } });
    expect(continuousGroups.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'by.above' });
  });

  it('reports a Cox model without events as a result with warnings, not an error', async () => {
    const result = await cohort('coxRegression(covariates: $covariates) { n events converged warnings terms { coef } }', { covariates: [{ variable: 'extrahepaticMetastases' }] }, { variable: 'vitalStatus', eq: 'ALIVE' });
    expect(result.errors).toBeUndefined();
    const model = result.data!.cohort.coxRegression;
    expect(model.events).toBe(0);
    expect(model.terms[0].coef).toBeNull();
    expect(model.warnings.join(' ')).toMatch(/no deaths/);
  });

  it('answers a log-rank test that cannot be computed as a comparison with a null statistic and the reason, not an error', async () => {
    const result = await cohort('compareSurvival(by: $by, strata: $by) { n warnings groups { label } logRank { statistic df p observed expected } }', { by: { variable: 'sex' } });
    expect(result.errors).toBeUndefined();
    const comparison = result.data!.cohort.compareSurvival;
    expect(comparison.groups).toHaveLength(2);
    expect(comparison.logRank.statistic).toBeNull();
    expect(comparison.logRank.p).toBeNull();
    expect(comparison.logRank.observed).toHaveLength(2);
    expect(comparison.warnings.join(' ')).toMatch(/log-rank test cannot be computed on these data \(the variance matrix is singular/);
  });

  it('answers a repeated-measures ANOVA that cannot be computed as a null ANOVA with the reason, not an error', async () => {
    const result = await cohort('labTrajectory(analyte: ALP, by: $by) { groups { label anova { F } } warnings }', { by: { variable: 'ageAtIndex', above: 10 } });
    expect(result.errors).toBeUndefined();
    const trajectory = result.data!.cohort.labTrajectory;
    expect(trajectory.groups[0].anova).toBeNull();
    expect(trajectory.warnings.join(' ')).toMatch(/ANOVA in Age at first TARE: ≤ 10 years: not computed/);
  });

  it('builds each analysis in a bounded number of SQL statements', async () => {
    server.resetStatements();
    const result = await cohort('size survival { n } compareSurvival(by: $by) { n } coxRegression(covariates: $covariates) { n } characteristics { n }', { by: { variable: 'childPugh' }, covariates: [{ variable: 'ascitesAtBaseline' }, { variable: 'childPugh' }] });
    expect(result.errors).toBeUndefined();
    // The result cache reads the data version (one row) before each analysis and again before storing it.
    const versionReads = server.statements.filter((statement) => statement.includes('"data_version"'));
    expect(versionReads).toHaveLength(2 * 4);
    // One site-code lookup per compiled filter, one count, one frame per analysis.
    expect(server.statements.length - versionReads.length).toBeLessThanOrEqual(12);
  });
});
