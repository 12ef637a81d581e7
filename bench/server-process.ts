/**
 * The API server as the benchmark loads it: the compiled `dist/src/main.js` in a child process, as
 * `npm start` runs it (built first when dist/ is older than its sources, scripts/ensure-build.mjs;
 * the TypeScript loader tsx would add its own memory and start-up to every figure), over a registry file, in open
 * mode, with NODE_ENV=production (graphql-js skips its development-only checks then). Its peak
 * resident set size, worker threads included, is the kernel's VmHWM (/proc/<pid>/status, Linux);
 * the analysis cache and pool counters come from GET /healthz?counters.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AnalysisStats } from '../src/analyses/execution/executor.js';
import { childEnv, freePort, PROJECT_ROOT, startProcess } from '../test/helpers/processes.js';

export interface BenchServer {
  url: string;
  /** The server process's id (bench/page-bench.ts reads its CPU time from /proc). */
  pid: number;
  /** MB; null where /proc is not available. */
  peakRssMb(): number | null;
  analyses(): Promise<AnalysisStats>;
  stop(): Promise<void>;
}

function peakRssOf(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]) / 1024;
  } catch {
    return null;
  }
}

/** `database`: a registry file, or a database URL (`postgres://...`). */
export async function startBenchServer(database: string, settings: Record<string, string> = {}): Promise<BenchServer> {
  const build = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building dist/ for the benchmark server failed (see above)');
  const port = await freePort();
  const server = await startProcess(['--enable-source-maps', 'dist/src/main.js'], {
    cwd: PROJECT_ROOT,
    env: childEnv({ DATABASE_URL: /^[a-z]+:/.test(database) ? database : `file:${database}`, AUTH_MODE: 'open', PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'production', LOG_LEVEL: 'info', ...settings }),
    ready: /NET TARE cohort API on/,
    timeoutMs: 300_000,
  });
  const url = `http://127.0.0.1:${port}`;
  const pid = server.child.pid!;
  return {
    url,
    pid,
    peakRssMb: () => peakRssOf(pid),
    async analyses() {
      return ((await (await fetch(`${url}/healthz?counters`)).json()) as { analyses: AnalysisStats }).analyses;
    },
    stop: () => server.stop(),
  };
}
