/**
 * Clinical events (events.csv, upsertClinicalEvent) and causes of death (death_cause): imported
 * all or nothing with one problem per bad cell, served as Patient.events / Patient.deathCause,
 * written by the mutation with the import's rules, exported as events.csv, deleted by deleteRecord.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/interchange/import/import-folder.js';
import { formatFileIssue } from '../../src/records/validation/issues.js';
import { PROJECT_ROOT } from '../helpers/processes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PBCSEQ = join(PROJECT_ROOT, 'test/fixtures/pbcseq');
let server: TestServer;
let workdir: string;
beforeAll(async () => {
  server = await startTestServer({ seed: false });
  workdir = mkdtempSync(join(tmpdir(), 'clinical-events-'));
});
afterAll(async () => {
  await server.close();
  rmSync(workdir, { recursive: true, force: true });
});

describe('events.csv', () => {
  it('imports the pbcseq transplants of every site, and re-importing changes nothing', async () => {
    for (const site of ['A', 'B', 'C']) {
      const report = await importFolder(server.db, { siteCode: site, folder: join(PBCSEQ, `site-${site}`) });
      expect(report.issues).toEqual([]);
      expect(report.files).toContain('events.csv');
    }
    const transplants = server.db.$client.prepare("SELECT count(*) AS n FROM clinical_events WHERE event = 'TRANSPLANT'").get() as { n: number };
    expect(transplants.n).toBe(29);
    const again = await importFolder(server.db, { siteCode: 'A', folder: join(PBCSEQ, 'site-A') });
    expect(again.counts!.events).toMatchObject({ inserted: 0, updated: 0, unchanged: 13 });
    const patient = await server.gql(`{ patients(first: 400) { nodes { externalId vitalStatus deathCause events { date dayFromIndex event siteOfProgression detail } } } }`);
    expect(patient.errors).toBeUndefined();
    const pbc105 = patient.data!.patients.nodes.find((node: { externalId: string }) => node.externalId === 'PBC105');
    expect(pbc105).toEqual({
      externalId: 'PBC105', vitalStatus: 'ALIVE', deathCause: null,
      events: [{ date: '1988-06-19', dayFromIndex: 3092, event: 'TRANSPLANT', siteOfProgression: null, detail: 'liver transplant (pbcseq status 1)' }],
    });
  });

  it('refuses a folder with bad events or death causes, each bad cell once, writing nothing', async () => {
    const folder = join(workdir, 'bad');
    cpSync(join(PBCSEQ, 'site-A'), folder, { recursive: true });
    writeFileSync(join(folder, 'patients.csv'), [
      'patient_id,sex,age_at_index,index_date,ascites,extrahepatic_metastases,last_follow_up_date,vital_status,death_date,death_cause',
      'X1,F,50,1980-01-01,0,0,1982-01-01,dead,1982-01-01,tumour',
      'X2,F,50,1980-01-01,0,0,1982-01-01,alive,,liver',
      'X3,M,60,1980-01-01,0,0,1983-01-01,dead,1983-01-01,liver',
    ].join('\n'));
    writeFileSync(join(folder, 'events.csv'), [
      'patient_id,date,event,site_of_progression,detail',
      'X3,1981-02-01,progression,liver,',
      'X3,1981-02-01,progression,both,repeated',
      'X3,1981-03-01,relapse,,',
      'X3,1981-04-01,transplant,liver,',
      'X3,1984-01-01,hepatic_decompensation,,after death',
      'NOBODY,1981-01-01,new_therapy,,',
      'X3,1981-05-01,progression,lung,',
    ].join('\n'));
    writeFileSync(join(folder, 'labs.csv'), 'patient_id,date,analyte,value,unit\n');
    const before = server.db.$client.prepare('SELECT count(*) AS n FROM patients').get();
    const report = await importFolder(server.db, { siteCode: 'BAD', folder });
    expect(report.issues.map(formatFileIssue)).toEqual([
      'events.csv:3:1: patient_id: repeats the patient, date and event of line 2',
      'events.csv:4:3: event: "relapse" is not one of progression, transplant, hepatic_decompensation, new_therapy',
      'events.csv:5:4: site_of_progression: is for a progression only: leave it empty for this event',
      "events.csv:6:2: date: clinical event on 1984-01-01 is after the patient's death on 1983-01-01",
      'events.csv:7:1: patient_id: unknown patient "NOBODY" of site BAD: add the patient first',
      'events.csv:8:4: site_of_progression: "lung" is not one of liver, extrahepatic, both',
      'patients.csv:2:10: death_cause: "tumour" is not one of tumor, liver, treatment, other, unknown',
      'patients.csv:3:10: death_cause: must be empty for a patient alive at last follow-up',
    ]);
    expect(server.db.$client.prepare('SELECT count(*) AS n FROM patients').get()).toEqual(before);
  });
});

const UPSERT_EVENT = `mutation($input: ClinicalEventInput!) { upsertClinicalEvent(input: $input) {
  clinicalEvent { id date event siteOfProgression detail } outcome userErrors { field message code } } }`;
const UPSERT_PATIENT = `mutation($input: PatientInput!) { upsertPatient(input: $input) { patient { deathCause } outcome userErrors { field message code } } }`;

describe('upsertClinicalEvent, deathCause, the events export', () => {
  it('adds, corrects, refuses and deletes an event with the import rules; exports it as events.csv', async () => {
    const input = { siteCode: 'A', patientExternalId: 'PBC003', date: '1981-06-01', event: 'PROGRESSION', siteOfProgression: 'LIVER' };
    const added = await server.gql(UPSERT_EVENT, { input });
    expect(added.data!.upsertClinicalEvent).toMatchObject({ outcome: 'INSERTED', userErrors: [], clinicalEvent: { event: 'PROGRESSION', siteOfProgression: 'LIVER' } });
    const corrected = await server.gql(UPSERT_EVENT, { input: { ...input, siteOfProgression: 'BOTH', detail: 'new lesions' } });
    expect(corrected.data!.upsertClinicalEvent).toMatchObject({ outcome: 'UPDATED', clinicalEvent: { id: added.data!.upsertClinicalEvent.clinicalEvent.id, siteOfProgression: 'BOTH' } });
    const refused = await server.gql(UPSERT_EVENT, { input: { ...input, date: '1990-01-01', event: 'TRANSPLANT' } });
    expect(refused.data!.upsertClinicalEvent).toEqual({
      clinicalEvent: null, outcome: null,
      userErrors: [
        { field: ['input', 'siteOfProgression'], message: 'is for a progression only: leave it empty for this event', code: 'INVALID_VALUE' },
      ],
    });
    const afterDeath = await server.gql(UPSERT_EVENT, { input: { ...input, date: '1990-01-01', siteOfProgression: null } });
    expect(afterDeath.data!.upsertClinicalEvent.userErrors).toEqual([
      { field: ['input', 'date'], message: "clinical event on 1990-01-01 is after the patient's death on 1982-10-09", code: 'DATE_ORDER' },
    ]);

    const csv = await (await fetch(`${server.url}/export/events.csv`)).text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('patient_id,site,date,event,site_of_progression,detail,day_from_index');
    expect(lines).toContain('PBC003,A,1981-06-01,progression,both,new lesions,517');
    expect(lines.filter((line) => line.includes(',transplant,'))).toHaveLength(29);

    const deleted = await server.gql('mutation($id: ID!) { deleteRecord(siteCode: "A", type: CLINICAL_EVENT, id: $id) { deletedId userErrors { code } } }', { id: added.data!.upsertClinicalEvent.clinicalEvent.id });
    expect(deleted.data!.deleteRecord).toEqual({ deletedId: added.data!.upsertClinicalEvent.clinicalEvent.id, userErrors: [] });
  });

  it('records a cause of death for a patient who died, not for one alive', async () => {
    const patient = {
      siteCode: 'A', externalId: 'PBC003', sex: 'MALE', ageAtIndex: 70.072553045859, indexDate: '1980-01-01', ascitesAtBaseline: false,
      extrahepaticMetastases: false, lastFollowUpDate: '1982-10-09', vitalStatus: 'DEAD', deathDate: '1982-10-09', deathCause: 'LIVER',
    };
    const written = await server.gql(UPSERT_PATIENT, { input: patient });
    expect(written.data!.upsertPatient).toMatchObject({ outcome: 'UPDATED', userErrors: [], patient: { deathCause: 'LIVER' } });
    const alive = await server.gql(UPSERT_PATIENT, { input: { ...patient, vitalStatus: 'ALIVE', deathDate: null } });
    expect(alive.data!.upsertPatient.userErrors).toEqual([
      { field: ['input', 'deathCause'], message: 'must be empty for a patient alive at last follow-up', code: 'INVALID_VALUE' },
    ]);
  });
});
