/**
 * The export URLs over HTTP on the demo cohort: every table in every format holds what the
 * GraphQL read API says (rows, filters, derived variables, survival time in the unit asked), Arrow
 * carries typed columns in record batches of at most 10,000 rows, and a bad request gets a 400
 * with the GraphQL error shape before anything is streamed.
 */
import { RecordBatchReader, tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDatabase } from '../../src/records/demo-database.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

/** Rows of a CSV without quoted cells (the demo's values have none), keyed by the header. */
function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [columns[index]!, cell])));
}

async function download(path: string) {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

const where = (filter: unknown) => `where=${encodeURIComponent(JSON.stringify(filter))}`;

interface GraphQLPatient {
  externalId: string; ageAtIndex: number; followUpMonths: number; treatmentCount: number; totalActivityGbq: number;
  treatmentDistribution: string | null; priorTherapies: string[]; vitalStatus: string; indexDate: string; deathDate: string | null;
  lastFollowUpDate: string; labs: unknown[]; treatments: unknown[]; imaging: unknown[];
}

async function graphqlPatients(filter: unknown = null): Promise<GraphQLPatient[]> {
  const result = await server.gql(`query($where: PatientFilter) { patients(where: $where, first: 500) { nodes {
    externalId ageAtIndex followUpMonths treatmentCount totalActivityGbq treatmentDistribution priorTherapies vitalStatus
    indexDate deathDate lastFollowUpDate labs { id } treatments { id } imaging { id } } } }`, { where: filter });
  expect(result.errors).toBeUndefined();
  return result.data!.patients.nodes;
}

describe('patients', () => {
  it('one CSV row per patient: the import columns, the site, the derived variables and survival', async () => {
    const csv = await download('/export/patients.csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(csv.body.toString());
    expect(Object.keys(rows[0]!)).toEqual([
      'patient_id', 'site', 'sex', 'birth_date', 'age_at_index', 'index_date', 'ecog', 'tumor_type', 'differentiation', 'tumor_burden',
      'ascites', 'extrahepatic_metastases', 'child_pugh', 'prior_therapies', 'liver_metastasis_diagnosis_date', 'last_follow_up_date',
      'vital_status', 'death_date', 'death_cause', 'anyPriorTherapy', 'priorTherapy.TACE', 'priorTherapy.RESECTION', 'priorTherapy.SYSTEMIC_CHEMOTHERAPY',
      'priorTherapy.ABLATION', 'monthsFromDiagnosisToIndex', 'treatmentDistribution', 'treatmentCount', 'totalActivityGbq',
      'followUpMonths', 'survivalTime', 'event',
    ]);
    const patients = await graphqlPatients();
    expect(rows.map((row) => row['patient_id'])).toEqual(patients.map((patient) => patient.externalId));
    for (const [index, patient] of patients.entries()) {
      const row = rows[index]!;
      expect(Number(row['age_at_index'])).toBe(patient.ageAtIndex);
      expect(Number(row['followUpMonths'])).toBe(patient.followUpMonths);
      expect(Number(row['survivalTime'])).toBeCloseTo(patient.followUpMonths, 12);
      expect(row['event']).toBe(patient.vitalStatus === 'DEAD' ? '1' : '0');
      expect(row['vital_status']).toBe(patient.vitalStatus.toLowerCase());
      expect(Number(row['treatmentCount'])).toBe(patient.treatmentCount);
      expect(Number(row['totalActivityGbq'])).toBeCloseTo(patient.totalActivityGbq, 12);
      expect(row['treatmentDistribution']).toBe(patient.treatmentDistribution ?? '');
      expect(row['anyPriorTherapy']).toBe(patient.priorTherapies.length > 0 ? '1' : '0');
      expect(row['priorTherapy.RESECTION']).toBe(patient.priorTherapies.includes('RESECTION') ? '1' : '0');
      expect(row['prior_therapies']).toBe(patient.priorTherapies.map((therapy) => therapy.toLowerCase()).join(';'));
    }
  });

  it('takes the survival time unit, and serves the same rows as JSON and Arrow', async () => {
    const days = parseCsv((await download('/export/patients.csv?timeUnit=DAYS')).body.toString());
    const years = parseCsv((await download('/export/patients.csv?timeUnit=YEARS')).body.toString());
    for (const [index, row] of days.entries()) {
      const elapsed = (Date.parse(row['death_date'] || row['last_follow_up_date']!) - Date.parse(row['index_date']!)) / 86_400_000;
      expect(Number(row['survivalTime'])).toBe(elapsed);
      expect(Number(years[index]!['survivalTime'])).toBeCloseTo(elapsed / 365.25, 12);
    }

    const json = await download('/export/patients.json?timeUnit=DAYS');
    expect(json.type).toBe('application/json; charset=utf-8');
    const objects = JSON.parse(json.body.toString()) as Record<string, unknown>[];
    expect(objects).toHaveLength(days.length);
    expect(objects[0]).toMatchObject({ patient_id: days[0]!['patient_id'], ascites: days[0]!['ascites'] === '1', survivalTime: Number(days[0]!['survivalTime']) });

    const arrow = await download('/export/patients.arrow');
    expect(arrow.type).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(arrow.body);
    expect(table.numRows).toBe(days.length);
    const types = Object.fromEntries(table.schema.fields.map((field) => [field.name, String(field.type)]));
    expect(types).toMatchObject({ patient_id: 'Utf8', index_date: 'Date32<DAY>', age_at_index: 'Float64', ecog: 'Int32', ascites: 'Bool', 'priorTherapy.TACE': 'Bool', event: 'Int32' });
    const first = table.get(0)!.toJSON();
    expect(new Date(first['index_date'] as number).toISOString().slice(0, 10)).toBe(days[0]!['index_date']);
  });

  it('exports the cohort a PatientFilter describes', async () => {
    const filter = { variable: 'childPugh', in: ['B', 'C'] };
    const rows = parseCsv((await download(`/export/patients.csv?${where(filter)}`)).body.toString());
    const patients = await graphqlPatients(filter);
    expect(rows.map((row) => row['patient_id'])).toEqual(patients.map((patient) => patient.externalId));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row['child_pugh'] === 'B' || row['child_pugh'] === 'C')).toBe(true);
  });
});

