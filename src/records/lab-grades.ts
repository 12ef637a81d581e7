/**
 * Keeps the derived CTCAE grade columns of lab_results true to the data: a lab's grade depends on
 * its value, its reference range (the result's own, else the site's, else the default range of
 * src/clinical/analytes.ts) and, for v5.0's liver tests, the patient's baseline value of the same
 * analyte (the BASELINE timepoint's pick: the latest result on or before the index date).
 * Recompute a patient's grades after any change to their labs or index date, and a site's after
 * a change to its reference ranges.
 */
import { gradeLab, pickValuePerWindow, resolveReferenceRange, type CtcaeVersion } from '../clinical/index.js';
import type { Store } from '../store/database.js';
import {
  findAllPatientIds, findLabsForGrading, findSiteReferenceRanges, updateLabGrades,
  type LabForGrading, type LabGradeUpdate, type SiteRanges,
} from '../store/lab-grades.js';

const PATIENTS_PER_CHUNK = 2_000;

function gradeOne(lab: LabForGrading, version: CtcaeVersion, baseline: LabForGrading | null, siteRanges: SiteRanges): number | null {
  const site = siteRanges.get(`${lab.siteId}:${lab.analyte}`) ?? null;
  const range = resolveReferenceRange(lab.analyte, { result: lab, site, sex: lab.sex });
  const baselineRange = baseline === null ? null : resolveReferenceRange(baseline.analyte, { result: baseline, site, sex: baseline.sex });
  return gradeLab({
    version,
    analyte: lab.analyte,
    value: lab.value,
    lowerLimitOfNormal: range.lowerLimitOfNormal,
    upperLimitOfNormal: range.upperLimitOfNormal,
    baseline: baseline === null || baselineRange === null ? null : { value: baseline.value, upperLimitOfNormal: baselineRange.upperLimitOfNormal },
  });
}

/** The grades of one patient's series of one analyte (rows of a single patient and analyte). */
function gradeSeries(series: LabForGrading[], siteRanges: SiteRanges): LabGradeUpdate[] {
  const baseline = pickValuePerWindow(series, 'BASELINE');
  return series.map((lab) => {
    // The baseline rule of v5.0 grades changes after treatment; pre-treatment values (the
    // baseline itself included) are graded against the ULN, or an abnormal baseline would grade 0.
    const reference = lab.dayFromIndex > 0 ? baseline : null;
    return {
      id: lab.id,
      gradeV5: gradeOne(lab, 'V5_0', reference, siteRanges),
      gradeV403: gradeOne(lab, 'V4_03', reference, siteRanges),
    };
  });
}

/** Recomputes the grades of these patients' labs (all patients when omitted); returns how many labs were graded. */
export async function recomputeLabGrades(db: Store, patientIds?: readonly number[]): Promise<number> {
  const ids = patientIds ?? await findAllPatientIds(db);
  const siteRanges = await findSiteReferenceRanges(db);
  let graded = 0;
  for (let start = 0; start < ids.length; start += PATIENTS_PER_CHUNK) {
    const labs = await findLabsForGrading(db, ids.slice(start, start + PATIENTS_PER_CHUNK));
    const updates: LabGradeUpdate[] = [];
    let seriesStart = 0;
    for (let i = 1; i <= labs.length; i++) {
      const previous = labs[i - 1]!;
      const current = labs[i];
      if (current === undefined || current.patientId !== previous.patientId || current.analyte !== previous.analyte) {
        updates.push(...gradeSeries(labs.slice(seriesStart, i), siteRanges));
        seriesStart = i;
      }
    }
    await updateLabGrades(db, updates);
    graded += updates.length;
  }
  return graded;
}
