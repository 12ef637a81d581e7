/**
 * Keeps the derived CTCAE grade columns of lab_results true to the data: a lab's grade depends on
 * its value, its reference range (the result's own, else the site's, else the default range of
 * src/clinical/analytes.ts) and, for v5.0's liver tests, the patient's baseline value of the same
 * analyte (the BASELINE timepoint's pick: the latest result on or before the index date).
 * Recompute a patient's grades after any change to their labs or index date, and a site's after
 * a change to its reference ranges.
 *
 * PATIENTS_PER_CHUNK patients at a time (memory stays bounded whatever the registry's size): their
 * labs are read in one query and graded a column per analyte (gradeLabSeries,
 * src/clinical/ctcae/grade-lab-series.ts); only the labs whose grades changed are written back.
 */
import { UNDECIDED_GRADE } from '../clinical/ctcae/grade-columns.js';
import { fallbackRangeResolver, gradeLabRows, type LabRowLayout } from '../clinical/ctcae/grade-lab-series.js';
import type { Store } from '../store/database.js';
import {
  findAllPatientIds, findLabsForGrading, findSiteReferenceRanges, updateLabGrades, type LabForGrading, type LabGradeUpdates,
} from '../store/lab-grades.js';

const PATIENTS_PER_CHUNK = 2_000;

const [ID, PATIENT, SITE, SEX, ANALYTE, VALUE, LOWER_LIMIT, UPPER_LIMIT, DAY_FROM_INDEX, GRADE_V5, GRADE_V403] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
const LAYOUT: LabRowLayout = { patient: PATIENT, analyte: ANALYTE, value: VALUE, lowerLimit: LOWER_LIMIT, upperLimit: UPPER_LIMIT, dayFromIndex: DAY_FROM_INDEX };

const asStored = (grade: number): number | null => (grade === UNDECIDED_GRADE ? null : grade);

/** The labs of one chunk whose grades differ from the stored ones, with their new grades. */
function gradeChunk(labs: readonly LabForGrading[], fallbackOf: ReturnType<typeof fallbackRangeResolver>): LabGradeUpdates {
  const fallback = (row: number) => fallbackOf(labs[row]![SITE], labs[row]![ANALYTE], labs[row]![SEX]);
  const grades = gradeLabRows(labs, LAYOUT, fallback);
  const updates: LabGradeUpdates = { ids: [], gradesV5: [], gradesV403: [] };
  labs.forEach((lab, row) => {
    const gradeV5 = asStored(grades.V5_0[row]!);
    const gradeV403 = asStored(grades.V4_03[row]!);
    if (gradeV5 === lab[GRADE_V5] && gradeV403 === lab[GRADE_V403]) return;
    updates.ids.push(lab[ID]);
    updates.gradesV5.push(gradeV5);
    updates.gradesV403.push(gradeV403);
  });
  return updates;
}

/** Recomputes the grades of these patients' labs (all patients when omitted); returns how many labs were graded. */
export async function recomputeLabGrades(db: Store, patientIds?: readonly number[]): Promise<number> {
  const ids = patientIds ?? await findAllPatientIds(db);
  const siteRanges = await findSiteReferenceRanges(db);
  const fallbackOf = fallbackRangeResolver((site, analyte) => siteRanges.get(`${site}:${analyte}`) ?? null);
  let graded = 0;
  for (let start = 0; start < ids.length; start += PATIENTS_PER_CHUNK) {
    const labs = await findLabsForGrading(db, ids.slice(start, start + PATIENTS_PER_CHUNK));
    const updates = gradeChunk(labs, fallbackOf);
    if (updates.ids.length > 0) await updateLabGrades(db, updates);
    graded += labs.length;
  }
  return graded;
}
