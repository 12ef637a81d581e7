/**
 * `npm run import -- --site CODE DIR` as a data manager runs it (a child process on a database
 * file): the documented example folder imports, re-importing it changes nothing, a folder with
 * errors in every file is refused with every problem listed and the database byte for byte as it
 * was, a dry run writes nothing, and corrections update exactly the rows that changed.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { databaseChecksum, problemLines, runImport, summaryCounts } from './import-cli.js';

const EXAMPLE_FOLDER = join(PROJECT_ROOT, 'examples/import');
const INVALID_FOLDER = join(PROJECT_ROOT, 'test/import/fixtures/invalid-registry');

let workdir: string;
beforeAll(() => { workdir = mkdtempSync(join(tmpdir(), 'net-tare-import-')); });
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

function query<Row>(databaseFile: string, sql: string, ...params: unknown[]): Row[] {
  const db = new Database(databaseFile, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as Row[];
  } finally {
    db.close();
  }
}

describe('the example folder', () => {
  it('imports into a new site, converting units and keeping what was received, then re-imports without changing a byte', () => {
    const database = join(workdir, 'example.sqlite');
    const first = runImport(database, ['--site', 'EXAMPLE', EXAMPLE_FOLDER]);
    expect(first.stderr).not.toMatch(/problem/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/site EXAMPLE \(new\)/);
    expect(summaryCounts(first.stdout, 'patients.csv')).toEqual([3, 3, 0, 0]);
    expect(summaryCounts(first.stdout, 'treatments.csv')).toEqual([4, 4, 0, 0]);
    expect(summaryCounts(first.stdout, 'labs.csv')).toEqual([7, 7, 0, 0]);
    expect(summaryCounts(first.stdout, 'imaging.csv')).toEqual([3, 3, 0, 0]);
    expect(first.stderr).toMatch(/reading labs\.csv/);

    const labs = query<{ analyte: string; value: number; unit: string; received_value: number; received_unit: string; grade_v5: number | null }>(
      database, 'SELECT analyte, value, unit, received_value, received_unit, grade_v5 FROM lab_results ORDER BY id',
    );
    expect(labs.find((lab) => lab.analyte === 'ALBUMIN')).toMatchObject({ value: 3.8, unit: 'g/dL', received_value: 38, received_unit: 'g/L' });
    expect(labs.find((lab) => lab.analyte === 'PLATELETS')).toMatchObject({ value: 185, unit: '10^9/L', received_value: 185000, received_unit: '/mm3' });
    expect(labs.find((lab) => lab.analyte === 'AST')).toMatchObject({ value: 36, unit: 'U/L', received_value: 0.6, received_unit: 'µkat/L' });
    expect(labs.filter((lab) => lab.analyte === 'ALP')).toHaveLength(2);
    expect(labs.every((lab) => lab.grade_v5 !== null)).toBe(true);

    const before = databaseChecksum(database);
    const again = runImport(database, ['--site', 'EXAMPLE', EXAMPLE_FOLDER]);
    expect(again.status).toBe(0);
    expect(again.stdout).not.toMatch(/\(new\)/);
    expect(summaryCounts(again.stdout, 'patients.csv')).toEqual([3, 0, 0, 3]);
    expect(summaryCounts(again.stdout, 'labs.csv')).toEqual([7, 0, 0, 7]);
    expect(databaseChecksum(database)).toBe(before);
  });

  it('dry run: validates and counts, and writes nothing (not even the new site)', () => {
    const database = join(workdir, 'dry-run.sqlite');
    runImport(database, ['--site', 'OTHER', EXAMPLE_FOLDER]);
    const before = databaseChecksum(database);
    const dry = runImport(database, ['--site', 'EXAMPLE', '--dry-run', EXAMPLE_FOLDER]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/Dry run for site EXAMPLE \(new\): nothing was written/);
    expect(summaryCounts(dry.stdout, 'labs.csv')).toEqual([7, 7, 0, 0]);
    expect(databaseChecksum(database)).toBe(before);
    expect(query(database, 'SELECT code FROM sites WHERE code = ?', 'EXAMPLE')).toEqual([]);
  });

  it('updates only the rows that changed, and regrades the labs it touched', () => {
    const database = join(workdir, 'corrections.sqlite');
    const folder = join(workdir, 'corrected');
    cpSync(EXAMPLE_FOLDER, folder, { recursive: true });
    runImport(database, ['--site', 'EXAMPLE', folder]);
    const gradeBefore = query<{ grade_v5: number }>(database, "SELECT grade_v5 FROM lab_results WHERE analyte = 'ALP' AND collected_on = '2010-11-02'")[0]!.grade_v5;

    const labs = readFileSync(join(folder, 'labs.csv'), 'utf8').replace('NET-001,2010-11-02,ALP,210,IU/L', 'NET-001,2010-11-02,ALP,900,IU/L');
    writeFileSync(join(folder, 'labs.csv'), labs);
    const patients = readFileSync(join(folder, 'patients.csv'), 'utf8').replace('NET-003,M,1948-07-30,,2012-01-17,0,', 'NET-003,M,1948-07-30,,2012-01-17,1,');
    writeFileSync(join(folder, 'patients.csv'), patients);

    const corrected = runImport(database, ['--site', 'EXAMPLE', folder]);
    expect(corrected.status).toBe(0);
    expect(summaryCounts(corrected.stdout, 'patients.csv')).toEqual([3, 0, 1, 2]);
    expect(summaryCounts(corrected.stdout, 'labs.csv')).toEqual([7, 0, 1, 6]);
    expect(summaryCounts(corrected.stdout, 'treatments.csv')).toEqual([4, 0, 0, 4]);
    const [alp] = query<{ value: number; grade_v5: number }>(database, "SELECT value, grade_v5 FROM lab_results WHERE analyte = 'ALP' AND collected_on = '2010-11-02'");
    expect(alp!.value).toBe(900);
    expect(alp!.grade_v5).toBeGreaterThan(gradeBefore);
    expect(query<{ ecog: number }>(database, "SELECT ecog FROM patients WHERE external_id = 'NET-003'")[0]!.ecog).toBe(1);
  });
});

describe('messages a site manager reads', () => {
  it('gives one true error per bad cell: a DD/MM/YYYY date is not a date, not also "before 1900-01-01"; two unknown therapies are one error', () => {
    const database = join(workdir, 'one-error-per-cell.sqlite');
    const folder = join(workdir, 'one-error-per-cell');
    cpSync(EXAMPLE_FOLDER, folder, { recursive: true });
    const patients = readFileSync(join(folder, 'patients.csv'), 'utf8')
      .replace('tace;resection,2008-11-20,', 'tace;surgery;radiation,10/04/2016,');
    writeFileSync(join(folder, 'patients.csv'), patients);
    const refused = runImport(database, ['--site', 'EXAMPLE', folder]);
    expect(refused.status).toBe(1);
    expect(problemLines(refused.stderr)).toEqual([
      'patients.csv:2:13: prior_therapies: "surgery", "radiation" are not one of tace, resection, systemic_chemotherapy, ablation',
      'patients.csv:2:14: liver_metastasis_diagnosis_date: must be an existing date written YYYY-MM-DD, got "10/04/2016"',
    ]);
  });

  it('keeps a value outside the plausible range, warns in the summary, and stores the warning with the row', () => {
    const database = join(workdir, 'plausibility.sqlite');
    const folder = join(workdir, 'plausibility');
    cpSync(EXAMPLE_FOLDER, folder, { recursive: true });
    writeFileSync(join(folder, 'labs.csv'), `${readFileSync(join(folder, 'labs.csv'), 'utf8').trimEnd()}\nNET-003,2012-01-10,ALT,12000,U/L,,\n`);
    const imported = runImport(database, ['--site', 'EXAMPLE', folder]);
    expect(imported.status).toBe(0);
    expect(summaryCounts(imported.stdout, 'labs.csv')).toEqual([8, 8, 0, 0]);
    const warning = 'ALT 12000 U/L is above 10000 U/L, outside the physiologically plausible range 1–10000 U/L: check the value and its unit (the row is kept, with this warning)';
    expect(imported.stdout).toContain(`1 value outside the physiologically plausible range (were kept, with a warning stored on the row):\nlabs.csv:9:4: warning: value: ${warning}`);
    const stored = query<{ analyte: string; plausibility_warning: string | null }>(database, 'SELECT analyte, plausibility_warning FROM lab_results ORDER BY id');
    expect(stored.filter((lab) => lab.plausibility_warning !== null)).toEqual([{ analyte: 'ALT', plausibility_warning: warning }]);
  });
});

describe('a folder with errors', () => {
  it('is refused with every problem of every file, sorted, and the database unchanged byte for byte', () => {
    const database = join(workdir, 'refused.sqlite');
    runImport(database, ['--site', 'SITE-A', EXAMPLE_FOLDER]);
    const before = databaseChecksum(database);

    const refused = runImport(database, ['--site', 'SITE-A', INVALID_FOLDER]);
    expect(refused.status).toBe(1);
    expect(problemLines(refused.stderr)).toEqual([
      'imaging.csv:2:7: this row has 6 cells, the header has 8',
      'imaging.csv:3:2: date: 2999-01-01 is in the future',
      'imaging.csv:3:8: recist: "XX" is not one of CR, PR, SD, PD',
      'lab.csv:1:1: unknown file: the import reads patients.csv, treatments.csv, labs.csv, imaging.csv, events.csv',
      'labs.csv:1:8: unknown column "comment"; labs.csv has: patient_id, date, analyte, value, unit, lower_limit_of_normal, upper_limit_of_normal, received_value, received_unit',
      'labs.csv:2:5: unit: unknown unit "mg" for ALBUMIN; accepted units: "g/dL" (also "gm/dL"), "g/L"',
      'labs.csv:3:3: analyte: unknown analyte "FOO": give an analyte name (ALBUMIN, ALP, ...) or one of its LOINC codes',
      'labs.csv:4:6: lower_limit_of_normal: lower limit 140 is above the upper limit 130',
      'labs.csv:6:1: patient_id: repeats the patient, analyte and date of line 5',
      'labs.csv:7:2: date: lab result on 2013-12-01 is after the patient\'s death on 2013-09-01',
      'patients.csv:2:2: sex: "X" is not one of M, F',
      'patients.csv:2:6: ecog: must be an integer from 0 to 4, got 7',
      'patients.csv:2:10: ascites: must be 0 or 1, got "2"',
      'patients.csv:2:13: prior_therapies: "surgery" is not one of tace, resection, systemic_chemotherapy, ablation',
      'patients.csv:2:17: death_date: is required for a patient who died',
      'patients.csv:3:5: index_date: must be an existing date written YYYY-MM-DD, got "2011-02-30"',
      'patients.csv:3:17: death_date: must be empty for a patient alive at last follow-up',
      'patients.csv:5:1: patient_id: repeats the patient identifier of line 4',
      'patients.csv:6:5: index_date: index date 2013-04-02 is not the date of the patient\'s first TARE session, 2013-04-09',
      'treatments.csv:2:2: site: the row is of site SITE-B, the import is for site SITE-A',
      'treatments.csv:3:3: date: TARE session on 2012-01-10 is before the patient\'s index date 2012-01-17 (the first session)',
      'treatments.csv:4:6: activity_gbq: must be a number above 0 and at most 20, got 25',
      'treatments.csv:5:1: patient_id: unknown patient "P9" of site SITE-A: add the patient first',
    ]);
    expect(refused.stderr).toMatch(/23 problems in 5 files: nothing was written\./);
    expect(refused.stdout).toBe('');
    expect(databaseChecksum(database)).toBe(before);

    const fixed = runImport(database, ['--site', 'SITE-A', EXAMPLE_FOLDER]);
    expect(fixed.status).toBe(0);
  });

  it('needs patients.csv, and says which folder or site code is wrong', () => {
    const database = join(workdir, 'usage.sqlite');
    const empty = mkdtempSync(join(workdir, 'empty-'));
    const noPatients = runImport(database, ['--site', 'EXAMPLE', empty]);
    expect(noPatients.status).toBe(1);
    expect(problemLines(noPatients.stderr)).toEqual(['patients.csv:1:1: missing: the folder must hold patients.csv']);

    const missingFolder = runImport(database, ['--site', 'EXAMPLE', join(workdir, 'nowhere')]);
    expect(missingFolder.status).toBe(2);
    expect(missingFolder.stderr).toMatch(/Cannot read the folder .*nowhere: it does not exist/);

    const badSite = runImport(database, ['--site', 'not a code!', EXAMPLE_FOLDER]);
    expect(badSite.status).toBe(2);
    expect(badSite.stderr).toMatch(/"not a code!" is not a site code/);
  });

  it('exits 2 on a usage error, and documents every exit status in its help', () => {
    const database = join(workdir, 'help.sqlite');
    const noSite = runImport(database, [EXAMPLE_FOLDER]);
    expect(noSite.status).toBe(2);
    expect(noSite.stderr).toMatch(/required option '--site <code>' not specified/);

    const help = runImport(database, ['--help']);
    expect(help.status).toBe(0);
    const statuses = help.stdout.slice(help.stdout.indexOf('Exit status:')).split('\n').map((line) => /^ {2}(\d) {2}(\w+)/.exec(line)?.slice(1, 3)).filter(Boolean);
    expect(statuses).toEqual([['0', 'imported'], ['1', 'invalid'], ['2', 'usage'], ['3', 'busy'], ['4', 'failed']]);
  });
});
