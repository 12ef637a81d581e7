/**
 * examples/r/net_tare.R run with the machine's Rscript against a started server: it prints the
 * API's survival and Cox results, reads the exports into data frames, and R's own survfit on the
 * exported survivalTime / event finds the server's median. Runs where R has httr2 and jsonlite.
 */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SCRIPT = join(PROJECT_ROOT, 'examples/r/net_tare.R');
const probe = spawnSync('Rscript', ['-e', 'cat(all(sapply(c("httr2", "jsonlite", "survival"), requireNamespace, quietly = TRUE)))'], { encoding: 'utf8' });
const rReady = probe.status === 0 && probe.stdout.trim() === 'TRUE';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

it.skipIf(!rReady)('prints the API\'s survival and Cox results, and survfit on the export agrees on the median', async () => {
  const truth = await server.gql('{ cohort { size survival { events median { estimate lower upper } } } }');
  const { size, survival } = truth.data!.cohort;
  const { stdout } = await promisify(execFile)('Rscript', [SCRIPT, server.url], { encoding: 'utf8' });
  expect(stdout).toContain(`cohort size: ${size}, deaths: ${survival.events}\n`);
  const median = survival.median.estimate.toFixed(2);
  expect(stdout).toContain(`median overall survival (months): ${median} (95% CI ${survival.median.lower.toFixed(2)} to ${survival.median.upper.toFixed(2)})\n`);
  expect(stdout).toContain(`survfit on the export: median ${median} months\n`);
  expect(stdout).toContain(`patients export: ${size} rows x 31 columns, ${survival.events} events\n`);
  expect(stdout).toMatch(/Cox model: n = \d+, events = \d+\n/);
  expect(stdout).toMatch(/labs export \(followUpMonths >= 12\): \d+ rows, \d+ patients\n/);
}, 120_000);
