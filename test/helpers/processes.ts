/** Running the project's own entry points as child processes, as a user would from the README. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX_LOADER = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));

/** A TypeScript entry point of the project, run with node + tsx from any working directory. */
export function tsxArgs(entry: string, args: string[] = []): string[] {
  return ['--import', TSX_LOADER, `${PROJECT_ROOT}/${entry}`, ...args];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Environment for a child: this process's, minus variables the project reads, plus `overrides`. */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, AUTH_MODE: _a, PORT: _p, NODE_ENV: _n, ...rest } = process.env;
  return { ...rest, ...overrides };
}

export interface RunningProcess {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts `node <args>` and resolves once its output matches `ready`. */
export async function startProcess(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number }): Promise<RunningProcess> {
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => { output += chunk.toString(); };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${options.ready}; output:\n${output}`)), options.timeoutMs ?? 60_000);
    const check = () => {
      if (options.ready.test(output)) { clearTimeout(timer); resolve(); }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code} before ready; output:\n${output}`)); });
  });
  return {
    child,
    output: () => output,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
