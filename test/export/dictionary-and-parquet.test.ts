/**
 * Beside every export, its data dictionary (name, label, type, unit, levels in order); every table
 * in JSON and Parquet too. The dictionary contract is checked as R or pandas would use it: every
 * value of a column with levels is one of them, and ordering the values by the dictionary gives the
 * clinical order (tumour burden < 25, 25–50, > 50), not the alphabetical one. Python's own csv
 * module reads the files too, when python3 is on the machine. The Parquet file is read back with
 * parquet-wasm's reader (the Rust `parquet` crate) into Arrow and compared with the CSV export.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let workdir: string;
beforeAll(async () => {
  server = await startTestServer();
  workdir = mkdtempSync(join(tmpdir(), 'net-tare-dictionary-'));
});
afterAll(async () => {
  await server.close();
  rmSync(workdir, { recursive: true, force: true });
});

const TABLES = ['patients', 'treatments', 'labs', 'imaging', 'events'] as const;

interface Entry { name: string; label: string; type: string; unit: string | null; levels: string[] | null }

async function download(path: string): Promise<Buffer> {
  const response = await fetch(`${server.url}${path}`);
  expect(response.status, path).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** Rows of a CSV without quoted cells (the demo's values have none), keyed by the header. */
function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [headerLine, ...lines] = text.trimEnd().split('\n');
  const header = headerLine!.split(',');
  return { header, rows: lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [header[index]!, cell]))) };
}

