/**
 * The page of 100 patients with their treatments and labs (bench/bench-queries.ts PAGE_QUERY)
 * against its floor, on its own (issue 17): the server as the benchmark runs it
 * (bench/server-process.ts: src/main.ts in a child process, NODE_ENV=production) over a registry
 * file, `--requests` page requests one after the other (the pages of bench-queries.ts pageBodies,
 * spread over the registry), each timed from the request's start to its body's end; then the
 * floor, one hand-written SQL statement producing the same JSON (bench/floors.ts), timed in this
 * process over the same page starts. The first page's body is checked equal to the floor's, so
 * that neither side gets cheaper by answering less. With `--clients N`, a load run of N clients
 * (bench/load.ts, autocannon) follows. The server serves a copy of the registry in the temporary
 * folder (it writes its audit rows and disclosure secret), deleted at the end; the floor reads
 * the registry itself, read-only.
 *
 *   npx tsx bench/page-bench.ts [--registry bench/.data/registry-100k.sqlite] [--requests 200] [--clients 16]
 *
 * Prints one JSON object: p50, p90, p99 of the sequential requests, the floor's median, their
 * ratio (target 1.5x), and the load run when asked. On a machine shared with other work the
 * wall-clock times follow the load, so the CPU time per page is reported too, for the server
 * (its process's user + system time over the timed requests, /proc/<pid>/stat, Linux) and for
 * the floor (this process's, over its runs): their ratio moves much less with the load.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { closeStore, openDatabase } from '../src/store/database.js';
import { countPatients } from '../src/store/patients.js';
import { ALL_ROWS } from '../src/store/row-scope.js';
import { pageBodies, pageStarts } from './bench-queries.js';
import { RegistryFloors } from './floors.js';
import { runLoad } from './load.js';
import { registryFileFor } from './registry-database.js';
import { startBenchServer } from './server-process.js';

const TARGET_RATIO = 1.5;
const FLOOR_RUNS = 200;
/** Requests before the timed ones, so that the compiled query and the JIT are warm. */
const WARM_UP_REQUESTS = 20;

const { values: options } = parseArgs({
  options: {
    registry: { type: 'string', default: registryFileFor(100_000) },
    requests: { type: 'string', default: '200' },
    clients: { type: 'string' },
  },
});
const registry = options.registry;
const requests = Number(options.requests);

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

async function patientsIn(file: string): Promise<number> {
  const db = openDatabase(`file:${file}`, { readonly: true });
  try {
    return await countPatients(db, undefined, ALL_ROWS);
  } finally {
    await closeStore(db);
  }
}

/** User + system CPU milliseconds of process `pid` so far (clock ticks of /proc/<pid>/stat; 100 a second on Linux). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function post(url: string, body: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

const patients = await patientsIn(registry);
const starts = pageStarts(patients, requests);
const bodies = pageBodies(patients, requests);
const loadAtStart = loadavg()[0]!;

const copyFolder = mkdtempSync(join(tmpdir(), 'page-bench-'));
const servedRegistry = join(copyFolder, 'registry.sqlite');
copyFileSync(registry, servedRegistry);
const server = await startBenchServer(servedRegistry);
let served: { times: number[]; cpuMsPerPage: number; firstBody: string; load?: Awaited<ReturnType<typeof runLoad>> };
try {
  for (let index = 0; index < WARM_UP_REQUESTS; index++) await post(server.url, bodies[index % bodies.length]!);
  const times: number[] = [];
  let firstBody = '';
  const cpuAtStart = cpuMsOf(server.pid);
  for (const [index, body] of bodies.entries()) {
    const started = performance.now();
    const text = await post(server.url, body);
    times.push(performance.now() - started);
    if (index === 0) firstBody = text;
  }
  served = { times, cpuMsPerPage: (cpuMsOf(server.pid) - cpuAtStart) / bodies.length, firstBody };
  if (options.clients !== undefined) {
    served.load = await runLoad(server.url, { bodies, connections: Number(options.clients), durationSeconds: 20 });
  }
} finally {
  await server.stop();
  rmSync(copyFolder, { recursive: true, force: true });
}

const floors = new RegistryFloors(registry);
const floorCpuAtStart = process.cpuUsage();
const floor = floors.timePages(starts, FLOOR_RUNS);
const floorCpu = process.cpuUsage(floorCpuAtStart);
// timePages runs one warm-up page before its timed runs.
const floorCpuMsPerPage = (floorCpu.user + floorCpu.system) / 1000 / (FLOOR_RUNS + 1);
const floorBody = floors.pageBody(starts[0]!);
floors.close();

const sorted = [...served.times].sort((a, b) => a - b);
const p50 = percentile(sorted, 0.5);
console.log(JSON.stringify({
  registry,
  patients,
  requests,
  loadAverage: { start: loadAtStart, end: loadavg()[0]! },
  servedMs: { p50, p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99), min: sorted[0] },
  floorMs: floor.medianMs,
  ratio: p50 / floor.medianMs,
  target: TARGET_RATIO,
  cpuMsPerPage: { served: served.cpuMsPerPage, floor: floorCpuMsPerPage, ratio: served.cpuMsPerPage / floorCpuMsPerPage },
  bodyMatchesFloor: isDeepStrictEqual(JSON.parse(served.firstBody), JSON.parse(floorBody)),
  ...(served.load === undefined ? {} : { load: served.load }),
}, null, 2));
