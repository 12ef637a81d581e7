/**
 * The patients connection as front ends expect it (Relay's cursor connections), over GraphQL on
 * the demo cohort: `edges { cursor node }` beside `nodes`, paging forwards with first/after and
 * backwards with last/before over the same order, pageInfo's four fields, and the refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String) {
  patients(where: { variable: "sex", eq: "FEMALE" }, first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { id } edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

interface Page {
  totalCount: number;
  nodes: { id: string }[];
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  const result = await server.gql(PAGE, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.patients;
}

describe('the patients connection', () => {
  it('pages forwards and backwards over the same id order, edges beside nodes', async () => {
    const all = await page({ first: 500 });
    const ids = all.nodes.map((node) => node.id);
    expect(ids.length).toBe(all.totalCount);
    expect(all.edges.map((edge) => edge.node.id)).toEqual(ids);

    const first = await page({ first: 5 });
    expect(first.nodes.map((node) => node.id)).toEqual(ids.slice(0, 5));
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0]!.cursor, endCursor: first.edges[4]!.cursor });
    const second = await page({ first: 5, after: first.pageInfo.endCursor });
    expect(second.nodes.map((node) => node.id)).toEqual(ids.slice(5, 10));
    expect(second.pageInfo.hasPreviousPage).toBe(true);

    const last = await page({ last: 5 });
    expect(last.nodes.map((node) => node.id)).toEqual(ids.slice(-5));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await page({ last: 5, before: last.pageInfo.startCursor });
    expect(before.nodes.map((node) => node.id)).toEqual(ids.slice(-10, -5));
    expect(before.pageInfo.hasNextPage).toBe(true);
    const back = await page({ last: 3, before: second.edges[1]!.cursor });
    expect(back.nodes.map((node) => node.id)).toEqual(ids.slice(3, 6));
  });

  it('refuses first with last, and a cursor of another list', async () => {
    const both = await server.gql(PAGE, { first: 2, last: 2 });
    expect(both.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(both.errors![0]!.message).toMatch(/`first` or `last`, not both/);
    const badLast = await server.gql(PAGE, { last: 0 });
    expect(badLast.errors![0]!.message).toMatch(/^`last` must be an integer/);
    const bad = await server.gql(PAGE, { last: 2, before: 'bm9wZQ' });
    expect(bad.errors![0]!.extensions!['argument']).toBe('before');
    expect(bad.errors![0]!.message).toMatch(/is not a cursor of this list/);
  });
});