describe('labs, treatments and imaging', () => {
  it('long format: one row per record of the cohort, with day from index, timepoint, canonical and received values, and grade', async () => {
    const filter = { variable: 'ascitesAtBaseline', eq: 'true' };
    const patients = await graphqlPatients(filter);
    const labs = parseCsv((await download(`/export/labs.csv?${where(filter)}`)).body.toString());
    expect(Object.keys(labs[0]!)).toEqual([
      'patient_id', 'site', 'date', 'analyte', 'value', 'unit', 'lower_limit_of_normal', 'upper_limit_of_normal',
      'received_value', 'received_unit', 'day_from_index', 'timepoint', 'grade_v5',
    ]);
    expect(labs).toHaveLength(patients.reduce((sum, patient) => sum + patient.labs.length, 0));
    expect(new Set(labs.map((row) => row['patient_id']))).toEqual(new Set(patients.filter((patient) => patient.labs.length > 0).map((patient) => patient.externalId)));
    const baseline = labs.find((row) => Number(row['day_from_index']) <= 0 && Number(row['day_from_index']) >= -90);
    expect(baseline?.['timepoint']).toBe('BASELINE');

    const result = await server.gql(`query($where: PatientFilter) { patients(where: $where, first: 1) { nodes { externalId
      labs { analyte collectedOn value unit receivedValue receivedUnit dayFromIndex upperLimitOfNormal grade timepoint } } } }`, { where: filter });
    const patient = result.data!.patients.nodes[0];
    const exported = labs.filter((row) => row['patient_id'] === patient.externalId);
    for (const lab of patient.labs) {
      const row = exported.find((candidate) => candidate['analyte'] === lab.analyte && candidate['date'] === lab.collectedOn);
      expect(row).toMatchObject({
        value: String(lab.value), unit: lab.unit, received_value: String(lab.receivedValue), received_unit: lab.receivedUnit,
        day_from_index: String(lab.dayFromIndex), upper_limit_of_normal: String(lab.upperLimitOfNormal),
        grade_v5: lab.grade === null ? '' : String(lab.grade), timepoint: lab.timepoint ?? '',
      });
    }

    const treatments = parseCsv((await download(`/export/treatments.csv?${where(filter)}`)).body.toString());
    expect(treatments).toHaveLength(patients.reduce((sum, patient) => sum + patient.treatments.length, 0));
    expect(treatments.filter((row) => row['day_from_index'] === '0').length).toBe(patients.filter((patient) => patient.treatments.length > 0).length);
    const imaging = parseCsv((await download(`/export/imaging.csv?${where(filter)}`)).body.toString());
    expect(imaging).toHaveLength(patients.reduce((sum, patient) => sum + patient.imaging.length, 0));

    const arrow = tableFromIPC((await download(`/export/labs.arrow?${where(filter)}`)).body);
    expect(arrow.numRows).toBe(labs.length);
    expect(Object.fromEntries(arrow.schema.fields.map((field) => [field.name, String(field.type)]))).toMatchObject({
      date: 'Date32<DAY>', value: 'Float64', day_from_index: 'Int32', grade_v5: 'Int32', timepoint: 'Dictionary<Int32, Utf8>', analyte: 'Dictionary<Int32, Utf8>',
    });
  });
});

