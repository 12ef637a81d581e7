/**
 * The import refuses NUL and bidirectional control characters (Trojan Source, CVE-2021-42574)
 * in every cell, data or export-only, each at its file:line:column with the character's code
 * point, name and position in the cell, and writes nothing. The same validation serves the write
 * mutations (test/write-api/control-characters.test.ts).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { databaseChecksum, problemLines, runImport } from './import-cli.js';

const EXAMPLE_FOLDER = join(PROJECT_ROOT, 'examples/import');
const REMOVE_IT = 'remove it (NUL and bidirectional control characters are not accepted in any value)';

let workdir: string;
beforeAll(() => { workdir = mkdtempSync(join(tmpdir(), 'net-tare-control-')); });
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function edit(folder: string, file: string, from: string, to: string): void {
  const text = readFileSync(join(folder, file), 'utf8');
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(join(folder, file), text.replace(from, to));
}

it('lists every forbidden character at its file, line and column, and writes nothing', () => {
  const database = join(workdir, 'refused.sqlite');
  expect(runImport(database, ['--site', 'SITE-A', EXAMPLE_FOLDER]).status).toBe(0);
  const before = databaseChecksum(database);

  const folder = join(workdir, 'hidden');
  cpSync(EXAMPLE_FOLDER, folder, { recursive: true });
  edit(folder, 'patients.csv', 'NET-002,M,', 'NET-002,M\u200F,');
  edit(folder, 'patients.csv', 'tace;resection', 'tace;\u2067resection');
  edit(folder, 'imaging.csv', 'NET-001,2011-05-10,CT,', 'NET-001,2011-05-10,C\u202ET,');
  edit(folder, 'labs.csv', 'NET-001,2010-04-28,ALBUMIN,38,g/L', 'NET-001,2010-04-28,ALBUMIN,38,g\u0000/L');
  edit(folder, 'treatments.csv', 'patient_id,date', 'site,patient_id,date');
  edit(folder, 'treatments.csv', '\nNET-001,2010-05-04,', '\nSITE-A\u2066,NET-001,2010-05-04,');
  edit(folder, 'treatments.csv', '\nNET-001,2010-06-15,', '\nSITE-A,NET-001,2010-06-15,');
  edit(folder, 'treatments.csv', '\nNET-002,', '\nSITE-A,NET-002,');
  edit(folder, 'treatments.csv', '\nNET-003,', '\nSITE-A,NET-003,');

  const refused = runImport(database, ['--site', 'SITE-A', folder]);
  expect(refused.status).toBe(1);
  expect(problemLines(refused.stderr)).toEqual([
    `imaging.csv:3:3: modality: contains U+202E RIGHT-TO-LEFT OVERRIDE at character 2: ${REMOVE_IT}`,
    `labs.csv:2:5: unit: contains U+0000 NUL at character 2: ${REMOVE_IT}`,
    `patients.csv:2:13: prior_therapies: contains U+2067 RIGHT-TO-LEFT ISOLATE at character 6: ${REMOVE_IT}`,
    `patients.csv:3:2: sex: contains U+200F RIGHT-TO-LEFT MARK at character 2: ${REMOVE_IT}`,
    `treatments.csv:2:1: site: contains U+2066 LEFT-TO-RIGHT ISOLATE at character 7: ${REMOVE_IT}`,
  ]);
  expect(refused.stderr).toMatch(/5 problems in 4 files: nothing was written\./);
  expect(databaseChecksum(database)).toBe(before);
});
