/**
 * The toxicity table against the pick rule of src/clinical/timepoints.ts run in TypeScript on the
 * patients' labs as the read API returns them: every analyte at every timepoint, and the worst grade
 * within a window, in open mode (exact counts). The demo labs are moved so that some picks are
 * ties (two labs the same number of days before and after the target day, the earlier one to be
 * picked), some picks cannot be graded and some are grade 5 (measured, in no grade's count).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYTE_NAMES, DEFAULT_TIMEPOINT_WINDOWS, TIMEPOINTS, pickValuePerWindow, type Timepoint } from '../../src/clinical/index.js';
import { allRows, runStatement } from '../../src/store/driver.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Lab { analyte: string; dayFromIndex: number; value: number; grade: number | null }

let server: TestServer;
let labsOf: Lab[][];
let ties = 0;

const shift = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

/** Moves two of a patient's labs of `analyte` to one day either side of the timepoint's target, grades 1 then 3 (the earlier must be picked). */
async function makeTie(patientId: number, indexDate: string, analyte: string, timepoint: Timepoint): Promise<boolean> {
  const { targetDay } = DEFAULT_TIMEPOINT_WINDOWS[timepoint];
  const labs = await allRows<{ id: number; collected_on: string }>(server.db, 'SELECT id, collected_on FROM lab_results WHERE patient_id = ? AND analyte = ? ORDER BY collected_on', [patientId, analyte]);
  const near = [targetDay - 1, targetDay, targetDay + 1].map((day) => shift(indexDate, day));
  if (labs.length < 2 || labs.some((lab) => near.includes(String(lab.collected_on).slice(0, 10)))) return false;
  await runStatement(server.db, 'UPDATE lab_results SET collected_on = ?, grade_v5 = 1 WHERE id = ?', [near[0], labs[0]!.id]);
  await runStatement(server.db, 'UPDATE lab_results SET collected_on = ?, grade_v5 = 3 WHERE id = ?', [near[2], labs[1]!.id]);
  return true;
}

beforeAll(async () => {
  server = await startTestServer();
  const patients = await allRows<{ id: number; index_date: string }>(server.db, 'SELECT id, index_date FROM patients ORDER BY id');
  for (const [n, patient] of patients.slice(0, 30).entries()) {
    const timepoint = (['MONTH_6', 'YEAR_1', 'YEAR_2'] as const)[n % 3]!;
    if (await makeTie(patient.id, String(patient.index_date).slice(0, 10), ANALYTE_NAMES[n % ANALYTE_NAMES.length]!, timepoint)) ties += 1;
  }
  await runStatement(server.db, "UPDATE lab_results SET grade_v5 = NULL WHERE analyte IN ('ALP', 'PLATELETS') AND patient_id % 4 = 0");
  await runStatement(server.db, "UPDATE lab_results SET grade_v5 = 5 WHERE analyte = 'BILIRUBIN' AND patient_id % 5 = 0");
  const result = await server.gql('{ patients(first: 500) { nodes { labs { analyte dayFromIndex value grade } } } }');
  expect(result.errors).toBeUndefined();
  labsOf = result.data!.patients.nodes.map((patient: { labs: Lab[] }) => patient.labs);
});
afterAll(async () => { await server.close(); });

function counts(grades: readonly (number | null)[]) {
  return {
    measured: grades.length,
    notGradable: grades.filter((grade) => grade === null).length,
    patientsByGrade: [0, 1, 2, 3, 4].map((grade) => ({ grade, patients: grades.filter((g) => g === grade).length })),
  };
}

describe('toxicity table', () => {
  it('counts the grade of the lab the pick rule picks, ties to the earlier date, at every timepoint', async () => {
    expect(ties).toBeGreaterThan(10);
    const result = await server.gql(`{ cohort { toxicityTable(analytes: [${ANALYTE_NAMES.join(', ')}], timepoints: [${TIMEPOINTS.join(', ')}]) {
      rows { analyte timepoint measured notGradable patientsByGrade { grade patients } } } } }`);
    expect(result.errors).toBeUndefined();
    const expected = ANALYTE_NAMES.flatMap((analyte) => TIMEPOINTS.map((timepoint) => {
      const picks = labsOf.map((labs) => pickValuePerWindow(labs.filter((lab) => lab.analyte === analyte), timepoint)).filter((lab) => lab !== null);
      return { analyte, timepoint, ...counts(picks.map((lab) => lab.grade)) };
    }));
    expect(result.data!.cohort.toxicityTable.rows).toEqual(expected);
  });

  it('counts the worst grade within the window per analyte and over analytes, an analyte asked twice counted twice', async () => {
    const result = await server.gql(`{ cohort { toxicityTable(analytes: [ALP, BILIRUBIN, ALP], timepoints: [MONTH_6], worstWithin: { fromDay: 1, toDay: 365 }) {
      rows { analyte timepoint measured }
      worstWithin { fromDay toDay rows { analyte measured notGradable patientsByGrade { grade patients } } patientsWithAnyGradeAtLeast { grade patients } } } } }`);
    expect(result.errors).toBeUndefined();
    const table = result.data!.cohort.toxicityTable;
    expect(table.rows.map((row: { analyte: string }) => row.analyte)).toEqual(['ALP', 'BILIRUBIN', 'ALP']);
    expect(table.rows[2]).toEqual(table.rows[0]);
    const worstOf = (labs: readonly Lab[], analyte: string) => {
      const within = labs.filter((lab) => lab.analyte === analyte && lab.dayFromIndex >= 1 && lab.dayFromIndex <= 365);
      if (within.length === 0) return undefined;
      const graded = within.map((lab) => lab.grade).filter((grade) => grade !== null);
      return graded.length === 0 ? null : Math.max(...graded);
    };
    const rows = ['ALP', 'BILIRUBIN', 'ALP'].map((analyte) => ({ analyte, ...counts(labsOf.map((labs) => worstOf(labs, analyte)).filter((grade) => grade !== undefined)) }));
    const worstOverAnalytes = labsOf.map((labs) => Math.max(-1, ...['ALP', 'BILIRUBIN'].map((analyte) => worstOf(labs, analyte) ?? -1)));
    expect(table.worstWithin).toEqual({
      fromDay: 1,
      toDay: 365,
      rows,
      patientsWithAnyGradeAtLeast: [2, 3, 4].map((grade) => ({ grade, patients: worstOverAnalytes.filter((worst) => worst >= grade).length })),
    });
  });
});
