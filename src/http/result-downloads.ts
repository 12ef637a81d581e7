/**
 * Analysis results as tables to download: `GET /export/results/<result>.csv` or `.json`, for
 *   survival-curve             survival { curve }: time, nRisk, nEvent, nCensor, survival, stdErr, lower, upper
 *   survival-at-risk           survival(options: { times }) { atTimes }: the same at the times asked
 *   compareSurvival-curves     compareSurvival(by) { groups { curve } }: one row per group and time
 *   compareSurvival-at-risk    compareSurvival(by, options: { times }) { groups { atTimes } }
 *   coxRegression-terms        coxRegression(covariates) { terms }: key, label, coef, HR and CI, se, z, p
 *   characteristics            characteristics(variables): Table 1, one row per level (categorical) or variable
 * Groups and terms carry their `key` and their `label` (docs/api-contract.md, "Labels").
 *
 * The parameters are the GraphQL arguments, JSON-encoded as for /plots (`where`, `by`, `options`,
 * `covariates`, `variables`). The request runs the equivalent GraphQL operation through Apollo with
 * the request's context, so validation, limits, disclosure control and errors are those of
 * /graphql (errors as `{ errors: [...] }` with `extensions.code`, statuses as /plots).
 * CSV is encoded as the exports are (csv-encoder.ts); JSON is an array of row objects.
 */
import { Readable } from 'node:stream';
import type { ApolloServer } from '@apollo/server';
import type express from 'express';
import type { Context } from '../context.js';
import { encodeCsv } from '../interchange/export/csv-encoder.js';
import type { ColumnType, ExportTable, ExportValue } from '../interchange/export/export-table.js';
import { encodeJson } from '../interchange/export/json-encoder.js';
import { authenticatedContext, sendErrors } from './route-errors.js';

export interface ResultRouteDependencies {
  apollo: ApolloServer<Context>;
  context: (request: express.Request) => Promise<Context>;
}

type Row = Record<string, ExportValue>;

interface ResultTable {
  /** The operation's variables and their GraphQL types. */
  parameters: Readonly<Record<string, string>>;
  query: string;
  columns: readonly [name: string, type: ColumnType][];
  rows(cohort: Record<string, unknown>): Row[];
}

const POINT = 'time nRisk nEvent nCensor survival stdErr lower upper';
const POINT_COLUMNS: readonly [string, ColumnType][] = [
  ['time', 'number'], ['nRisk', 'integer'], ['nEvent', 'integer'], ['nCensor', 'integer'], ['survival', 'number'], ['stdErr', 'number'], ['lower', 'number'], ['upper', 'number'],
];
const GROUP_COLUMNS: readonly [string, ColumnType][] = [['groupKey', 'text'], ['groupLabel', 'text']];

interface Group { key: string; label: string; estimate: Record<string, Row[]> }

const groupRows = (points: 'curve' | 'atTimes') => (cohort: Record<string, unknown>) =>
  (cohort['compareSurvival'] as { groups: Group[] }).groups.flatMap((group) => group.estimate[points]!.map((point) => ({ groupKey: group.key, groupLabel: group.label, ...point })));

interface Characteristic { variable: string; label: string; unit: string | null; n: number | null; missing: number | null; levels: { level: string; label: string; count: number | null; percent: number | null }[]; summary: Row | null }

