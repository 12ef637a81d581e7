/**
 * `npx tsx bench/federation-bench.ts [--patients N]`: the federated Cox model against the central
 * one (issue 16, docs/federation.md "Measured"). A demo registry of N patients (default 100,000)
 * on 3 sites is seeded once (bench/.data/, git-ignored); each site's file is a copy holding only
 * its own patients (about 33,000 each). Five servers run as child processes on loopback
 * (src/main.ts through tsx, as bench/server-process.ts starts them; the result cache off): the
 * central server over every row, three site servers (AUTH_MODE=keys, each with a FEDERATION_PEER
 * key) and a coordinator (FEDERATION_CONFIG naming them). The same 3-covariate Efron model is
 * fitted `--runs` times (default 3) each, every run over a cohort of its own so that no cache serves it: centrally (coxRegression), federated stratified
 * by site (the default) and federated unstratified (risk-set sums); medians are compared (target:
 * federated within 3x of central) and the round trips counted, (iterations + 1) x sites.
 * Results: a table on stdout and bench/results/federation.json.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { openDatabase } from '../src/store/database.js';
import { migrateDatabase } from '../src/store/migrate.js';
import { createApiKey } from '../src/access/api-keys.js';
import { writeSeededRegistry } from '../test/scale/seeded-registry.js';
import { BENCH_DATA_FOLDER } from './registry-database.js';
import { startBenchServer, type BenchServer } from './server-process.js';

const BENCH_FOLDER = dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = join(BENCH_FOLDER, 'results', 'federation.json');
const TARGET_RATIO = 3;
const SITES = 3;

const { values } = parseArgs({ options: { patients: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' } } });
const patients = Number(values.patients);
const runs = Number(values.runs);

const COVARIATES = '[{ variable: "ageAtIndex" }, { variable: "ascitesAtBaseline" }, { variable: "extrahepaticMetastases" }]';
const MODEL_FIELDS = 'n events iterations converged warnings terms { name coef se }';

async function registryWithSites(): Promise<{ central: string; siteFiles: { code: string; file: string }[] }> {
  const label = patients % 1000 === 0 ? `${patients / 1000}k` : String(patients);
  const central = join(BENCH_DATA_FOLDER, `federation-${label}-central.sqlite`);
  if (!existsSync(central)) {
    const started = performance.now();
    await writeSeededRegistry(central, { patients, sites: SITES });
    console.log(`seeded ${patients} patients on ${SITES} sites in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const codes = (new Database(central, { readonly: true }).prepare('SELECT code FROM sites ORDER BY id').pluck().all()) as string[];
  const siteFiles = codes.map((code) => {
    const file = join(BENCH_DATA_FOLDER, `federation-${label}-site-${code}.sqlite`);
    if (!existsSync(file)) {
      copyFileSync(central, `${file}.partial`);
      const db = new Database(`${file}.partial`);
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = OFF');
      db.prepare('DELETE FROM patients WHERE site_id <> (SELECT id FROM sites WHERE code = ?)').run(code);
      db.exec('VACUUM');
      db.close();
      renameSync(`${file}.partial`, file);
    }
    return { code, file };
  });
  return { central, siteFiles };
}

async function peerKey(file: string): Promise<string> {
  const db = openDatabase(`file:${file}`);
  await migrateDatabase(db);
  const { key } = await createApiKey(db, { role: 'FEDERATION_PEER', label: 'federation bench' });
  db.$client.close();
  return key;
}

interface CoxModelReply {
  n: number;
  events: number;
  iterations: number;
  converged: boolean;
  warnings: string[];
  terms: { name: string; coef: number; se: number }[];
}

/** The model in a reply of `{ cohort { coxRegression } }` or `{ federation { cohort { coxRegression } } }`. */
interface ModelReply {
  cohort?: { coxRegression: CoxModelReply };
  federation?: { cohort: { coxRegression: CoxModelReply } };
}

