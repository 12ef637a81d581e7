/**
 * Labels a person reads, through GraphQL over HTTP on the demo cohort: the data dictionary's level
 * labels and order, Table 1's level labels, Kaplan–Meier and trajectory group labels, cross-tab
 * labels and Cox term labels with their reference level named. None shows a raw token (`=`, an
 * enum spelling such as UNDER_25, true/false, a variable name); each keeps its raw `key` for code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawToken } from '../helpers/readable-labels.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

function expectReadable(labels: readonly string[]): void {
  expect(labels.length).toBeGreaterThan(0);
  expect(labels.map(rawToken).filter((problem) => problem !== null)).toEqual([]);
}

async function cohort(fields: string, variables: Record<string, unknown> = {}, types = '') {
  const result = await server.gql(`query${types ? `(${types})` : ''} { cohort { ${fields} } }`, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.cohort;
}

describe('the data dictionary', () => {
  it('labels every level of every variable and gives its order; the key is the API spelling', async () => {
    const result = await server.gql('{ variables { name label kind levels labeledLevels { key label order } } }');
    expect(result.errors).toBeUndefined();
    const variables = result.data!.variables as { name: string; label: string; kind: string; levels: string[] | null; labeledLevels: { key: string; label: string; order: number }[] }[];
    expectReadable(variables.map((variable) => variable.label));
    expectReadable(variables.flatMap((variable) => variable.labeledLevels.map((level) => level.label)));
    for (const variable of variables) {
      const keys = variable.kind === 'BOOLEAN' ? ['false', 'true'] : variable.levels ?? [];
      expect(variable.labeledLevels.map((level) => level.key), variable.name).toEqual(keys);
      expect(variable.labeledLevels.map((level) => level.order), variable.name).toEqual(keys.map((_, index) => index));
    }
    const byName = new Map(variables.map((variable) => [variable.name, variable]));
    expect(byName.get('tumorBurden')!.labeledLevels.map((level) => level.label)).toEqual(['< 25 %', '25–50 %', '> 50 %']);
    expect(byName.get('ascitesAtBaseline')!.labeledLevels.map((level) => level.label)).toEqual(['no', 'yes']);
    expect(byName.get('lab.ALBUMIN.YEAR_1')!.label).toBe('Albumin at 1 year');
  });
});

describe('analysis results', () => {
  it('Table 1 labels its levels', async () => {
    const { characteristics } = await cohort('characteristics { variable label levels { level label } }');
    expectReadable(characteristics.map((row: { label: string }) => row.label));
    expectReadable(characteristics.flatMap((row: { levels: { label: string }[] }) => row.levels.map((level) => level.label)));
    const sex = characteristics.find((row: { variable: string }) => row.variable === 'sex');
    expect(sex.levels).toEqual([{ level: 'MALE', label: 'male' }, { level: 'FEMALE', label: 'female' }]);
  });

  it.each([
    [{ variable: 'ascitesAtBaseline' }, ['Ascites at baseline: no', 'Ascites at baseline: yes'], ['ascitesAtBaseline = false', 'ascitesAtBaseline = true']],
    [{ variable: 'tumorBurden' }, ['Hepatic tumour burden: < 25 %', 'Hepatic tumour burden: 25–50 %', 'Hepatic tumour burden: > 50 %'], ['tumorBurden = UNDER_25', 'tumorBurden = FROM_25_TO_50', 'tumorBurden = OVER_50']],
    [{ variable: 'childPugh', levels: ['B', 'C'] }, ['Child-Pugh class: A', 'Child-Pugh class: B–C'], ['childPugh not in {B, C}', 'childPugh in {B, C}']],
    [{ variable: 'ageAtIndex', above: 60 }, ['Age at first TARE: ≤ 60 years', 'Age at first TARE: > 60 years'], ['ageAtIndex ≤ 60', 'ageAtIndex > 60']],
  ])('Kaplan–Meier groups of %j read as people name them, and keep their keys', async (by, labels, keys) => {
    const { compareSurvival } = await cohort('compareSurvival(by: $by) { groups { key label } logRank { groups groupLabels } }', { by }, '$by: CovariateInput!');
    expect(compareSurvival.groups.map((group: { label: string }) => group.label)).toEqual(labels);
    expect(compareSurvival.groups.map((group: { key: string }) => group.key)).toEqual(keys);
    expectReadable(compareSurvival.logRank.groupLabels);
  });

  it('names the reference level of every Cox term', async () => {
    const { coxRegression } = await cohort('coxRegression(covariates: $covariates) { terms { key label } }', {
      covariates: [{ variable: 'ascitesAtBaseline' }, { variable: 'tumorBurden' }, { variable: 'childPugh', levels: ['B', 'C'] }, { variable: 'ageAtIndex' }],
    }, '$covariates: [CovariateInput!]!');
    expect(coxRegression.terms).toEqual([
      { key: 'ascitesAtBaseline', label: 'Ascites at baseline (yes vs no)' },
      { key: 'tumorBurden=FROM_25_TO_50', label: 'Hepatic tumour burden (25–50 % vs < 25 %)' },
      { key: 'tumorBurden=OVER_50', label: 'Hepatic tumour burden (> 50 % vs < 25 %)' },
      { key: 'childPugh in {B, C}', label: 'Child-Pugh class (B–C vs A)' },
      { key: 'ageAtIndex', label: 'Age at first TARE (per year)' },
    ]);
    expectReadable(coxRegression.terms.map((term: { label: string }) => term.label));
  });

  it('labels cross-tab rows and columns and trajectory groups', async () => {
    const { crossTab, labTrajectory } = await cohort(
      'crossTab(rows: { variable: "treatmentDistribution" }, columns: { variable: "extrahepaticMetastases" }) { rowLabels columnLabels } labTrajectory(analyte: ALP, by: { variable: "sex" }) { groups { key label } }',
    );
    expectReadable([...crossTab.rowLabels, ...crossTab.columnLabels]);
    expect(crossTab.columnLabels).toEqual(['Extrahepatic metastases: no', 'Extrahepatic metastases: yes']);
    expect(labTrajectory.groups).toEqual([{ key: 'sex = MALE', label: 'Sex: male' }, { key: 'sex = FEMALE', label: 'Sex: female' }]);
  });
});
