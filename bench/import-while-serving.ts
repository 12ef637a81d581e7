/**
 * Reads while an import writes: a cheap GraphQL query's latency, from one client asking back to
 * back, against `npm start` serving the database file a large import writes into.
 *
 * Setup: a fresh database holding the example folder (examples/import, site EXAMPLE, 3 patients),
 * served by src/main.ts in a child process (AUTH_MODE=open, so every request is audited too);
 * a generated registry (bench/import-export-bench.ts writeRegistry(): the demo generator,
 * ~24 lab rows a patient; 125,000 patients ≈ 3 million lab rows) written as an interchange
 * folder beforehand. The query: `{ patients(first: 10) { nodes { externalId sex indexDate } } }`
 * (one page of the patients the caller may see).
 *
 * Timeline: the client runs alone for BASELINE_SECONDS, then `npm run import -- --site REGISTRY`
 * starts in another child process and the client goes on until the import has exited and
 * AFTER_SECONDS more. Each request is labelled with the import's phase when it started, from the
 * CLI's progress lines: `reading` (files streamed into the import's private staging tables, no
 * lock on the database), `write lock held` (from "checking the rules" until the import exits:
 * BEGIN IMMEDIATE, checks, merge, grade recomputation, commit), then `after`. An error is any
 * answer that is not 200 with data and no `errors`, or no answer within REQUEST_TIMEOUT_MS.
 *
 * Latency here is for the whole 2-core box shared by the server, the import (which keeps a core
 * busy) and this client: the point is the error count and the tail while the lock is held,
 * against the same client alone.
 *
 * Results: a table on stdout and bench/results/import-while-serving.json.
 * Run: npx tsx bench/import-while-serving.ts [patients]   (default 125,000), or `npm run bench`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { childEnv, freePort, PROJECT_ROOT, startProcess, tsxArgs } from '../test/helpers/processes.js';
import { writeRegistry } from './import-export-bench.js';

const DEFAULT_PATIENTS = 125_000;
const BASELINE_SECONDS = 10;
const AFTER_SECONDS = 5;
const REQUEST_TIMEOUT_MS = 30_000;
const RESULTS_FILE = join(PROJECT_ROOT, 'bench/results/import-while-serving.json');
const QUERY = '{ patients(first: 10) { nodes { externalId sex indexDate } } }';

type Phase = 'alone' | 'reading' | 'write lock held' | 'after';
const PHASES: readonly Phase[] = ['alone', 'reading', 'write lock held', 'after'];

interface Sample { phase: Phase; startedMs: number; latencyMs: number; ok: boolean; error: string | null }

export interface LatencySummary { requests: number; errors: number; p50Ms: number | null; p99Ms: number | null; maxMs: number | null; firstError: string | null }

export interface ImportWhileServingResult {
  date: string;
  machine: { node: string; cpus: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  registry: { patients: number; labRows: number; csvMegabytes: number };
  import: { exitCode: number | null; seconds: number; writeLockSeconds: number; stderrTail: string };
  query: string;
  phases: Record<Phase, LatencySummary>;
  /** Every request from the import's start to its exit (reading and write lock held). */
  duringImport: LatencySummary;
  /** The slowest requests, when they started: seconds after the import's start, and before (negative: after) its exit. */
  slowest: { phase: Phase; latencyMs: number; secondsAfterImportStart: number; secondsBeforeImportExit: number }[];
}

const SLOWEST_KEPT = 10;

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarize(samples: readonly Sample[]): LatencySummary {
  const latencies = samples.map((sample) => sample.latencyMs).sort((a, b) => a - b);
  const errors = samples.filter((sample) => !sample.ok);
  return {
    requests: samples.length,
    errors: errors.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? null,
    firstError: errors[0]?.error ?? null,
  };
}

async function ask(url: string): Promise<{ ok: boolean; error: string | null }> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status !== 200) return { ok: false, error: `HTTP ${response.status}: ${text.slice(0, 300)}` };
    const body = JSON.parse(text) as { data?: unknown; errors?: { message: string }[] };
    if (body.errors !== undefined || body.data === undefined) return { ok: false, error: `GraphQL error: ${body.errors?.[0]?.message ?? 'no data'}` };
    return { ok: true, error: null };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function runImportCli(database: string, args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, tsxArgs('src/cli/import.ts', args), { cwd: PROJECT_ROOT, env: childEnv({ DATABASE_URL: `file:${database}` }), stdio: 'ignore' });
  return once(child, 'exit').then(([code]) => code as number | null);
}

function printTable(result: ImportWhileServingResult): void {
  console.log(`\nreads while importing ${result.registry.patients.toLocaleString('en-US')} patients (${result.registry.labRows.toLocaleString('en-US')} lab rows): `
    + `import exit ${result.import.exitCode} in ${result.import.seconds.toFixed(1)} s, write lock held ${result.import.writeLockSeconds.toFixed(1)} s`);
  console.log(`query ${result.query}, one client back to back`);
  console.log('phase               requests   errors   p50 ms   p99 ms   max ms');
  const row = (name: string, summary: LatencySummary) => console.log(`${name.padEnd(18)} ${String(summary.requests).padStart(9)} ${String(summary.errors).padStart(8)} `
    + `${(summary.p50Ms?.toFixed(1) ?? '-').padStart(8)} ${(summary.p99Ms?.toFixed(1) ?? '-').padStart(8)} ${(summary.maxMs?.toFixed(1) ?? '-').padStart(8)}`);
  for (const phase of PHASES) row(phase, result.phases[phase]);
  row('during the import', result.duringImport);
  const firstError = PHASES.map((phase) => result.phases[phase].firstError).find((error) => error !== null);
  if (firstError !== undefined) console.log(`first error: ${firstError}`);
}

