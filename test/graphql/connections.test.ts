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

const ORDERED = `query($orderBy: PatientOrder, $first: Int, $after: String, $last: Int, $before: String) {
  patients(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { id ageAtIndex followUpMonths externalId } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`;

interface OrderedPage {
  totalCount: number;
  edges: { cursor: string; node: { id: string; ageAtIndex: number; followUpMonths: number; externalId: string } }[];
  pageInfo: Page['pageInfo'];
}

async function orderedPage(variables: Record<string, unknown>): Promise<OrderedPage> {
  const result = await server.gql(ORDERED, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.patients;
}

/** Every page of the list, forwards with first/after or backwards with last/before, joined. */
async function walk(orderBy: unknown, size: number, backwards: boolean): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const current: OrderedPage = await orderedPage(backwards ? { orderBy, last: size, before: cursor } : { orderBy, first: size, after: cursor });
    const pageIds = current.edges.map((edge) => edge.node.id);
    if (backwards) ids.unshift(...pageIds); else ids.push(...pageIds);
    const more = backwards ? current.pageInfo.hasPreviousPage : current.pageInfo.hasNextPage;
    if (!more) return ids;
    cursor = backwards ? current.pageInfo.startCursor : current.pageInfo.endCursor;
  }
}

describe('orderBy on the patients connection', () => {
  it('sorts by age, descending, ties by id, and pages forwards and backwards through the same order', async () => {
    const all = await orderedPage({ orderBy: { field: 'AGE_AT_INDEX', direction: 'DESC' }, first: 500 });
    const nodes = all.edges.map((edge) => edge.node);
    expect(nodes.length).toBe(all.totalCount);
    const expected = [...nodes].sort((a, b) => b.ageAtIndex - a.ageAtIndex || Number(b.id) - Number(a.id)).map((node) => node.id);
    expect(nodes.map((node) => node.id)).toEqual(expected);
    expect(new Set(nodes.map((node) => node.id)).size).toBe(nodes.length);
    expect(await walk({ field: 'AGE_AT_INDEX', direction: 'DESC' }, 7, false)).toEqual(expected);
    expect(await walk({ field: 'AGE_AT_INDEX', direction: 'DESC' }, 7, true)).toEqual(expected);
  });

  it('sorts by follow-up ascending (many ties in whole months) without overlap or gaps across pages', async () => {
    const orderBy = { field: 'FOLLOW_UP_MONTHS' };
    const all = (await orderedPage({ orderBy, first: 500 })).edges.map((edge) => edge.node);
    const months = all.map((node) => node.followUpMonths);
    expect(months).toEqual([...months].sort((a, b) => a - b));
    expect(await walk(orderBy, 4, false)).toEqual(all.map((node) => node.id));
    expect(await walk(orderBy, 4, true)).toEqual(all.map((node) => node.id));
    const externalIds = (await orderedPage({ orderBy: { field: 'EXTERNAL_ID' }, first: 500 })).edges.map((edge) => edge.node.externalId);
    expect(externalIds).toEqual([...externalIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const byIdDescending = await walk({ field: 'ID', direction: 'DESC' }, 10, false);
    expect(byIdDescending).toEqual(byIdDescending.map(Number).sort((a, b) => b - a).map(String));
  });

  it('orders a cohort\'s patients too', async () => {
    const result = await server.gql(`{ cohort(where: { variable: "sex", eq: "MALE" }) { patients(first: 200, orderBy: { field: AGE_AT_INDEX }) { nodes { ageAtIndex } } } }`);
    expect(result.errors).toBeUndefined();
    const ages = (result.data!.cohort.patients.nodes as { ageAtIndex: number }[]).map((node) => node.ageAtIndex);
    expect(ages.length).toBeGreaterThan(10);
    expect(ages).toEqual([...ages].sort((a, b) => a - b));
  });

  it('refuses a cursor received in another order, naming the order to pass', async () => {
    const byAge = await orderedPage({ orderBy: { field: 'AGE_AT_INDEX' }, first: 3 });
    const other = await server.gql(ORDERED, { orderBy: { field: 'AGE_AT_INDEX', direction: 'DESC' }, first: 3, after: byAge.pageInfo.endCursor });
    expect(other.errors![0]!.extensions!['code']).toBe('BAD_USER_INPUT');
    expect(other.errors![0]!.message).toMatch(/in AGE_AT_INDEX_ASC order, not AGE_AT_INDEX_DESC/);
    const byId = await orderedPage({ first: 3 });
    const mixed = await server.gql(ORDERED, { orderBy: { field: 'INDEX_DATE' }, first: 3, after: byId.pageInfo.endCursor });
    expect(mixed.errors![0]!.message).toMatch(/is not a cursor of this list/);
    const unknown = await server.gql(ORDERED, { orderBy: { field: 'BIRTH_DATE' }, first: 3 });
    expect(unknown.errors![0]!.message).toMatch(/BIRTH_DATE/);
  });
});