const RESULT_TABLES: Readonly<Record<string, ResultTable>> = {
  'survival-curve': {
    parameters: { where: 'PatientFilter', options: 'SurvivalOptions' },
    query: `cohort(where: $where) { survival(options: $options) { curve { ${POINT} } } }`,
    columns: POINT_COLUMNS,
    rows: (cohort) => (cohort['survival'] as { curve: Row[] }).curve,
  },
  'survival-at-risk': {
    parameters: { where: 'PatientFilter', options: 'SurvivalOptions' },
    query: `cohort(where: $where) { survival(options: $options) { atTimes { ${POINT} } } }`,
    columns: POINT_COLUMNS,
    rows: (cohort) => (cohort['survival'] as { atTimes: Row[] }).atTimes,
  },
  'compareSurvival-curves': {
    parameters: { where: 'PatientFilter', by: 'CovariateInput!', options: 'SurvivalOptions' },
    query: `cohort(where: $where) { compareSurvival(by: $by, options: $options) { groups { key label estimate { curve { ${POINT} } } } } }`,
    columns: [...GROUP_COLUMNS, ...POINT_COLUMNS],
    rows: groupRows('curve'),
  },
  'compareSurvival-at-risk': {
    parameters: { where: 'PatientFilter', by: 'CovariateInput!', options: 'SurvivalOptions' },
    query: `cohort(where: $where) { compareSurvival(by: $by, options: $options) { groups { key label estimate { atTimes { ${POINT} } } } } }`,
    columns: [...GROUP_COLUMNS, ...POINT_COLUMNS],
    rows: groupRows('atTimes'),
  },
  'coxRegression-terms': {
    parameters: { where: 'PatientFilter', covariates: '[CovariateInput!]!', interactions: '[[String!]!]' },
    query: 'cohort(where: $where) { coxRegression(covariates: $covariates, interactions: $interactions) { terms { key label coef hazardRatio lower upper se z p } } }',
    columns: [['key', 'text'], ['label', 'text'], ['coef', 'number'], ['hazardRatio', 'number'], ['lower', 'number'], ['upper', 'number'], ['se', 'number'], ['z', 'number'], ['p', 'number']],
    rows: (cohort) => (cohort['coxRegression'] as { terms: Row[] }).terms,
  },
  characteristics: {
    parameters: { where: 'PatientFilter', variables: '[String!]' },
    query: 'cohort(where: $where) { characteristics(variables: $variables) { variable label unit n missing levels { level label count percent } summary { mean sd median q1 q3 } } }',
    columns: [
      ['variable', 'text'], ['label', 'text'], ['unit', 'text'], ['n', 'integer'], ['missing', 'integer'], ['level', 'text'], ['levelLabel', 'text'],
      ['count', 'integer'], ['percent', 'number'], ['mean', 'number'], ['sd', 'number'], ['median', 'number'], ['q1', 'number'], ['q3', 'number'],
    ],
    rows: (cohort) => (cohort['characteristics'] as Characteristic[]).flatMap((row) => {
      const base = { variable: row.variable, label: row.label, unit: row.unit, n: row.n, missing: row.missing };
      if (row.summary !== null) return [{ ...base, ...row.summary }];
      return row.levels.map((level) => ({ ...base, level: level.level, levelLabel: level.label, count: level.count, percent: level.percent }));
    }),
  },
};

function tableOf(result: ResultTable, name: string, rows: Row[]): ExportTable<Row> {
  return { name, columns: result.columns.map(([column, type]) => ({ name: column, type, value: (row: Row) => row[column] ?? null })), batches: (async function* batches() { yield rows; })() };
}

export function mountResultRoutes(app: express.Express, dependencies: ResultRouteDependencies): void {
  const names = Object.keys(RESULT_TABLES);
  app.get('/export/results/:file', async (request, response) => {
    const match = /^([\w-]+)\.(csv|json)$/.exec(request.params.file);
    const result = match === null ? undefined : RESULT_TABLES[match[1]!];
    if (match === null || result === undefined) {
      sendErrors(response, [{ message: `No result at ${request.path}: use /export/results/<result>.csv or .json with <result> one of ${names.join(', ')}.`, extensions: { code: 'NOT_FOUND' } }]);
      return;
    }
    const contextValue = await authenticatedContext(dependencies.context, request, response);
    if (contextValue === undefined) return;
    const variables: Record<string, unknown> = {};
    for (const [name, raw] of Object.entries(request.query)) {
      const known = name in result.parameters;
      let value: unknown;
      try {
        value = typeof raw === 'string' ? JSON.parse(raw) : undefined;
      } catch {
        value = undefined;
      }
      if (!known || value === undefined) {
        const problem = known ? `The parameter \`${name}\` is not valid JSON (expected ${result.parameters[name]}).` : `Unknown parameter \`${name}\`; /export/results/${match[1]} takes ${Object.keys(result.parameters).join(', ')}.`;
        sendErrors(response, [{ message: problem, extensions: { code: 'BAD_USER_INPUT' } }]);
        return;
      }
      variables[name] = value;
    }
    const declarations = Object.entries(result.parameters).map(([name, type]) => `$${name}: ${type}`).join(', ');
    const executed = await dependencies.apollo.executeOperation({ query: `query Result(${declarations}) { ${result.query} }`, variables }, { contextValue });
    if (executed.body.kind !== 'single') throw new Error('a result query answered incrementally');
    const { data, errors } = executed.body.singleResult;
    if (errors !== undefined && errors.length > 0) {
      sendErrors(response, errors);
      return;
    }
    const table = tableOf(result, match[1]!, result.rows((data as { cohort: Record<string, unknown> }).cohort));
    const format = match[2] as 'csv' | 'json';
    response.status(200).type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename="${request.params.file}"`);
    response.setHeader('cache-control', 'no-store');
    Readable.from(format === 'csv' ? encodeCsv(table) : encodeJson(table)).pipe(response);
  });
}