async function timed(server: BenchServer, query: string): Promise<{ seconds: number; data: ModelReply }> {
  const started = performance.now();
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { data?: ModelReply; errors?: unknown[] };
  const seconds = (performance.now() - started) / 1000;
  if (body.errors !== undefined) throw new Error(`${query}: ${JSON.stringify(body.errors)}`);
  return { seconds, data: body.data! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const { central, siteFiles } = await registryWithSites();
  const keys = siteFiles.map(async ({ file }) => await peerKey(file));
  const uncached = { ANALYSIS_CACHE_ENTRIES: '0', ANALYSIS_TIMEOUT_MS: '600000' };
  const servers: BenchServer[] = [];
  try {
    const centralServer = await startBenchServer(central, uncached);
    servers.push(centralServer);
    const sites = await Promise.all(siteFiles.map(async ({ file }) => await startBenchServer(file, { ...uncached, AUTH_MODE: 'keys' })));
    servers.push(...sites);
    mkdirSync(BENCH_DATA_FOLDER, { recursive: true });
    const config = join(BENCH_DATA_FOLDER, 'federation-sites.json');
    writeFileSync(config, JSON.stringify({ sites: siteFiles.map(({ code }, i) => ({ code, url: `${sites[i]!.url}/graphql`, key: keys[i]! })) }));
    const coordinatorFile = join(BENCH_DATA_FOLDER, 'federation-coordinator.sqlite');
    if (!existsSync(coordinatorFile)) { const db = openDatabase(`file:${coordinatorFile}`); await migrateDatabase(db); db.$client.close(); }
    const coordinator = await startBenchServer(coordinatorFile, { ...uncached, FEDERATION_CONFIG: config, FEDERATION_TIMEOUT_MS: '600000' });
    servers.push(coordinator);

    // Every run asks a cohort of its own (all patients, through a filter that differs by run), so that
    // neither the result cache nor a site's design cache (src/federation/peer/site-design-cache.ts) serves it:
    // each timed fit reads its frame once at every site, as the central fit reads it once.
    const everyone = (run: number) => `where: { variable: "ageAtIndex", gte: ${-1 - run} }`;
    const queries = {
      central: (run: number) => `{ await cohort(${everyone(run)}) { coxRegression(covariates: ${COVARIATES}) { ${MODEL_FIELDS} } } }`,
      federatedStratified: (run: number) => `{ federation { await cohort(${everyone(run)}) { coxRegression(covariates: ${COVARIATES}) { ${MODEL_FIELDS} } } } }`,
      federatedPooled: (run: number) => `{ federation { await cohort(${everyone(run)}) { coxRegression(covariates: ${COVARIATES}, stratifyBySite: false) { ${MODEL_FIELDS} } } } }`,
    };
    // One warm-up each (worker threads start, SQLite pages come into the cache), then the timed runs.
    const results: Record<string, { seconds: number[]; model: CoxModelReply }> = {};
    for (const [name, query] of Object.entries(queries)) {
      const server = name === 'central' ? centralServer : coordinator;
      await timed(server, query(1000));
      const seconds: number[] = [];
      let model: CoxModelReply | undefined;
      for (let run = 0; run < runs; run++) {
        const { seconds: s, data } = await timed(server, query(run));
        seconds.push(s);
        model = (data.cohort ?? data.federation!.cohort).coxRegression;
      }
      results[name] = { seconds, model: model! };
    }
    const centralSeconds = median(results['central']!.seconds);
    const rows = Object.entries(results).map(([name, { seconds, model }]) => {
      const rounds = name === 'central' ? null : Number(/in (\d+) round\(s\)/.exec(model.warnings.join(' '))?.[1]);
      return {
        name,
        medianSeconds: median(seconds),
        seconds,
        ratioToCentral: median(seconds) / centralSeconds,
        iterations: model.iterations,
        rounds,
        roundTrips: rounds === null ? null : rounds * SITES,
        n: model.n,
        events: model.events,
        coef: model.terms.map((t) => t.coef),
      };
    });
    console.table(rows.map(({ seconds: _seconds, ...row }) => row));
    const pooledVsCentral = rows[2]!.coef.map((c, j) => Math.abs(c - rows[0]!.coef[j]!) / Math.abs(rows[0]!.coef[j]!));
    console.log(`unstratified federated vs central coefficients, largest relative difference: ${Math.max(...pooledVsCentral).toExponential(2)}`);
    const worst = Math.max(rows[1]!.ratioToCentral, rows[2]!.ratioToCentral);
    console.log(`federated / central: stratified ${rows[1]!.ratioToCentral.toFixed(2)}x, unstratified ${rows[2]!.ratioToCentral.toFixed(2)}x (target ${TARGET_RATIO}x): ${worst <= TARGET_RATIO ? 'met' : 'NOT met'}`);
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify({ measuredAt: new Date().toISOString(), patients, sites: SITES, runs, targetRatio: TARGET_RATIO, rows, largestRelativeCoefDifference: Math.max(...pooledVsCentral) }, null, 2)}\n`);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

await main();