describe('bad requests', () => {
  async function errorOf(path: string) {
    const response = await download(path);
    return { status: response.status, body: JSON.parse(response.body.toString()) as { errors: { message: string; extensions: Record<string, unknown> }[] } };
  }

  it('answer 400 with the error shape of /graphql, naming the argument', async () => {
    const notJson = await errorOf('/export/patients.csv?where=%7Bnope');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'where' });
    expect(notJson.body.errors[0]!.message).toMatch(/`where` is not valid JSON/);

    const unknownVariable = await errorOf(`/export/labs.csv?${where({ and: [{ variable: 'childPugh', eq: 'B' }, { variable: 'nope', eq: 'x' }] })}`);
    expect(unknownVariable.status).toBe(400);
    expect(unknownVariable.body.errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'where.and[1].variable' });

    const unknownField = await errorOf(`/export/labs.csv?${where({ variabel: 'childPugh' })}`);
    expect(unknownField.body.errors[0]!).toEqual({ message: '`where` is not a PatientFilter: unknown PatientFilter field "variabel".', extensions: { code: 'BAD_USER_INPUT', argument: 'where.variabel' } });

    const timeUnit = await errorOf('/export/patients.csv?timeUnit=WEEKS');
    expect(timeUnit.body.errors[0]!).toEqual({ message: '`timeUnit` must be one of DAYS, MONTHS, YEARS, got "WEEKS".', extensions: { code: 'BAD_USER_INPUT', argument: 'timeUnit' } });

    const labsTimeUnit = await errorOf('/export/labs.csv?timeUnit=DAYS');
    expect(labsTimeUnit.body.errors[0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'timeUnit' });
  });

  it('answer 404 for an export that does not exist, listing those that do', async () => {
    const missing = await errorOf('/export/labs.xlsx');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]!.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(missing.body.errors[0]!.message).toMatch(/\/export\/labs\.arrow, \/export\/labs\.json, \/export\/labs\.parquet/);
    expect(missing.body.errors[0]!.message).toMatch(/\/export\/labs\.dictionary\.csv/);
  });
});

describe('a larger registry', () => {
  it('streams Arrow in record batches of 10,000 rows', async () => {
    const large = await startTestServer({ seed: false });
    try {
      await seedDemoDatabase(large.db, { patients: 1_000 });
      const response = await fetch(`${large.url}/export/labs.arrow`);
      const batches = [...RecordBatchReader.from(new Uint8Array(await response.arrayBuffer()))];
      const rows = batches.reduce((sum, batch) => sum + batch.numRows, 0);
      const csvRows = (await (await fetch(`${large.url}/export/labs.csv`)).text()).trimEnd().split('\n').length - 1;
      expect(rows).toBe(csvRows);
      expect(rows).toBeGreaterThan(20_000);
      expect(batches.map((batch) => batch.numRows)).toEqual([...Array.from({ length: Math.floor(rows / 10_000) }, () => 10_000), rows % 10_000]);
    } finally {
      await large.close();
    }
  });
});
