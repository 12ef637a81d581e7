/**
 * Endpoints (docs/endpoints.md) through GraphQL: on six patients whose (time, status) follow from
 * the rules by hand, every preset, a custom LAB_GRADE endpoint, origins, landmark and
 * administrative censoring give the Kaplan-Meier risk sets they should; Cox reports who it left
 * out; no endpoint is overall survival, as before.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/interchange/import/import-folder.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let workdir: string;

/** Day `n` after 2020-01-01. */
const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startTestServer({ seed: false });
  workdir = mkdtempSync(join(tmpdir(), 'endpoints-'));
  const patient = (id: string, lastFollowUp: number, death: { day: number; cause: string } | null, extra: { ecog?: number; diagnosis?: number } = {}) =>
    [id, 'F', '60', day(0), extra.ecog ?? '', '0', '0', extra.diagnosis === undefined ? '' : day(extra.diagnosis), day(lastFollowUp),
      death ? 'dead' : 'alive', death ? day(death.day) : '', death?.cause ?? ''].join(',');
  writeFileSync(join(workdir, 'patients.csv'), [
    'patient_id,sex,age_at_index,index_date,ecog,ascites,extrahepatic_metastases,liver_metastasis_diagnosis_date,last_follow_up_date,vital_status,death_date,death_cause',
    patient('P1', 300, { day: 300, cause: 'tumor' }, { ecog: 0, diagnosis: -100 }),
    patient('P2', 400, null, { ecog: 1, diagnosis: -50 }),
    patient('P3', 150, { day: 150, cause: 'liver' }, { ecog: 0, diagnosis: -30 }),
    patient('P4', 500, null, { ecog: 1 }),
    patient('P5', 600, null),
    patient('P6', 50, { day: 50, cause: 'treatment' }, { ecog: 0 }),
  ].join('\n'));
  writeFileSync(join(workdir, 'events.csv'), [
    'patient_id,date,event,site_of_progression,detail',
    `P1,${day(100)},progression,liver,`,
    `P4,${day(250)},progression,extrahepatic,`,
    `P4,${day(350)},hepatic_decompensation,,ascites`,
    `P6,${day(50)},progression,,`,
  ].join('\n'));
  writeFileSync(join(workdir, 'imaging.csv'), [
    'patient_id,date,modality,ascites,cirrhosis_like_morphology,splenomegaly,varices,recist',
    `P2,${day(-10)},CT,0,0,0,0,`,
    `P2,${day(200)},CT,0,0,0,0,PD`,
  ].join('\n'));
  writeFileSync(join(workdir, 'labs.csv'), [
    'patient_id,date,analyte,value,unit',
    `P5,${day(0)},PLATELETS,60,10^9/L`,
    `P5,${day(120)},PLATELETS,60,10^9/L`,
    `P3,${day(100)},PLATELETS,80,10^9/L`,
  ].join('\n'));
  const report = await importFolder(server.db, { siteCode: 'T', folder: workdir });
  expect(report.issues).toEqual([]);
});
afterAll(async () => {
  await server.close();
  rmSync(workdir, { recursive: true, force: true });
});

interface Point { time: number; nEvent: number; nCensor: number }

/** The (time, status) pairs a Kaplan-Meier curve was fitted to: status 1 events, 0 censored. */
async function outcomes(endpoint: unknown): Promise<{ n: number; pairs: [number, number][] }> {
  const result = await server.gql(`query($endpoint: EndpointInput) { cohort { survival(endpoint: $endpoint, options: { timeUnit: DAYS }) {
    n curve { time nEvent nCensor } } } }`, { endpoint });
  expect(result.errors).toBeUndefined();
  const estimate = result.data!.cohort.survival;
  const pairs = estimate.curve.flatMap((p: Point) => [
    ...Array.from({ length: p.nEvent }, () => [p.time, 1] as [number, number]),
    ...Array.from({ length: p.nCensor }, () => [p.time, 0] as [number, number]),
  ]);
  return { n: estimate.n, pairs };
}

