/**
 * Compiled execution (src/graphql/compiled-execution.ts, graphql-jit) answers as graphql-js's
 * execute does: the same data and the same errors (message, locations, path, extensions and the
 * error thrown underneath, which formatError maps to extensions.code), for the page of the load
 * benchmark, resolver refusals (BAD_USER_INPUT, FORBIDDEN with null propagating to the root),
 * variables that do not coerce, recursive filter inputs (literal and variable), custom scalars,
 * fragments, directives, aliases and introspection. Each operation runs on the executor that
 * the server uses and on graphql-js, over the same schema, database and principal.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as GraphQL from 'graphql';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { createContext } from '../../src/context.js';
import { OPEN_PRINCIPAL, type Principal } from '../../src/access/principal.js';
import { createSchema } from '../../src/graphql/schema.js';
import { compiledExecutionGateway } from '../../src/graphql/compiled-execution.js';
import { PAGE_QUERY, cursorAfter } from '../../bench/bench-queries.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// The graphql-js the schema's classes come from (see compiled-execution.ts).
const { execute, parse } = createRequire(import.meta.url)('graphql') as typeof GraphQL;

const CONSORTIUM_ANALYST: Principal = { role: 'CONSORTIUM_ANALYST', keyId: null, siteId: null, siteCode: null };

let server: TestServer;
let schema: GraphQLSchema;
let compiled: (principal: Principal, query: string, variables?: Record<string, unknown>) => Promise<ExecutionResult>;

beforeAll(async () => {
  server = await startTestServer();
  schema = createSchema();
  const gateway = compiledExecutionGateway(schema);
  const { executor } = await gateway.load({ apollo: {} });
  compiled = async (principal, query, variables) => {
    const document = parse(query);
    const context = await createContext(server.db, server.config, principal, server.app.analyses);
    const requestContext = { document, source: query, operationName: null, request: { query, variables }, context };
    return executor!(requestContext as unknown as Parameters<NonNullable<typeof executor>>[0]);
  };
});
afterAll(async () => { await server.close(); });

async function interpreted(principal: Principal, query: string, variables?: Record<string, unknown>): Promise<ExecutionResult> {
  const contextValue = await createContext(server.db, server.config, principal, server.app.analyses);
  return execute({ schema, document: parse(query), contextValue, variableValues: variables });
}

/** What a response carries, errors with the error underneath each (its class and message). */
function comparable(result: ExecutionResult) {
  return JSON.parse(JSON.stringify({
    data: result.data,
    errors: result.errors?.map((error) => ({
      message: error.message,
      locations: error.locations,
      path: error.path,
      extensions: error.extensions,
      original: error.originalError === undefined ? null : `${error.originalError.name}: ${error.originalError.message}`,
    })),
  }));
}

async function expectSameAnswer(principal: Principal, query: string, variables?: Record<string, unknown>) {
  const fromCompiled = comparable(await compiled(principal, query, variables));
  expect(fromCompiled).toEqual(comparable(await interpreted(principal, query, variables)));
  return fromCompiled;
}

describe('compiled execution answers as graphql-js', () => {
  it('the load benchmark page: patients with treatments and labs, dates and enums', async () => {
    const answer = await expectSameAnswer(OPEN_PRINCIPAL, PAGE_QUERY, { after: cursorAfter(10) });
    expect(answer.data.patients.nodes.length).toBeGreaterThan(0);
    expect(answer.data.patients.nodes[0].labs.length).toBeGreaterThan(0);
  });

  it('resolver refusals: bad cursors and page sizes (BAD_USER_INPUT)', async () => {
    const answer = await expectSameAnswer(OPEN_PRINCIPAL, '{ patients(first: 2, after: "nonsense") { totalCount } }');
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors[0].original).toMatch(/^ApiError/);
    await expectSameAnswer(OPEN_PRINCIPAL, '{ sites { code } patients(first: 100000) { nodes { id } } }');
    await expectSameAnswer(OPEN_PRINCIPAL, '{ cohort(where: { variable: "nope", eq: "1" }) { size } }');
  });

  it('a refused non-null root field nulls the whole response (FORBIDDEN)', async () => {
    const answer = await expectSameAnswer(CONSORTIUM_ANALYST, '{ sites { code } patients(first: 1) { totalCount } }');
    expect(answer.data).toBeNull();
    expect(answer.errors[0].path).toEqual(['patients']);
  });

  it('a refused nullable field is null beside its siblings', async () => {
    const answer = await expectSameAnswer(CONSORTIUM_ANALYST, '{ me { role } patient(id: "1") { id } }');
    expect(answer.data).not.toBeNull();
    expect(answer.errors).toHaveLength(1);
  });

  it('variables that do not coerce, and recursive filters as variables and as literals', async () => {
    const bad = await expectSameAnswer(OPEN_PRINCIPAL, 'query($first: Int) { patients(first: $first) { totalCount } }', { first: 'many' });
    expect(bad.data).toBeUndefined();
    const where = { and: [{ variable: 'sex', eq: 'MALE' }, { not: { variable: 'ecog', gte: 2 } }] };
    const asVariable = await expectSameAnswer(OPEN_PRINCIPAL, 'query($where: PatientFilter) { cohort(where: $where) { size } }', { where });
    const asLiteral = await expectSameAnswer(OPEN_PRINCIPAL, '{ cohort(where: { and: [{ variable: "sex", eq: "MALE" }, { not: { variable: "ecog", gte: 2 } }] }) { size } }');
    expect(asLiteral.data).toEqual(asVariable.data);
  });

  it('fragments, aliases, directives, __typename and introspection', async () => {
    await expectSameAnswer(OPEN_PRINCIPAL, `query($withLabs: Boolean!) {
      first: patients(first: 3) { ...Page }
      second: patients(first: 2, after: "${cursorAfter(3)}") { ...Page }
      __typename
    }
    fragment Page on PatientConnection { __typename pageInfo { hasNextPage endCursor }
      nodes { id indexDate followUpMonths treatmentCount labs @include(if: $withLabs) { analyte grade(version: V4_03) timepoint } site @skip(if: $withLabs) { code } } }`, { withLabs: true });
    await expectSameAnswer(OPEN_PRINCIPAL, '{ __schema { queryType { name } } __type(name: "Patient") { fields { name } } }');
  });
});
