/**
 * The setting of the attack tests: the real HTTP application with AUTH_MODE=keys over a seeded
 * multi-site registry, an administrator's key (to learn the truth the attack is after) and the
 * aggregate-only keys the attacker holds.
 */
import { createApiKey } from '../../../src/access/api-keys.js';
import type { DemoSeedOptions } from '../../../src/records/demo-database.js';
import { startTestServer, type GraphQLResponse, type TestServer } from '../../helpers/server.js';

const FIXED_SECRET = 'attack-tests-disclosure-secret-0123456789abcdef';

export type Role = 'ADMIN' | 'CONSORTIUM_ANALYST' | 'SITE_ANALYST';

export interface AttackServer {
  server: TestServer;
  ownSite: string;
  /** A GraphQL request with the role's key; fails the test on any GraphQL error unless `allowErrors`. */
  ask<Data = Record<string, any>>(role: Role, query: string, variables?: Record<string, unknown>, allowErrors?: boolean): Promise<GraphQLResponse<Data>>;
  close(): Promise<void>;
}

export async function startAttackServer(seed: DemoSeedOptions): Promise<AttackServer> {
  // A fixed secret makes the noise, and so each test's outcome, the same on every run.
  const server = await startTestServer({ seed, env: { AUTH_MODE: 'keys', DISCLOSURE_SECRET: FIXED_SECRET } });
  const keys: Record<string, string> = { ADMIN: (await createApiKey(server.db, { role: 'ADMIN' })).key };
  const sites = (await server.gql('{ sites { code } }', {}, { authorization: `Bearer ${keys['ADMIN']}` })).data!.sites.map((s: { code: string }) => s.code);
  const ownSite = sites[0] as string;
  keys['CONSORTIUM_ANALYST'] = (await createApiKey(server.db, { role: 'CONSORTIUM_ANALYST' })).key;
  keys['SITE_ANALYST'] = (await createApiKey(server.db, { role: 'SITE_ANALYST', siteCode: ownSite })).key;
  return {
    server,
    ownSite,
    async ask(role, query, variables = {}, allowErrors = false) {
      const result = await server.gql(query, variables, { authorization: `Bearer ${keys[role]}` });
      if (!allowErrors && result.errors !== undefined) throw new Error(`${role}: ${JSON.stringify(result.errors)}`);
      return result as GraphQLResponse<any>;
    },
    close: () => server.close(),
  };
}

/** The significant digits a number is written with (1 to 17): 0.021 has 2, 120 has 2, 0.5013 has 4. */
export function significantDigits(value: number): number {
  for (let digits = 1; digits <= 17; digits++) if (Number(value.toPrecision(digits)) === value) return digits;
  return 17;
}
