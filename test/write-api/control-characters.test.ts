/**
 * NUL and bidirectional control characters (Trojan Source, CVE-2021-42574) are refused by the
 * write mutations, with the validation the CSV import shares (src/records/validation/cells.ts):
 * a userError on the field, naming the character and where it is in the value; nothing written.
 * The import's side is test/import/control-characters.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server.close(); });

const UPSERT_PATIENT = `mutation($input: PatientInput!) { upsertPatient(input: $input) {
  patient { id } outcome userErrors { field message code } } }`;
const UPSERT_LABS = `mutation($input: LabResultsInput!) { upsertLabResults(input: $input) {
  labResults { id } inserted userErrors { field message code } } }`;

const PATIENT = {
  siteCode: 'SITE01',
  sex: 'FEMALE',
  birthDate: '1956-06-15',
  indexDate: '2015-03-03',
  ascitesAtBaseline: false,
  extrahepaticMetastases: false,
  lastFollowUpDate: '2017-01-10',
  vitalStatus: 'ALIVE',
};

const REMOVE_IT = 'remove it (NUL and bidirectional control characters are not accepted in any value)';

async function patientCount(): Promise<number> {
  return (await server.gql('{ patients(first: 1) { totalCount } }')).data!.patients.totalCount;
}

it('refuses a patient identifier with a right-to-left override, or a NUL, as a userError on the field', async () => {
  const before = await patientCount();
  for (const [externalId, character, position] of [['NET-\u202E100', 'U+202E RIGHT-TO-LEFT OVERRIDE', 5], ['NET-100\u0000', 'U+0000 NUL', 8], ['\u2066NET-100', 'U+2066 LEFT-TO-RIGHT ISOLATE', 1]] as const) {
    const refused = await server.gql(UPSERT_PATIENT, { input: { ...PATIENT, externalId } });
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.upsertPatient).toEqual({
      patient: null,
      outcome: null,
      userErrors: [{ field: ['input', 'externalId'], message: `contains ${character} at character ${position}: ${REMOVE_IT}`, code: 'INVALID_VALUE' }],
    });
  }
  expect(await patientCount()).toBe(before);

  const accepted = await server.gql(UPSERT_PATIENT, { input: { ...PATIENT, externalId: 'NET-100 é' } });
  expect(accepted.data!.upsertPatient).toMatchObject({ outcome: 'INSERTED', userErrors: [] });
});

it('refuses a lab unit with a right-to-left mark in a batch, naming the result, and writes none of it', async () => {
  const patient = (await server.gql('{ patients(first: 1) { nodes { externalId indexDate site { code } } } }')).data!.patients.nodes[0];
  const result = { patientExternalId: patient.externalId, analyte: 'ALBUMIN', collectedOn: '2020-01-02', value: 38 };
  const refused = await server.gql(UPSERT_LABS, {
    input: { siteCode: patient.site.code, results: [{ ...result, unit: 'g/L' }, { ...result, collectedOn: '2020-01-03', unit: 'g/\u200FL' }] },
  });
  expect(refused.errors).toBeUndefined();
  expect(refused.data!.upsertLabResults).toEqual({
    labResults: [],
    inserted: 0,
    userErrors: [{ field: ['input', 'results', '1', 'unit'], message: `contains U+200F RIGHT-TO-LEFT MARK at character 3: ${REMOVE_IT}`, code: 'INVALID_VALUE' }],
  });
});
