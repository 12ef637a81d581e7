/**
 * The synthetic demo cohort against the founding study (docs/founding-study.md),
 * through GraphQL over HTTP: every count of Table 1 and Table 6 exactly, the rounded moments, and
 * the statistical calibration targets (median overall survival 28.0 ± 3 months; ascites and
 * extrahepatic disease shorten survival: HR > 1 and log-rank P < .05).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const FOLLOWED_A_YEAR = { variable: 'followUpMonths', gte: 12 };

async function levelCounts(variables: string[], where: unknown = null): Promise<Record<string, Record<string, number>>> {
  const result = await server.gql('query($where: PatientFilter, $variables: [String!]) { cohort(where: $where) { characteristics(variables: $variables) { variable levels { level count } } } }', { where, variables });
  expect(result.errors).toBeUndefined();
  return Object.fromEntries(result.data!.cohort.characteristics.map((row: any) => [row.variable, Object.fromEntries(row.levels.map((l: any) => [l.level, l.count]))]));
}

async function summary(variable: string) {
  const result = await server.gql('query($variables: [String!]) { cohort { characteristics(variables: $variables) { summary { n mean sd median q1 q3 min max } } } }', { variables: [variable] });
  expect(result.errors).toBeUndefined();
  return result.data!.cohort.characteristics[0].summary;
}

async function size(where: unknown): Promise<number> {
  const result = await server.gql('query($where: PatientFilter) { cohort(where: $where) { size } }', { where });
  expect(result.errors).toBeUndefined();
  return result.data!.cohort.size;
}

describe('Table 1, exactly', () => {
  it('matches every categorical count', async () => {
    const counts = await levelCounts(['sex', 'ecog', 'tumorType', 'differentiation', 'tumorBurden', 'ascitesAtBaseline', 'extrahepaticMetastases', 'childPugh',
      'priorTherapy.TACE', 'priorTherapy.RESECTION', 'priorTherapy.SYSTEMIC_CHEMOTHERAPY', 'priorTherapy.ABLATION', 'anyPriorTherapy', 'treatmentDistribution', 'treatmentCount', 'vitalStatus']);
    expect(counts['sex']).toEqual({ MALE: 46, FEMALE: 47 });
    expect(counts['ecog']).toEqual({ 0: 47, 1: 41, 2: 5, 3: 0, 4: 0 });
    expect(counts['tumorType']).toEqual({ CARCINOID: 66, ISLET_CELL: 27, OTHER: 0 });
    expect(counts['differentiation']).toEqual({ WELL: 56, MODERATE_POOR: 15, UNKNOWN: 22 });
    expect(counts['tumorBurden']).toEqual({ UNDER_25: 36, FROM_25_TO_50: 31, OVER_50: 26 });
    expect(counts['ascitesAtBaseline']).toEqual({ true: 16, false: 77 });
    expect(counts['extrahepaticMetastases']).toEqual({ true: 32, false: 61 });
    expect(counts['childPugh']).toEqual({ A: 75, B: 17, C: 1 });
    expect(counts['priorTherapy.TACE']!['true']).toBe(24);
    expect(counts['priorTherapy.RESECTION']!['true']).toBe(21);
    expect(counts['priorTherapy.SYSTEMIC_CHEMOTHERAPY']!['true']).toBe(15);
    expect(counts['priorTherapy.ABLATION']!['true']).toBe(10);
    expect(counts['anyPriorTherapy']!['false']).toBe(35);
    expect(counts['treatmentDistribution']).toEqual({ UNILOBAR: 48, BILOBAR: 45 });
    expect(counts['vitalStatus']).toEqual({ ALIVE: 51, DEAD: 42 });
  });

  it('matches sessions, segmental and whole-liver treatments', async () => {
    expect(await size({ variable: 'treatmentCount', eq: '1' })).toBe(37);
    expect(await size({ variable: 'treatmentCount', eq: '2' })).toBe(43);
    expect(await size({ variable: 'treatmentCount', eq: '3' })).toBe(7);
    expect(await size({ variable: 'treatmentCount', eq: '4' })).toBe(6);
    const result = await server.gql('{ patients(first: 500) { nodes { priorTherapies treatments { target } } } }');
    const nodes = result.data!.patients.nodes as { priorTherapies: string[]; treatments: { target: string }[] }[];
    const sessions = nodes.flatMap((p) => p.treatments);
    expect(sessions).toHaveLength(168);
    expect(sessions.filter((t) => t.target === 'SEGMENTAL')).toHaveLength(8);
    const wholeLiver = nodes.filter((p) => p.treatments.some((t) => t.target === 'WHOLE_LIVER'));
    expect(wholeLiver).toHaveLength(3);
    for (const p of wholeLiver) expect(p.priorTherapies).toContain('RESECTION');
  });

  it('matches baseline ALP grades, follow-up groups and deaths', async () => {
    const grades = (await levelCounts(['grade.ALP.BASELINE']))['grade.ALP.BASELINE']!;
    expect((grades['2'] ?? 0) + (grades['3'] ?? 0)).toBe(16);
    expect((grades['0'] ?? 0) + (grades['1'] ?? 0)).toBe(77);
    expect(await size({ variable: 'followUpMonths', lt: 12 })).toBe(41);
    expect(await size(FOLLOWED_A_YEAR)).toBe(52);
    expect(await size({ variable: 'followUpMonths', gt: 48 })).toBe(11);
    expect(await size({ and: [{ variable: 'followUpMonths', lt: 12 }, { variable: 'vitalStatus', eq: 'ALIVE' }] })).toBe(23);
    expect(await size({ and: [{ variable: 'followUpMonths', lt: 12 }, { variable: 'vitalStatus', eq: 'DEAD' }] })).toBe(18);
  });

  it('matches the published moments to their printed precision', async () => {
    const age = await summary('ageAtIndex');
    expect(age.mean.toFixed(2)).toBe('58.60');
    expect(age.sd.toFixed(2)).toBe('13.70');
    expect([age.min, age.max].map(Math.round)).toEqual([22, 88]);
    const activity = await summary('totalActivityGbq');
    expect(activity.mean.toFixed(2)).toBe('1.92');
    expect(activity.sd.toFixed(2)).toBe('0.91');
    const diagnosis = await summary('monthsFromDiagnosisToIndex');
    expect(Math.round(diagnosis.mean)).toBe(27);
    expect([Math.round(diagnosis.min), Math.round(diagnosis.max)]).toEqual([1, 216]);
    const followUp = await summary('followUpMonths');
    expect([followUp.median, followUp.q1, followUp.q3].map((x: number) => x.toFixed(1))).toEqual(['15.0', '7.0', '31.0']);
  });
});

describe('Table 6, exactly', () => {
  const expected: [string, number, number][] = [['ascites', 1, 5], ['cirrhosisLikeMorphology', 1, 6], ['splenomegaly', 3, 6], ['varices', 0, 2]];
  it.each(expected)('imaging.%s at 1 year: unilobar %i, bilobar %i of 23 / 29', async (finding, unilobar, bilobar) => {
    const result = await server.gql('query($where: PatientFilter, $columns: CovariateInput!) { cohort(where: $where) { crossTab(rows: { variable: "treatmentDistribution" }, columns: $columns) { rowKeys columnKeys counts } } }',
      { where: FOLLOWED_A_YEAR, columns: { variable: `imaging.${finding}.YEAR_1` } });
    expect(result.errors).toBeUndefined();
    const table = result.data!.cohort.crossTab;
    expect(table.rowKeys).toEqual(['treatmentDistribution = UNILOBAR', 'treatmentDistribution = BILOBAR']);
    expect(table.columnKeys).toEqual([`imaging.${finding}.YEAR_1 = false`, `imaging.${finding}.YEAR_1 = true`]);
    expect(table.counts).toEqual([[23 - unilobar, unilobar], [29 - bilobar, bilobar]]);
  });

  it('has RECIST at 1 year PR 13, SD 35, PD 4', async () => {
    const counts = (await levelCounts(['imaging.recist.YEAR_1'], FOLLOWED_A_YEAR))['imaging.recist.YEAR_1'];
    expect(counts).toEqual({ CR: 0, PR: 13, SD: 35, PD: 4 });
  });
});

describe('statistical calibration', () => {
  it('has a median overall survival within 28.0 ± 3 months', async () => {
    const result = await server.gql('{ cohort { survival { median { estimate } } } }');
    const median = result.data!.cohort.survival.median.estimate;
    expect(median).toBeGreaterThanOrEqual(25);
    expect(median).toBeLessThanOrEqual(31);
  });

  it.each(['ascitesAtBaseline', 'extrahepaticMetastases'])('%s shortens survival: HR > 1 and log-rank P < .05', async (variable) => {
    const result = await server.gql('query($by: CovariateInput!) { cohort { compareSurvival(by: $by) { logRank { p } } coxRegression(covariates: [$by]) { terms { hazardRatio p } } } }', { by: { variable } });
    expect(result.errors).toBeUndefined();
    expect(result.data!.cohort.compareSurvival.logRank.p).toBeLessThan(0.05);
    expect(result.data!.cohort.coxRegression.terms[0].hazardRatio).toBeGreaterThan(1);
    expect(result.data!.cohort.coxRegression.terms[0].p).toBeLessThan(0.05);
  });
});
