/** The read API through GraphQL over HTTP: sites, patients, pagination, filters, and errors. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const totalCount = async (where: unknown) => {
  const result = await server.gql<{ patients: { totalCount: number } }>('query($where: PatientFilter) { patients(where: $where) { totalCount } }', { where });
  expect(result.errors).toBeUndefined();
  return result.data!.patients.totalCount;
};

describe('sites and patients', () => {
  it('lists the demo site with its patient count', async () => {
    const result = await server.gql('{ sites { id code name patientCount } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.sites).toHaveLength(1);
    expect(result.data!.sites[0].patientCount).toBe(93);
  });

  it('pages through every patient with cursors, each exactly once', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: any = await server.gql('query($after: String) { patients(first: 20, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }', { after });
      expect(result.errors).toBeUndefined();
      const page = result.data.patients;
      expect(page.totalCount).toBe(93);
      for (const node of page.nodes) seen.add(node.id);
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(5);
    expect(seen.size).toBe(93);
  });

  it('looks a patient up by id, and answers null for an unknown id', async () => {
    const first = await server.gql('{ patients(first: 1) { nodes { id externalId indexDate site { code } } } }');
    const patient = first.data!.patients.nodes[0];
    const again = await server.gql('query($id: ID!) { patient(id: $id) { id externalId indexDate site { code } } }', { id: patient.id });
    expect(again.data!.patient).toEqual(patient);
    for (const id of ['999999', 'not-an-id', '-1']) {
      const missing = await server.gql('query($id: ID!) { patient(id: $id) { id } }', { id });
      expect(missing.errors).toBeUndefined();
      expect(missing.data!.patient).toBeNull();
    }
  });

  it('derives follow-up months, treatment count, total activity and distribution from the records', async () => {
    const result = await server.gql(`{ patients(first: 93) { nodes {
      indexDate lastFollowUpDate deathDate followUpMonths treatmentCount totalActivityGbq treatmentDistribution
      treatments { date target activityGbq } } } }`);
    expect(result.errors).toBeUndefined();
    for (const p of result.data!.patients.nodes) {
      const end = p.deathDate ?? p.lastFollowUpDate;
      const days = (Date.parse(end) - Date.parse(p.indexDate)) / 86_400_000;
      expect(p.followUpMonths).toBeCloseTo(days / 30.4375, 10);
      expect(p.treatmentCount).toBe(p.treatments.length);
      expect(p.totalActivityGbq).toBeCloseTo(p.treatments.reduce((s: number, t: any) => s + t.activityGbq, 0), 10);
      expect(p.treatments[0].date).toBe(p.indexDate);
      const targets = p.treatments.map((t: any) => t.target);
      expect(p.treatmentDistribution).toBe(targets.includes('RIGHT_LOBE') && targets.includes('LEFT_LOBE') ? 'BILOBAR' : 'UNILOBAR');
    }
  });
});

describe('PatientFilter', () => {
  it('filters on categorical, boolean, continuous and derived variables, and composes', async () => {
    expect(await totalCount({ variable: 'childPugh', in: ['B', 'C'] })).toBe(18);
    expect(await totalCount({ variable: 'ascitesAtBaseline', eq: 'true' })).toBe(16);
    expect(await totalCount({ not: { variable: 'ascitesAtBaseline', eq: 'true' } })).toBe(77);
    expect(await totalCount({ variable: 'followUpMonths', gte: 12 })).toBe(52);
    expect(await totalCount({ variable: 'treatmentDistribution', eq: 'BILOBAR' })).toBe(45);
    expect(await totalCount({ variable: 'ecog', gte: 1 })).toBe(46);
    expect(await totalCount({ variable: 'priorTherapy.RESECTION', eq: 'true' })).toBe(21);
    expect(await totalCount({ variable: 'anyPriorTherapy', eq: 'false' })).toBe(35);
    expect(await totalCount({ or: [{ variable: 'sex', eq: 'MALE' }, { variable: 'sex', eq: 'FEMALE' }] })).toBe(93);
    expect(await totalCount({ and: [{ variable: 'followUpMonths', gte: 12 }, { variable: 'treatmentDistribution', eq: 'UNILOBAR' }] })).toBe(23);
    expect(await totalCount({ variable: 'childPugh', isNull: true })).toBe(0);
    const sites = await server.gql('{ sites { code } }');
    expect(await totalCount({ site: [sites.data!.sites[0].code] })).toBe(93);
  });

  it('rejects a bad filter with BAD_USER_INPUT naming the argument and what is allowed', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ variable: 'nope', eq: '1' }, 'where.variable', /Unknown variable "nope"/],
      [{ variable: 'childPugh', eq: 'D' }, 'where.eq', /allowed: "A", "B", "C"/],
      [{ variable: 'sex', gt: 1 }, 'where.gt', /compares numbers/],
      [{ variable: 'ascitesAtBaseline', eq: 'yes' }, 'where.eq', /"true" or "false"/],
      [{ and: [{ variable: 'ageAtIndex', eq: 'old' }] }, 'where.and[0].eq', /not a number/],
      [{ eq: 'A' }, 'where.eq', /needs a `variable`/],
      [{ variable: 'sex' }, 'where', /needs a predicate/],
      [{ site: ['NOWHERE'] }, 'where.site[0]', /Unknown site code/],
      [{}, 'where', /empty filter/],
    ];
    for (const [where, argument, message] of cases) {
      const result = await server.gql('query($where: PatientFilter) { patients(where: $where) { totalCount } }', { where });
      expect(result.data).toBeNull();
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(result.errors![0]!.message).toMatch(message);
    }
  });
});

describe('errors', () => {
  it('validates page sizes and cursors', async () => {
    for (const first of [0, -1, 100_000]) {
      const result = await server.gql('query($first: Int) { patients(first: $first) { totalCount } }', { first });
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    }
    const result = await server.gql('{ patients(after: "garbage") { totalCount } }');
    expect(result.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('answers malformed and invalid queries with a code and keeps serving', async () => {
    const parse = await server.gql('{ patients( ');
    expect(parse.status).toBe(400);
    expect(parse.errors![0]!.extensions!['code']).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await server.gql('{ patients { nodes { noSuchField } } }');
    expect(invalid.errors![0]!.extensions!['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const badEnum = await server.gql('{ patients(first: 1) { nodes { labs(analyte: GLUCOSE) { value } } } }');
    expect(badEnum.errors![0]!.extensions!['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('rejects an over-deep query as QUERY_TOO_COMPLEX before running it', async () => {
    const deep = `{ cohort { patients { nodes { site { id } } } } savedCohorts { cohort { patients { nodes { site { id } } } } } ${'a: patients { nodes { id } } '.repeat(0)}}`;
    expect((await server.gql(deep)).errors).toBeUndefined();
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: sites { id }`).join(' ')} }`;
    const result = await server.gql(aliases);
    expect(result.errors![0]!.extensions!['code']).toBe('QUERY_TOO_COMPLEX');
  });

  it('never puts stack traces in responses outside development', async () => {
    const result = await server.gql('{ patients(first: 0) { totalCount } }');
    expect(JSON.stringify(result)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });
});