describe('the data dictionary beside every export', () => {
  it.each(TABLES)('%s: one entry per CSV column, every value one of its levels, levels in clinical order', async (table) => {
    const dictionary = JSON.parse((await download(`/export/${table}.dictionary.json`)).toString()) as Entry[];
    const csvDictionary = parseCsv((await download(`/export/${table}.dictionary.csv`)).toString());
    const { header, rows } = parseCsv((await download(`/export/${table}.csv`)).toString());
    expect(dictionary.map((entry) => entry.name)).toEqual(header);
    expect(csvDictionary.header).toEqual(['name', 'label', 'type', 'unit', 'levels']);
    expect(csvDictionary.rows.map((row) => row['name'])).toEqual(header);
    for (const entry of dictionary) expect(entry.label.length, entry.name).toBeGreaterThan(0);
    for (const row of csvDictionary.rows.filter((candidate) => candidate['levels'] !== '')) {
      const levels = row['levels']!.split(';');
      const values = rows.flatMap((csvRow) => (row['name'] === 'prior_therapies' ? csvRow[row['name']!]!.split(';') : [csvRow[row['name']!]!])).filter((value) => value !== '');
      expect(values.filter((value) => !levels.includes(value)), `${table}.${row['name']}`).toEqual([]);
    }
  });

  it('restores the order of tumour burden and Child-Pugh that sorting would lose, and spells booleans per format', async () => {
    const json = JSON.parse((await download('/export/patients.dictionary.json')).toString()) as Entry[];
    const csv = parseCsv((await download('/export/patients.dictionary.csv')).toString()).rows;
    const levels = (name: string) => json.find((entry) => entry.name === name)!.levels;
    expect(levels('tumor_burden')).toEqual(['<25', '25-50', '>50']);
    expect([...levels('tumor_burden')!].sort()).not.toEqual(levels('tumor_burden'));
    expect(levels('child_pugh')).toEqual(['A', 'B', 'C']);
    expect(levels('ascites')).toEqual(['false', 'true']);
    expect(csv.find((row) => row['name'] === 'ascites')!['levels']).toBe('0;1');
    expect(json.find((entry) => entry.name === 'tumor_burden')).toMatchObject({ label: 'Hepatic tumour burden', type: 'text' });
    expect(json.find((entry) => entry.name === 'survivalTime')).toMatchObject({ type: 'number', unit: 'months' });
    const days = JSON.parse((await download('/export/patients.dictionary.json?timeUnit=DAYS')).toString()) as Entry[];
    expect(days.find((entry) => entry.name === 'survivalTime')!.unit).toBe('days');
  });

  it('is read by Python\'s csv module to order the export\'s values as the dictionary says', async (context) => {
    if (spawnSync('python3', ['--version']).status !== 0) context.skip();
    writeFileSync(join(workdir, 'patients.csv'), await download('/export/patients.csv'));
    writeFileSync(join(workdir, 'patients.dictionary.csv'), await download('/export/patients.dictionary.csv'));
    const script = [
      'import csv, json, sys',
      'folder = sys.argv[1]',
      'levels = {row["name"]: row["levels"].split(";") for row in csv.DictReader(open(f"{folder}/patients.dictionary.csv")) if row["levels"]}',
      'values = [row["tumor_burden"] for row in csv.DictReader(open(f"{folder}/patients.csv")) if row["tumor_burden"]]',
      'order = levels["tumor_burden"]',
      'print(json.dumps({"order": order, "first": sorted(set(values), key=order.index)}))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, workdir], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ order: ['<25', '25-50', '>50'], first: ['<25', '25-50', '>50'] });
  });
});

describe('every table in JSON and Parquet', () => {
  it.each(TABLES)('%s: the JSON export holds the rows of the CSV one', async (table) => {
    const json = JSON.parse((await download(`/export/${table}.json`)).toString()) as Record<string, unknown>[];
    const { header, rows } = parseCsv((await download(`/export/${table}.csv`)).toString());
    expect(json).toHaveLength(rows.length);
    expect(Object.keys(json[0]!)).toEqual(header);
  });

  it.each(TABLES)('%s.parquet reads back with parquet-wasm as the CSV export\'s rows and columns', async (table) => {
    const response = await fetch(`${server.url}/export/${table}.parquet`);
    expect(response.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('PAR1');
    const arrow = tableFromIPC(readParquet(bytes).intoIPCStream());
    const { header, rows } = parseCsv((await download(`/export/${table}.csv`)).toString());
    expect(arrow.numRows).toBe(rows.length);
    expect(arrow.schema.fields.map((field) => field.name)).toEqual(header);
    const ids = arrow.getChild('patient_id')!.toArray() as string[];
    expect([...ids]).toEqual(rows.map((row) => row['patient_id']));
    const dates = arrow.getChild('date') ?? arrow.getChild('index_date')!;
    expect(String(dates.type)).toMatch(/^Date32/);
  });
});

describe('the patients export in the API\'s vocabulary', () => {
  it('names every column as the dictionary does and spells its values as filters do, with a dictionary to match', async () => {
    const { header, rows } = parseCsv((await download('/export/patients.csv?vocabulary=api')).toString());
    const variables = (await server.gql('{ variables { name levels kind } }')).data!.variables as { name: string; levels: string[] | null; kind: string }[];
    const patientLevel = variables.filter((variable) => !/^(lab|grade|imaging)\./.test(variable.name));
    expect(header).toEqual(['externalId', 'site', 'birthDate', 'indexDate', 'liverMetastasisDiagnosisDate', 'lastFollowUpDate', 'deathDate', ...patientLevel.map((variable) => variable.name)]);
    for (const variable of patientLevel.filter((candidate) => candidate.kind !== 'CONTINUOUS')) {
      const allowed = variable.kind === 'BOOLEAN' ? ['true', 'false'] : variable.levels!;
      expect(rows.map((row) => row[variable.name]).filter((value) => value !== '' && !allowed.includes(value!)), variable.name).toEqual([]);
    }
    expect(new Set(rows.map((row) => row['tumorBurden']))).toEqual(new Set(['UNDER_25', 'FROM_25_TO_50', 'OVER_50']));
    expect(rows.every((row) => /^\d+(\.\d{1,2})?$/.test(row['ageAtIndex']!))).toBe(true);
    // The values filter as they are written: a filter built from the export selects the same patients.
    const women = rows.filter((row) => row['sex'] === 'FEMALE' && row['ascitesAtBaseline'] === 'true').length;
    const size = (await server.gql('{ cohort(where: { and: [{ variable: "sex", eq: "FEMALE" }, { variable: "ascitesAtBaseline", eq: "true" }] }) { size } }')).data!.cohort.size;
    expect(women).toBe(size);
    const dictionary = parseCsv((await download('/export/patients.dictionary.csv?vocabulary=api')).toString()).rows;
    expect(dictionary.map((row) => row['name'])).toEqual(header);
    expect(dictionary.find((row) => row['name'] === 'tumorBurden')!['levels']).toBe('UNDER_25;FROM_25_TO_50;OVER_50');
    expect(dictionary.find((row) => row['name'] === 'ascitesAtBaseline')!['levels']).toBe('false;true');
    const refused = await fetch(`${server.url}/export/patients.csv?vocabulary=api&timeUnit=DAYS`);
    expect(refused.status).toBe(400);
  });
});