export async function runImportWhileServingBench(sizes: readonly number[] = [DEFAULT_PATIENTS]): Promise<ImportWhileServingResult> {
  const patients = sizes[0] ?? DEFAULT_PATIENTS;
  const workdir = mkdtempSync(join(tmpdir(), 'net-tare-import-while-serving-'));
  const loadAverageAtStart = loadavg();
  const startedAt = new Date();
  try {
    const folder = join(workdir, 'registry');
    mkdirSync(folder);
    console.log(`writing a ${patients.toLocaleString('en-US')}-patient registry folder ...`);
    const written = await writeRegistry(patients, folder);
    const database = join(workdir, 'served.sqlite');
    const example = await runImportCli(database, ['--site', 'EXAMPLE', join(PROJECT_ROOT, 'examples/import')]);
    if (example !== 0) throw new Error(`the example import failed (exit ${example})`);

    const port = await freePort();
    const server = await startProcess(tsxArgs('src/main.ts'), {
      cwd: workdir,
      env: childEnv({ DATABASE_URL: `file:${database}`, AUTH_MODE: 'open', PORT: String(port), HOST: '127.0.0.1' }),
      ready: /cohort API on http/,
    });
    const url = `http://127.0.0.1:${port}`;
    const clock = performance.now();
    const samples: Sample[] = [];
    let phase: Phase = 'alone';
    let importStartedMs = 0;
    let lockTakenMs: number | null = null;
    let importEndedMs: number | null = null;
    let importExit: number | null = null;
    let stderr = '';
    let clientRunning = true;

    const client = (async () => {
      while (clientRunning) {
        const requestPhase = phase;
        const started = performance.now();
        const answer = await ask(url);
        samples.push({ phase: requestPhase, startedMs: started - clock, latencyMs: performance.now() - started, ...answer });
      }
    })();

    try {
      await new Promise((resolve) => setTimeout(resolve, BASELINE_SECONDS * 1000));
      console.log(`importing while a client reads (${samples.length} requests alone in ${BASELINE_SECONDS} s) ...`);
      phase = 'reading';
      importStartedMs = performance.now() - clock;
      const child = spawn(process.execPath, tsxArgs('src/cli/import.ts', ['--site', 'REGISTRY', folder]), { cwd: PROJECT_ROOT, env: childEnv({ DATABASE_URL: `file:${database}` }) });
      child.stdout.resume();
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-8_000);
        if (lockTakenMs === null && /checking the rules/.test(stderr)) {
          lockTakenMs = performance.now() - clock;
          phase = 'write lock held';
        }
      });
      [importExit] = (await once(child, 'exit')) as [number | null];
      importEndedMs = performance.now() - clock;
      phase = 'after';
      await new Promise((resolve) => setTimeout(resolve, AFTER_SECONDS * 1000));
    } finally {
      clientRunning = false;
      await client;
      await server.stop();
    }

    const inPhase = (name: Phase) => samples.filter((sample) => sample.phase === name);
    const result: ImportWhileServingResult = {
      date: startedAt.toISOString(),
      machine: { node: process.version, cpus: cpus().length, loadAverageAtStart: loadAverageAtStart.map((v) => Number(v.toFixed(2))), loadAverageAtEnd: loadavg().map((v) => Number(v.toFixed(2))) },
      registry: { patients, labRows: written.labRows, csvMegabytes: Number(written.megabytes.toFixed(1)) },
      import: {
        exitCode: importExit,
        seconds: (importEndedMs! - importStartedMs) / 1000,
        writeLockSeconds: lockTakenMs === null ? 0 : (importEndedMs! - lockTakenMs) / 1000,
        stderrTail: stderr.split('\n').slice(-6).join('\n'),
      },
      query: QUERY,
      phases: Object.fromEntries(PHASES.map((name) => [name, summarize(inPhase(name))])) as Record<Phase, LatencySummary>,
      duringImport: summarize([...inPhase('reading'), ...inPhase('write lock held')]),
      slowest: [...samples].sort((a, b) => b.latencyMs - a.latencyMs).slice(0, SLOWEST_KEPT).map((sample) => ({
        phase: sample.phase,
        latencyMs: Number(sample.latencyMs.toFixed(1)),
        secondsAfterImportStart: Number(((sample.startedMs - importStartedMs) / 1000).toFixed(2)),
        secondsBeforeImportExit: Number(((importEndedMs! - sample.startedMs) / 1000).toFixed(2)),
      })),
    };
    mkdirSync(dirname(RESULTS_FILE), { recursive: true });
    writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
    printTable(result);
    if (importExit !== 0) throw new Error(`the registry import failed (exit ${importExit}):\n${stderr}`);
    return result;
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const patients = process.argv.slice(2).map(Number);
  await runImportWhileServingBench(patients.length > 0 ? patients : [DEFAULT_PATIENTS]);
}