describe('endpoint presets and options', () => {
  it('OS, PFS, TTP and HEPATIC_PFS follow the rules of docs/endpoints.md', async () => {
    expect(await outcomes(null)).toEqual({ n: 6, pairs: [[50, 1], [150, 1], [300, 1], [400, 0], [500, 0], [600, 0]] });
    expect(await outcomes({ preset: 'OS' })).toEqual(await outcomes(null));
    // PFS: P6's progression and death on day 50 are one event; P2's RECIST PD on day 200; P4's extrahepatic progression.
    expect(await outcomes({ preset: 'PFS' })).toEqual({ n: 6, pairs: [[50, 1], [100, 1], [150, 1], [200, 1], [250, 1], [600, 0]] });
    // TTP: P3's death competes (censored in Kaplan-Meier); progression beats death on the same day (P6).
    expect(await outcomes({ preset: 'TTP' })).toEqual({ n: 6, pairs: [[50, 1], [100, 1], [150, 0], [200, 1], [250, 1], [600, 0]] });
    // HEPATIC_PFS: P4's extrahepatic progression does not count, its hepatic decompensation does; imaging PD is in the liver.
    expect(await outcomes({ preset: 'HEPATIC_PFS' })).toEqual({ n: 6, pairs: [[50, 1], [100, 1], [150, 1], [200, 1], [350, 1], [600, 0]] });
  });

  it('LAB_GRADE counts the first result after the index date at the grade (not the baseline one)', async () => {
    // Platelets 60 (CTCAE grade 2) on day 0 and day 120 for P5; 80 (grade 1) for P3. Deaths censor unless listed.
    expect(await outcomes({ events: [{ kind: 'LAB_GRADE', analyte: 'PLATELETS', grade: 2 }] }))
      .toEqual({ n: 6, pairs: [[50, 0], [120, 1], [150, 0], [300, 0], [400, 0], [500, 0]] });
    expect(await outcomes({ events: [{ kind: 'DEATH', cause: 'LIVER' }], competing: [{ kind: 'DEATH', cause: 'TUMOR' }] }))
      .toEqual({ n: 6, pairs: [[50, 0], [150, 1], [300, 0], [400, 0], [500, 0], [600, 0]] });
  });

  it('landmark, administrative censoring and origins', async () => {
    const landmark = 3 * 30.4375;
    const ttpAfterLandmark = await outcomes({ preset: 'TTP', landmarkMonths: 3 });
    expect(ttpAfterLandmark.n).toBe(5);
    expect(ttpAfterLandmark.pairs.map(([t, s]) => [Number((t + landmark).toFixed(6)), s])).toEqual([[100, 1], [150, 0], [200, 1], [250, 1], [600, 0]]);
    const cutoff = 6 * 30.4375;
    expect(await outcomes({ preset: 'TTP', censorAtMonths: 6 })).toEqual({ n: 6, pairs: [[50, 1], [100, 1], [150, 0], [cutoff, 0], [cutoff, 0], [cutoff, 0]] });
    const fromDiagnosis = await server.gql(`{ cohort { survival(endpoint: { origin: DIAGNOSIS }, options: { timeUnit: DAYS }) { n curve { time nEvent } }
      coxRegression(covariates: [{ variable: "ecog" }], endpoint: { preset: PFS, origin: DIAGNOSIS }) { n excluded { count reason } } } }`);
    expect(fromDiagnosis.errors).toBeUndefined();
    expect(fromDiagnosis.data!.cohort.survival).toEqual({ n: 3, curve: [{ time: 180, nEvent: 1 }, { time: 400, nEvent: 1 }, { time: 450, nEvent: 0 }] });
    expect(fromDiagnosis.data!.cohort.coxRegression).toEqual({ n: 3, excluded: [{ count: 3, reason: 'no liver-metastasis diagnosis date (origin DIAGNOSIS)' }] });
  });

  it('Cox reports every patient left out, and the arguments are checked', async () => {
    const cox = await server.gql('{ cohort { coxRegression(covariates: [{ variable: "ecog" }], endpoint: { preset: PFS }) { n events excluded { count reason } } } }');
    expect(cox.data!.cohort.coxRegression).toEqual({ n: 5, events: 5, excluded: [{ count: 1, reason: 'no value of ecog' }] });
    const both = await server.gql('{ cohort { survival(endpoint: { preset: PFS, events: [{ kind: DEATH }] }) { n } } }');
    expect(both.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'endpoint.preset' });
    const noGrade = await server.gql('{ cohort { survival(endpoint: { events: [{ kind: LAB_GRADE, analyte: ALP }] }) { n } } }');
    expect(noGrade.errors![0]!).toMatchObject({ message: 'A LAB_GRADE event needs `grade`, a CTCAE grade from 1 to 5.', extensions: { argument: 'endpoint.events[0].grade' } });
    const nobody = await server.gql('{ cohort { survival(endpoint: { origin: LAST_TREATMENT }) { n } } }');
    expect(nobody.errors![0]!.message).toBe('No patient of the cohort has a usable time for OS (from the last TARE session): no TARE session (origin LAST_TREATMENT).');
  });
});
