/**
 * Keeps the derived CTCAE grade columns of lab_results true to the data: a lab's grade depends on
 * its value, its reference range (the result's own, else the site's, else the default range of
 * src/clinical/analytes.ts) and, for v5.0's liver tests, the patient's baseline value of the same
 * analyte (the BASELINE timepoint's pick: the latest result on or before the index date).
 * Recompute a patient's grades after any change to their labs or index date, and a site's after
 * a change to its reference ranges.
 *
 * PATIENTS_PER_CHUNK patients at a time (memory stays bounded whatever the registry's size): their
 * labs are read in one query, gathered into columns per analyte and graded a column at a time
 * (gradeLabColumns, src/clinical/ctcae/grade-columns.ts); only the labs whose grades changed are
 * written back.
 */
import { pickValuePerWindow, resolveReferenceRange, type AnalyteName, type CtcaeVersion, type ReferenceInterval } from '../clinical/index.js';
import { gradeLabColumns, UNDECIDED_GRADE } from '../clinical/ctcae/grade-columns.js';
import type { Store } from '../store/database.js';
import {
  findAllPatientIds, findLabsForGrading, findSiteReferenceRanges, updateLabGrades,
  type LabForGrading, type LabGradeUpdates, type SiteRanges,
} from '../store/lab-grades.js';

const PATIENTS_PER_CHUNK = 2_000;

const [ID, PATIENT, SITE, SEX, ANALYTE, VALUE, LOWER_LIMIT, UPPER_LIMIT, DAY_FROM_INDEX, GRADE_V5, GRADE_V403] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** The limits a lab without its own falls back on (the site's, else the default for the sex), resolved once per site, analyte and sex. */
function fallbackRanges(siteRanges: SiteRanges) {
  const resolved = new Map<string, ReferenceInterval>();
  return (lab: LabForGrading): ReferenceInterval => {
    const key = `${lab[SITE]}:${lab[ANALYTE]}:${lab[SEX]}`;
    let range = resolved.get(key);
    if (range === undefined) {
      range = resolveReferenceRange(lab[ANALYTE], { site: siteRanges.get(`${lab[SITE]}:${lab[ANALYTE]}`) ?? null, sex: lab[SEX] });
      resolved.set(key, range);
    }
    return range;
  };
}

/** One analyte's labs of a chunk, as the columns gradeLabColumns reads, with where each lab stands in the chunk. */
class AnalyteColumns {
  readonly positions: number[] = [];
  readonly values: number[] = [];
  readonly lowerLimits: number[] = [];
  readonly upperLimits: number[] = [];
  readonly baselineValues: number[] = [];
  readonly baselineUpperLimits: number[] = [];

  add(position: number, lab: LabForGrading, range: ReferenceInterval, baseline: { value: number; upperLimitOfNormal: number } | null): void {
    this.positions.push(position);
    this.values.push(lab[VALUE]);
    this.lowerLimits.push(lab[LOWER_LIMIT] ?? range.lowerLimitOfNormal);
    this.upperLimits.push(lab[UPPER_LIMIT] ?? range.upperLimitOfNormal);
    this.baselineValues.push(baseline?.value ?? Number.NaN);
    this.baselineUpperLimits.push(baseline?.upperLimitOfNormal ?? Number.NaN);
  }

  grade(version: CtcaeVersion, analyte: AnalyteName): Int8Array {
    return gradeLabColumns(version, analyte, {
      values: Float64Array.from(this.values),
      lowerLimitsOfNormal: Float64Array.from(this.lowerLimits),
      upperLimitsOfNormal: Float64Array.from(this.upperLimits),
      baselineValues: Float64Array.from(this.baselineValues),
      baselineUpperLimitsOfNormal: Float64Array.from(this.baselineUpperLimits),
    });
  }
}

/** The labs of one chunk gathered per analyte: each series (one patient, one analyte) with its baseline. */
function columnsPerAnalyte(labs: readonly LabForGrading[], rangeOf: (lab: LabForGrading) => ReferenceInterval): Map<AnalyteName, AnalyteColumns> {
  const perAnalyte = new Map<AnalyteName, AnalyteColumns>();
  let seriesStart = 0;
  for (let end = 1; end <= labs.length; end++) {
    const previous = labs[end - 1]!;
    const current = labs[end];
    if (current !== undefined && current[PATIENT] === previous[PATIENT] && current[ANALYTE] === previous[ANALYTE]) continue;
    const series = labs.slice(seriesStart, end).map((lab, offset) => ({ dayFromIndex: lab[DAY_FROM_INDEX], value: lab[VALUE], position: seriesStart + offset }));
    const picked = pickValuePerWindow(series, 'BASELINE');
    const baselineLab = picked === null ? null : labs[picked.position]!;
    const baseline = baselineLab === null ? null : { value: baselineLab[VALUE], upperLimitOfNormal: baselineLab[UPPER_LIMIT] ?? rangeOf(baselineLab).upperLimitOfNormal };
    let columns = perAnalyte.get(previous[ANALYTE]);
    if (columns === undefined) {
      columns = new AnalyteColumns();
      perAnalyte.set(previous[ANALYTE], columns);
    }
    for (const { position } of series) {
      const lab = labs[position]!;
      // The baseline rule of v5.0 grades changes after treatment; pre-treatment values (the
      // baseline itself included) are graded against the ULN, or an abnormal baseline would grade 0.
      columns.add(position, lab, rangeOf(lab), lab[DAY_FROM_INDEX] > 0 ? baseline : null);
    }
    seriesStart = end;
  }
  return perAnalyte;
}

const asStored = (grade: number): number | null => (grade === UNDECIDED_GRADE ? null : grade);

/** The labs of one chunk whose grades differ from the stored ones, with their new grades. */
function gradeChunk(labs: readonly LabForGrading[], rangeOf: (lab: LabForGrading) => ReferenceInterval): LabGradeUpdates {
  const updates: LabGradeUpdates = { ids: [], gradesV5: [], gradesV403: [] };
  for (const [analyte, columns] of columnsPerAnalyte(labs, rangeOf)) {
    const gradesV5 = columns.grade('V5_0', analyte);
    const gradesV403 = columns.grade('V4_03', analyte);
    columns.positions.forEach((position, i) => {
      const lab = labs[position]!;
      const gradeV5 = asStored(gradesV5[i]!);
      const gradeV403 = asStored(gradesV403[i]!);
      if (gradeV5 === lab[GRADE_V5] && gradeV403 === lab[GRADE_V403]) return;
      updates.ids.push(lab[ID]);
      updates.gradesV5.push(gradeV5);
      updates.gradesV403.push(gradeV403);
    });
  }
  return updates;
}

/** Recomputes the grades of these patients' labs (all patients when omitted); returns how many labs were graded. */
export async function recomputeLabGrades(db: Store, patientIds?: readonly number[]): Promise<number> {
  const ids = patientIds ?? await findAllPatientIds(db);
  const rangeOf = fallbackRanges(await findSiteReferenceRanges(db));
  let graded = 0;
  for (let start = 0; start < ids.length; start += PATIENTS_PER_CHUNK) {
    const labs = await findLabsForGrading(db, ids.slice(start, start + PATIENTS_PER_CHUNK));
    const updates = gradeChunk(labs, rangeOf);
    if (updates.ids.length > 0) await updateLabGrades(db, updates);
    graded += labs.length;
  }
  return graded;
}
