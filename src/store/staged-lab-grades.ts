/**
 * The CTCAE grades of the staged labs of the patients a write creates, computed before the merge
 * so that it inserts those labs with their grades (staged-merge.ts), in the same transaction,
 * instead of inserting them ungraded and updating each row after. All the labs of a new patient
 * are staged, with the patient's index date and sex, so their grades are what a recomputation
 * after the merge would give (src/records/lab-grades.ts, the same gradeLabSeries); the labs of
 * patients already stored are regraded after the merge, with their stored labs.
 *
 * PATIENTS_PER_CHUNK patients at a time, so memory stays bounded whatever the import's size.
 */
import type { Analyte, Sex } from '../../db/schema/enums.js';
import { fallbackRangeResolver, gradeLabRows, type LabRowLayout } from '../clinical/ctcae/grade-lab-series.js';
import { UNDECIDED_GRADE } from '../clinical/ctcae/grade-columns.js';
import type { Store } from './database.js';
import { dialectOf } from './dialect.js';
import { allRowArrays, firstColumn } from './driver.js';
import { findSiteReferenceRanges } from './lab-grades.js';
import { insertStagedRows } from './staging.js';

const PATIENTS_PER_CHUNK = 2_000;

type StagedLab = [
  line: number, externalId: string, analyte: Analyte, value: number, lowerLimitOfNormal: number | null,
  upperLimitOfNormal: number | null, dayFromIndex: number, sex: Sex,
];
const [LINE, PATIENT, ANALYTE, VALUE, LOWER_LIMIT, UPPER_LIMIT, DAY_FROM_INDEX, SEX] = [0, 1, 2, 3, 4, 5, 6, 7] as const;
const LAYOUT: LabRowLayout = { patient: PATIENT, analyte: ANALYTE, value: VALUE, lowerLimit: LOWER_LIMIT, upperLimit: UPPER_LIMIT, dayFromIndex: DAY_FROM_INDEX };

const asStored = (grade: number): number | null => (grade === UNDECIDED_GRADE ? null : grade);

/**
 * Grades the staged labs of the patients the write creates into staged_lab_grades. Call after
 * countStagedChanges() (which tells new patients from stored ones) and before the merge.
 */
export async function gradeStagedLabsOfNewPatients(db: Store, siteId: number): Promise<void> {
  const newPatients = await firstColumn<string>(db, `
    SELECT external_id FROM staged_changes WHERE kind = 'patients' AND inserted > 0
      AND EXISTS (SELECT 1 FROM staged_lab_results s WHERE s.external_id = staged_changes.external_id)
    ORDER BY external_id`);
  if (newPatients.length === 0) return;
  const siteRanges = await findSiteReferenceRanges(db);
  const fallbackOf = fallbackRangeResolver((site, analyte) => siteRanges.get(`${site}:${analyte}`) ?? null);
  for (let start = 0; start < newPatients.length; start += PATIENTS_PER_CHUNK) {
    const chunk = newPatients.slice(start, start + PATIENTS_PER_CHUNK);
    const labs = await allRowArrays<StagedLab>(db, `
      SELECT s.line, s.external_id, s.analyte, s.value, s.lower_limit_of_normal, s.upper_limit_of_normal,
        ${dialectOf(db).wholeDaysBetween('s.collected_on', 'p.index_date')}, p.sex
      FROM staged_lab_results s JOIN staged_patients p ON p.external_id = s.external_id
        JOIN staged_changes c ON c.kind = 'patients' AND c.external_id = s.external_id AND c.inserted > 0
      WHERE s.external_id BETWEEN ? AND ?
      ORDER BY s.external_id, s.analyte, s.collected_on`, [chunk[0], chunk.at(-1)]);
    const fallback = (row: number) => fallbackOf(siteId, labs[row]![ANALYTE], labs[row]![SEX]);
    const grades = gradeLabRows(labs, LAYOUT, fallback);
    await insertStagedRows(db, 'staged_lab_grades', ['line', 'grade_v5', 'grade_v4_03'],
      labs.map((lab, row) => [lab[LINE], asStored(grades.V5_0[row]!), asStored(grades.V4_03[row]!)]));
  }
}
