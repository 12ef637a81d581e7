/**
 * The write mutations through GraphQL over HTTP on the demo cohort: records are added, corrected
 * (only when a value differs), and deleted; bad data comes back as userErrors with the input
 * field's path and the CSV import's own messages, and then nothing is written; grades follow.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/interchange/import/import-folder.js';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const other = await importFolder(server.db, { siteCode: 'OTHER', folder: join(PROJECT_ROOT, 'examples/import') });
  expect(other.issues).toEqual([]);
});
afterAll(async () => { await server.close(); });

const SITE = 'SITE01';

const PATIENT = {
  siteCode: SITE,
  externalId: 'WRITE-001',
  sex: 'FEMALE',
  birthDate: '1956-06-15',
  indexDate: '2015-03-03',
  ecog: 0,
  tumorType: 'CARCINOID',
  tumorBurden: 'UNDER_25',
  ascitesAtBaseline: false,
  extrahepaticMetastases: true,
  priorTherapies: ['RESECTION', 'TACE'],
  lastFollowUpDate: '2017-01-10',
  vitalStatus: 'DEAD',
  deathDate: '2017-02-01',
};

const UPSERT_PATIENT = `mutation($input: PatientInput!) { upsertPatient(input: $input) {
  patient { id externalId ageAtIndex ecog priorTherapies indexDate site { code } } outcome userErrors { field message code } } }`;
const UPSERT_TREATMENT = `mutation($input: TreatmentInput!) { upsertTreatment(input: $input) {
  treatment { id date target activityGbq } outcome userErrors { field message code } } }`;
const UPSERT_LABS = `mutation($input: LabResultsInput!) { upsertLabResults(input: $input) {
  labResults { id analyte value unit receivedValue receivedUnit collectedOn grade } inserted updated unchanged userErrors { field message code } } }`;
const UPSERT_IMAGING = `mutation($input: ImagingStudyInput!) { upsertImagingStudy(input: $input) {
  imagingStudy { id date modality ascites recist } outcome userErrors { field message code } } }`;
const DELETE = 'mutation($type: RecordType!, $id: ID!, $site: String!) { deleteRecord(siteCode: $site, type: $type, id: $id) { deletedId userErrors { field message code } } }';

async function patientCount(): Promise<number> {
  const result = await server.gql('{ patients(first: 1) { totalCount } }');
  return result.data!.patients.totalCount;
}

describe('upsertPatient', () => {
  it('adds a patient, finds nothing to change when restated, and corrects a field', async () => {
    const added = await server.gql(UPSERT_PATIENT, { input: PATIENT });
    expect(added.errors).toBeUndefined();
    const payload = added.data!.upsertPatient;
    expect(payload.userErrors).toEqual([]);
    expect(payload.outcome).toBe('INSERTED');
    expect(payload.patient).toMatchObject({ externalId: 'WRITE-001', ecog: 0, priorTherapies: ['RESECTION', 'TACE'], site: { code: SITE } });
    expect(payload.patient.ageAtIndex).toBeCloseTo((Date.parse('2015-03-03') - Date.parse('1956-06-15')) / 86_400_000 / 365.25, 10);
    const count = await patientCount();

    const same = await server.gql(UPSERT_PATIENT, { input: PATIENT });
    expect(same.data!.upsertPatient).toMatchObject({ outcome: 'UNCHANGED', userErrors: [], patient: { id: payload.patient.id } });

    const corrected = await server.gql(UPSERT_PATIENT, { input: { ...PATIENT, ecog: 1 } });
    expect(corrected.data!.upsertPatient).toMatchObject({ outcome: 'UPDATED', patient: { id: payload.patient.id, ecog: 1 } });
    expect(await patientCount()).toBe(count);
  });

  it('returns every problem as a userError with its field path, and writes nothing', async () => {
    const count = await patientCount();
    const refused = await server.gql(UPSERT_PATIENT, {
      input: { ...PATIENT, externalId: 'WRITE-BAD', birthDate: null, ecog: 7, lastFollowUpDate: '2014-12-01', deathDate: null, indexDate: '2999-01-01' },
    });
    expect(refused.status).toBe(200);
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.upsertPatient.patient).toBeNull();
    expect(refused.data!.upsertPatient.outcome).toBeNull();
    expect(refused.data!.upsertPatient.userErrors).toEqual([
      { field: ['input', 'indexDate'], message: '2999-01-01 is in the future', code: 'INVALID_VALUE' },
      { field: ['input', 'ecog'], message: 'must be an integer from 0 to 4, got 7', code: 'INVALID_VALUE' },
      { field: ['input', 'ageAtIndex'], message: 'give a birth date or an age at the index date', code: 'INVALID_VALUE' },
      { field: ['input', 'deathDate'], message: 'is required for a patient who died', code: 'INVALID_VALUE' },
    ]);
    expect(await patientCount()).toBe(count);
  });

  it('refuses an unknown site, and an index date that would follow a stored session', async () => {
    const unknownSite = await server.gql(UPSERT_PATIENT, { input: { ...PATIENT, siteCode: 'NOWHERE' } });
    expect(unknownSite.data!.upsertPatient.userErrors).toEqual([
      { field: ['input', 'siteCode'], message: 'unknown site "NOWHERE": a site is created by its first import', code: 'UNKNOWN_SITE' },
    ]);

    const stored = await server.gql('{ patients(first: 1) { nodes { externalId sex ageAtIndex indexDate ascitesAtBaseline extrahepaticMetastases lastFollowUpDate vitalStatus deathDate } } }');
    const patient = stored.data!.patients.nodes[0];
    const moved = await server.gql(UPSERT_PATIENT, {
      input: { siteCode: SITE, ...patient, indexDate: '2001-01-01' },
    });
    expect(moved.data!.upsertPatient.userErrors).toEqual([{
      field: ['input', 'indexDate'],
      message: `index date 2001-01-01 is not the date of the patient's first TARE session, ${patient.indexDate}`,
      code: 'DATE_ORDER',
    }]);
  });
});

describe('upsertTreatment', () => {
  it('starts at the index date, refuses a session before it, and adds later ones', async () => {
    const session = { siteCode: SITE, patientExternalId: 'WRITE-001', target: 'RIGHT_LOBE', device: 'RESIN', activityGbq: 1.2 };
    const before = await server.gql(UPSERT_TREATMENT, { input: { ...session, date: '2015-03-01' } });
    expect(before.data!.upsertTreatment.userErrors).toEqual([{
      field: ['input', 'date'], message: "TARE session on 2015-03-01 is before the patient's index date 2015-03-03 (the first session)", code: 'DATE_ORDER',
    }]);
    const later = await server.gql(UPSERT_TREATMENT, { input: { ...session, date: '2015-04-14' } });
    expect(later.data!.upsertTreatment.userErrors).toEqual([{
      field: ['input', 'date'], message: "the stored index date 2015-03-03 is not the date of the patient's first TARE session, 2015-04-14", code: 'DATE_ORDER',
    }]);
    const first = await server.gql(UPSERT_TREATMENT, { input: { ...session, date: '2015-03-03' } });
    expect(first.data!.upsertTreatment).toMatchObject({ outcome: 'INSERTED', userErrors: [], treatment: { date: '2015-03-03', target: 'RIGHT_LOBE' } });
    const second = await server.gql(UPSERT_TREATMENT, { input: { ...session, target: 'LEFT_LOBE', date: '2015-04-14' } });
    expect(second.data!.upsertTreatment.outcome).toBe('INSERTED');
    const dose = await server.gql(UPSERT_TREATMENT, { input: { ...session, target: 'LEFT_LOBE', date: '2015-04-14', activityGbq: 0.9 } });
    expect(dose.data!.upsertTreatment).toMatchObject({ outcome: 'UPDATED', treatment: { id: second.data!.upsertTreatment.treatment.id, activityGbq: 0.9 } });

    const patient = await server.gql('{ patients(where: { variable: "treatmentDistribution", eq: "BILOBAR" }, first: 500) { nodes { externalId totalActivityGbq } } }');
    expect(patient.data!.patients.nodes.find((node: { externalId: string }) => node.externalId === 'WRITE-001')?.totalActivityGbq).toBeCloseTo(2.1, 10);
  });
});

describe('upsertLabResults', () => {
  const lab = (overrides: Record<string, unknown>) => ({ patientExternalId: 'WRITE-001', analyte: 'ALP', collectedOn: '2015-02-20', value: 90, unit: 'U/L', upperLimitOfNormal: 100, ...overrides });

  it('converts to the canonical unit, keeps what was received, accepts LOINC codes, and grades', async () => {
    const written = await server.gql(UPSERT_LABS, { input: { siteCode: SITE, results: [
      lab({ analyte: 'albumin', value: 31, unit: 'g/L', upperLimitOfNormal: null }),
      lab({ analyte: '1975-2', value: 34.2, unit: 'µmol/L', upperLimitOfNormal: 20.52 }),
      lab({}),
      lab({ collectedOn: '2015-09-01', value: 600 }),
    ] } });
    expect(written.errors).toBeUndefined();
    const payload = written.data!.upsertLabResults;
    expect(payload).toMatchObject({ inserted: 4, updated: 0, unchanged: 0, userErrors: [] });
    expect(payload.labResults.map((result: { analyte: string }) => result.analyte)).toEqual(['ALBUMIN', 'BILIRUBIN', 'ALP', 'ALP']);
    expect(payload.labResults[0]).toMatchObject({ value: 3.1, unit: 'g/dL', receivedValue: 31, receivedUnit: 'g/L' });
    expect(payload.labResults[1]).toMatchObject({ value: 2, unit: 'mg/dL', receivedValue: 34.2, receivedUnit: 'µmol/L' });
    // 600 U/L is 6 × ULN of a normal baseline: CTCAE v5.0 grade 3 (> 5.0–20.0 × ULN).
    expect(payload.labResults[3].grade).toBe(3);

    const lowered = await server.gql(UPSERT_LABS, { input: { siteCode: SITE, results: [lab({}), lab({ collectedOn: '2015-09-01', value: 180 })] } });
    expect(lowered.data!.upsertLabResults).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    expect(lowered.data!.upsertLabResults.labResults[1]).toMatchObject({ id: payload.labResults[3].id, value: 180, grade: 1 });
  });

  it('writes a value outside the plausible range with its warning, which the lab result carries', async () => {
    const written = await server.gql(
      'mutation($input: LabResultsInput!) { upsertLabResults(input: $input) { labResults { analyte value plausibilityWarning } userErrors { message } } }',
      { input: { siteCode: SITE, results: [lab({ analyte: 'ALT', collectedOn: '2015-04-01', value: 12000 }), lab({ analyte: 'ALT', collectedOn: '2015-05-01', value: 40 })] } },
    );
    expect(written.errors).toBeUndefined();
    expect(written.data!.upsertLabResults).toEqual({
      labResults: [
        { analyte: 'ALT', value: 12000, plausibilityWarning: 'ALT 12000 U/L is above 10000 U/L, outside the physiologically plausible range 1–10000 U/L: check the value and its unit (the row is kept, with this warning)' },
        { analyte: 'ALT', value: 40, plausibilityWarning: null },
      ],
      userErrors: [],
    });
  });

  it('checks the whole batch with the import\'s messages, and writes none of it on any problem', async () => {
    const refused = await server.gql(UPSERT_LABS, { input: { siteCode: SITE, results: [
      lab({ collectedOn: '2016-01-05', unit: 'mg' }),
      lab({ collectedOn: '2016-01-05', analyte: 'AST' }),
      lab({ collectedOn: '2016-01-05', analyte: 'ast', value: 41 }),
      lab({ patientExternalId: 'NOBODY', collectedOn: '2016-01-05' }),
      lab({ collectedOn: '2017-03-01' }),
      lab({ analyte: 'GLUCOSE' }),
    ] } });
    const payload = refused.data!.upsertLabResults;
    expect(payload).toMatchObject({ labResults: [], inserted: 0 });
    expect(payload.userErrors).toEqual([
      { field: ['input', 'results', '0', 'unit'], message: 'unknown unit "mg" for ALP; accepted units: "U/L" (also "IU/L"), "µkat/L"', code: 'INVALID_VALUE' },
      { field: ['input', 'results', '2', 'patientExternalId'], message: 'repeats the patient, analyte and date of results[1]', code: 'DUPLICATE' },
      { field: ['input', 'results', '3', 'patientExternalId'], message: 'unknown patient "NOBODY" of site SITE01: add the patient first', code: 'UNKNOWN_PATIENT' },
      { field: ['input', 'results', '4', 'collectedOn'], message: "lab result on 2017-03-01 is after the patient's death on 2017-02-01", code: 'DATE_ORDER' },
      { field: ['input', 'results', '5', 'analyte'], message: 'unknown analyte "GLUCOSE": give an analyte name (ALBUMIN, ALP, ...) or one of its LOINC codes', code: 'INVALID_VALUE' },
    ]);
    const stored = await server.gql('{ patients(where: { variable: "ageAtIndex", gt: 0 }, first: 500) { nodes { externalId labs(analyte: AST) { id } } } }');
    expect(stored.data!.patients.nodes.find((node: { externalId: string }) => node.externalId === 'WRITE-001')?.labs).toEqual([]);
  });
});

describe('upsertImagingStudy and deleteRecord', () => {
  it('adds and corrects an imaging study, and deletes records of the site only', async () => {
    const study = { siteCode: SITE, patientExternalId: 'WRITE-001', date: '2016-03-02', modality: 'CT', ascites: false, cirrhosisLikeMorphology: false, splenomegaly: true, varices: false };
    const added = await server.gql(UPSERT_IMAGING, { input: study });
    expect(added.data!.upsertImagingStudy).toMatchObject({ outcome: 'INSERTED', imagingStudy: { modality: 'CT', recist: null } });
    const read = await server.gql(UPSERT_IMAGING, { input: { ...study, recist: 'PR' } });
    expect(read.data!.upsertImagingStudy).toMatchObject({ outcome: 'UPDATED', imagingStudy: { id: added.data!.upsertImagingStudy.imagingStudy.id, recist: 'PR' } });

    const id = added.data!.upsertImagingStudy.imagingStudy.id;
    const otherSite = await server.gql(DELETE, { site: 'OTHER', type: 'IMAGING_STUDY', id });
    expect(otherSite.data!.deleteRecord).toEqual({ deletedId: null, userErrors: [{ field: ['id'], message: `site OTHER has no imaging study with id "${id}"`, code: 'NOT_FOUND' }] });
    const unknownSite = await server.gql(DELETE, { site: 'NOWHERE', type: 'IMAGING_STUDY', id });
    expect(unknownSite.data!.deleteRecord.userErrors).toEqual([{ field: ['siteCode'], message: 'unknown site "NOWHERE": a site is created by its first import', code: 'UNKNOWN_SITE' }]);
    const deleted = await server.gql(DELETE, { site: SITE, type: 'IMAGING_STUDY', id });
    expect(deleted.data!.deleteRecord).toEqual({ deletedId: id, userErrors: [] });
    const again = await server.gql(DELETE, { site: SITE, type: 'IMAGING_STUDY', id });
    expect(again.data!.deleteRecord.userErrors).toEqual([{ field: ['id'], message: `site SITE01 has no imaging study with id "${id}"`, code: 'NOT_FOUND' }]);
  });

  it('deletes a patient with all their records', async () => {
    const found = await server.gql('{ patients(where: { variable: "ageAtIndex", gt: 0 }, first: 500) { nodes { id externalId } } }');
    const id = found.data!.patients.nodes.find((node: { externalId: string }) => node.externalId === 'WRITE-001').id;
    const count = await patientCount();
    const deleted = await server.gql(DELETE, { site: SITE, type: 'PATIENT', id });
    expect(deleted.data!.deleteRecord).toEqual({ deletedId: id, userErrors: [] });
    expect(await patientCount()).toBe(count - 1);
    const gone = await server.gql('query($id: ID!) { patient(id: $id) { id } }', { id });
    expect(gone.data!.patient).toBeNull();
  });
});
