/**
 * The one reader of process.env. Everything configurable is parsed and validated here, once,
 * and handed down; no other module looks at the environment.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

export const EMBEDDED_DATABASE_URL = 'file:data/demo.sqlite';

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).optional(),
  AUTH_MODE: z.enum(['open', 'keys']).optional(),
  NODE_ENV: z.string().default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  DISCLOSURE_THRESHOLD: z.coerce.number().int().min(1).max(1_000).default(5),
  DISCLOSURE_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  // One month (days / 30.4375), so that curves in months step at whole months.
  DISCLOSURE_SURVIVAL_GRID_DAYS: z.coerce.number().min(1).max(366).default(30.4375),
  ANALYSIS_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  // One core stays with the main thread, which serves every light query (docs/scaling.md).
  ANALYSIS_WORKERS: z.coerce.number().int().min(1).max(64).default(Math.max(1, availableParallelism() - 1)),
  ANALYSIS_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(1_000),
  ANALYSIS_CACHE_MB: z.coerce.number().min(0).max(65_536).default(256),
  AUDIT_QUEUE_MAX: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  AUDIT_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(1_000).default(10),
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(10),
  AUTH_FAILURE_WINDOW_S: z.coerce.number().int().min(1).max(86_400).default(300),
  AUTH_LOCKOUT_S: z.coerce.number().int().min(1).max(86_400).default(900),
  TRUST_PROXY: z.string().min(1).optional(),
  INTROSPECTION: z.enum(['on', 'off']).optional(),
  FEDERATION_CONFIG: z.string().min(1).optional(),
  FEDERATION_TIMEOUT_MS: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  FEDERATION_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
});

/** FEDERATION_CONFIG's file (docs/federation.md): the sites a coordinator asks, each with its peer key. */
const federationFileSchema = z.object({
  sites: z.array(z.object({
    code: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a site code: 1 to 32 letters, digits, _ or -'),
    url: z.string().url().refine((url) => /^https?:\/\//.test(url), 'an http(s) URL of the site\'s /graphql'),
    key: z.string().min(1),
  }).strict()).min(1),
}).strict().refine((file) => new Set(file.sites.map((site) => site.code)).size === file.sites.length, 'site codes must be distinct');

export interface FederationSiteConfig {
  code: string;
  url: string;
  /** The site's FEDERATION_PEER key. */
  key: string;
}

export interface FederationConfig {
  sites: FederationSiteConfig[];
  /** How long one call to a site may take before the site counts as DOWN for it. */
  timeoutMs: number;
  /** Further attempts after a transient failure (connection refused or reset, HTTP 502-504, DATABASE_BUSY). */
  retries: number;
}

function readFederationConfig(path: string, timeoutMs: number, retries: number): FederationConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`FEDERATION_CONFIG: cannot read ${path} (${(error as Error).message}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`FEDERATION_CONFIG: ${path} is not JSON (${(error as Error).message}).`);
  }
  const parsed = federationFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(`FEDERATION_CONFIG: ${path}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ')}`);
  }
  return { sites: parsed.data.sites, timeoutMs, retries };
}

export interface Config {
  port: number;
  host: string;
  /** `file:path.sqlite`, a plain path, or `:memory:`. */
  databaseUrl: string;
  /** True when no DATABASE_URL was given: the embedded demo file, created and seeded on first start. */
  embeddedDemo: boolean;
  authMode: 'open' | 'keys';
  /** Stack traces appear in GraphQL errors only in development. */
  development: boolean;
  logLevel: z.infer<typeof environmentSchema>['LOG_LEVEL'];
  maxPageSize: number;
  /** k: aggregates over fewer than k patients are withheld from principals who may not see the rows (docs/disclosure-control.md). */
  disclosureThreshold: number;
  /** The cell-key perturbation secret (docs/disclosure.md); null: the one generated and stored in the database. */
  disclosureSecret: string | null;
  /** Survival times are rounded up to a multiple of this many days in aggregate-tier curves and models. */
  disclosureSurvivalGridDays: number;
  /** An analysis still queued or running after this long answers ANALYSIS_TIMEOUT (and its worker is stopped). */
  analysisTimeoutMs: number;
  /** Worker threads running analyses over a database file (src/analyses/execution/). */
  analysisWorkers: number;
  /** Analysis results kept in memory (0: no cache); bounded by entries and by approximate bytes. */
  analysisCacheEntries: number;
  analysisCacheBytes: number;
  /** Audit rows kept in memory while the database is locked; beyond this they are dropped and counted (src/access/audit-queue.ts). */
  auditQueueMax: number;
  /** How long one audit flush waits for a lock, on the event loop, before it is retried later (keep it short). */
  auditBusyTimeoutMs: number;
  /** Lockout after repeated failed key checks, per key prefix and per client address (src/access/failure-limiter.ts). */
  authFailureLimits: { limit: number; windowMs: number; lockoutMs: number };
  /** Express's `trust proxy` (e.g. `loopback`, `1`): whose X-Forwarded-For names the client address; unset: the socket's peer. */
  trustProxy: string | number | false;
  /** GraphQL introspection: on in development and for the open demo, off in production with keys unless INTROSPECTION=on. */
  introspection: boolean;
  /** FEDERATION_CONFIG: the sites this server coordinates (`federation` in GraphQL); null when it coordinates none. */
  federation: FederationConfig | null;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new ConfigError(`Invalid environment: ${problems}`);
  }
  const e = parsed.data;
  const embeddedDemo = e.DATABASE_URL === undefined;
  const authMode = e.AUTH_MODE ?? (embeddedDemo ? 'open' : 'keys');
  const development = e.NODE_ENV === 'development';
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? EMBEDDED_DATABASE_URL,
    embeddedDemo,
    // The embedded demo holds synthetic data only, so it is open by default; any other database needs keys.
    authMode,
    development,
    logLevel: e.LOG_LEVEL,
    maxPageSize: e.MAX_PAGE_SIZE,
    disclosureThreshold: e.DISCLOSURE_THRESHOLD,
    disclosureSecret: e.DISCLOSURE_SECRET ?? null,
    disclosureSurvivalGridDays: e.DISCLOSURE_SURVIVAL_GRID_DAYS,
    analysisTimeoutMs: e.ANALYSIS_TIMEOUT_MS,
    analysisWorkers: e.ANALYSIS_WORKERS,
    analysisCacheEntries: e.ANALYSIS_CACHE_ENTRIES,
    analysisCacheBytes: Math.round(e.ANALYSIS_CACHE_MB * 2 ** 20),
    auditQueueMax: e.AUDIT_QUEUE_MAX,
    auditBusyTimeoutMs: e.AUDIT_BUSY_TIMEOUT_MS,
    authFailureLimits: { limit: e.AUTH_FAILURE_LIMIT, windowMs: e.AUTH_FAILURE_WINDOW_S * 1000, lockoutMs: e.AUTH_LOCKOUT_S * 1000 },
    trustProxy: e.TRUST_PROXY === undefined ? false : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY,
    // The schema is no secret from a key holder, but a production server need not hand its map to
    // whoever holds any key; the open demo serves synthetic data and GraphiQL needs the schema.
    introspection: e.INTROSPECTION === undefined ? development || authMode === 'open' : e.INTROSPECTION === 'on',
    federation: e.FEDERATION_CONFIG === undefined ? null : readFederationConfig(e.FEDERATION_CONFIG, e.FEDERATION_TIMEOUT_MS, e.FEDERATION_RETRIES),
  };
}
