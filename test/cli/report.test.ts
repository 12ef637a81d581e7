/**
 * `npm run report` from a clean working directory: it creates the embedded demo database, and
 * its Table 1 and Table 6 show every published count exactly (the demo cohort's exact targets).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { childEnv, tsxArgs } from '../helpers/processes.js';

const workdir = mkdtempSync(join(tmpdir(), 'net-tare-report-'));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function section(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`## ${heading}`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + 3);
  return markdown.slice(start, end === -1 ? undefined : end).split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .slice(1)
    .map((line) => line.slice(2, -2).split(' | '));
}

it('writes the study report with Table 1 and Table 6 exact', () => {
  execFileSync(process.execPath, tsxArgs('src/cli/report.ts', ['--out', 'out']), { cwd: workdir, env: childEnv({}), encoding: 'utf8' });
  expect(existsSync(join(workdir, 'out/study.html'))).toBe(true);
  const markdown = readFileSync(join(workdir, 'out/study.md'), 'utf8');
  const table1 = section(markdown, 'Table 1');
  expect(table1.length).toBeGreaterThanOrEqual(18);
  for (const [characteristic, published, reproduced] of table1) expect(reproduced, characteristic).toBe(published);
  const table6 = section(markdown, 'Table 6');
  expect(table6).toHaveLength(5);
  for (const [finding, published, reproduced] of table6) expect(reproduced, finding).toBe(published);
  for (const title of ['Overall survival', 'Univariate Cox', 'Multivariable Cox', 'Table 3', 'Table 4', 'Table 5']) expect(markdown).toContain(title);
});
