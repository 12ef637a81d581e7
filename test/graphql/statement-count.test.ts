/**
 * No N+1: a page of patients with their site, prior therapies, treatments, labs, imaging and
 * follow-up therapies takes the same, small number of SQL statements whatever the page size,
 * because every per-parent lookup goes through a per-request DataLoader.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const PAGE_QUERY = `query($first: Int) { patients(first: $first) {
  totalCount
  nodes {
    id externalId site { code name patientCount } priorTherapies
    treatments { date target activityGbq } treatmentDistribution totalActivityGbq
    labs { analyte value dayFromIndex } imaging { date ascites recist } followUpTherapies { agent }
  }
} }`;

async function statementsFor(first: number): Promise<{ count: number; patients: number }> {
  server.resetStatements();
  const result = await server.gql(PAGE_QUERY, { first });
  expect(result.errors).toBeUndefined();
  return { count: server.statements.length, patients: result.data!.patients.nodes.length };
}

it('takes a constant number of statements for 5, 20 and all 93 patients', async () => {
  const small = await statementsFor(5);
  const medium = await statementsFor(20);
  const all = await statementsFor(93);
  expect(all.patients).toBe(93);
  expect(small.count).toBe(all.count);
  expect(medium.count).toBe(all.count);
  // site codes (filter context), page, count, then one batch each: sites, site counts, prior therapies,
  // treatments, labs, imaging, follow-up therapies; and the request's audit-log row.
  expect(all.count).toBeLessThanOrEqual(11);
});
