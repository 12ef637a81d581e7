/**
 * The CTCAE grades of many patients' lab series at once: labs given in order of patient, analyte
 * and collection date, each series (one patient, one analyte) graded with its baseline, the
 * BASELINE timepoint's pick (timepoints.ts: the latest result on or before the index date). The
 * baseline rule of v5.0 grades changes after treatment: labs after the index date (day > 0) are
 * compared with the baseline; pre-treatment values (the baseline itself included) are graded
 * against the ULN alone, or an abnormal baseline would grade 0.
 *
 * The labs of all series are gathered into one column per analyte and graded a column at a time
 * (gradeLabColumns, grade-columns.ts). Limits are the resolved ones (the result's own, else the
 * site's, else the default: fallbackRangeResolver() below); the baseline's ULN is its own
 * resolved ULN.
 */
import type { AnalyteName } from '../analytes.js';
import { resolveReferenceRange, type ReferenceLimits } from '../reference-range.js';
import type { ReferenceInterval } from '../analytes.js';
import { pickValuePerWindow } from '../timepoints.js';
import { gradeLabColumns } from './grade-columns.js';
import type { CtcaeVersion } from './types.js';

/** Labs read by position: rows of one patient and analyte adjacent, in collection-date order. */
export interface LabSeriesRows {
  readonly count: number;
  patientOf(row: number): number | string;
  analyteOf(row: number): AnalyteName;
  /** In the analyte's canonical unit, as are the limits. */
  valueOf(row: number): number;
  lowerLimitOf(row: number): number;
  upperLimitOf(row: number): number;
  dayFromIndexOf(row: number): number;
}

/** One analyte's labs: the columns gradeLabColumns reads, with the row each lab came from. */
class AnalyteColumns {
  readonly rows: number[] = [];
  readonly values: number[] = [];
  readonly lowerLimits: number[] = [];
  readonly upperLimits: number[] = [];
  readonly baselineValues: number[] = [];
  readonly baselineUpperLimits: number[] = [];

  add(labs: LabSeriesRows, row: number, baselineRow: number | null): void {
    this.rows.push(row);
    this.values.push(labs.valueOf(row));
    this.lowerLimits.push(labs.lowerLimitOf(row));
    this.upperLimits.push(labs.upperLimitOf(row));
    this.baselineValues.push(baselineRow === null ? Number.NaN : labs.valueOf(baselineRow));
    this.baselineUpperLimits.push(baselineRow === null ? Number.NaN : labs.upperLimitOf(baselineRow));
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

function columnsPerAnalyte(labs: LabSeriesRows): Map<AnalyteName, AnalyteColumns> {
  const perAnalyte = new Map<AnalyteName, AnalyteColumns>();
  let seriesStart = 0;
  for (let end = 1; end <= labs.count; end++) {
    const last = end - 1;
    if (end < labs.count && labs.patientOf(end) === labs.patientOf(last) && labs.analyteOf(end) === labs.analyteOf(last)) continue;
    const series: { dayFromIndex: number; value: number; row: number }[] = [];
    for (let row = seriesStart; row < end; row++) series.push({ dayFromIndex: labs.dayFromIndexOf(row), value: labs.valueOf(row), row });
    const baselineRow = pickValuePerWindow(series, 'BASELINE')?.row ?? null;
    const analyte = labs.analyteOf(last);
    let columns = perAnalyte.get(analyte);
    if (columns === undefined) {
      columns = new AnalyteColumns();
      perAnalyte.set(analyte, columns);
    }
    for (const { row, dayFromIndex } of series) columns.add(labs, row, dayFromIndex > 0 ? baselineRow : null);
    seriesStart = end;
  }
  return perAnalyte;
}

/** The v5.0 and v4.03 grade of each lab, at the lab's position (UNDECIDED_GRADE where undecided). */
export function gradeLabSeries(labs: LabSeriesRows): Record<CtcaeVersion, Int8Array> {
  const grades: Record<CtcaeVersion, Int8Array> = { V5_0: new Int8Array(labs.count), V4_03: new Int8Array(labs.count) };
  for (const [analyte, columns] of columnsPerAnalyte(labs)) {
    for (const version of ['V5_0', 'V4_03'] as const) {
      const graded = columns.grade(version, analyte);
      columns.rows.forEach((row, i) => { grades[version][row] = graded[i]!; });
    }
  }
  return grades;
}

/** Where a lab's fields sit in a row array (the store's raw rows of labs). */
export interface LabRowLayout {
  patient: number;
  analyte: number;
  value: number;
  lowerLimit: number;
  upperLimit: number;
  dayFromIndex: number;
}

/** gradeLabSeries over labs read as row arrays; `fallback(row)` gives the limits of a lab that has none of its own. */
export function gradeLabRows(labs: readonly (readonly unknown[])[], layout: LabRowLayout, fallback: (row: number) => ReferenceInterval): Record<CtcaeVersion, Int8Array> {
  const field = (row: number, column: number) => labs[row]![column];
  return gradeLabSeries({
    count: labs.length,
    patientOf: (row) => field(row, layout.patient) as number | string,
    analyteOf: (row) => field(row, layout.analyte) as AnalyteName,
    valueOf: (row) => field(row, layout.value) as number,
    lowerLimitOf: (row) => (field(row, layout.lowerLimit) as number | null) ?? fallback(row).lowerLimitOfNormal,
    upperLimitOf: (row) => (field(row, layout.upperLimit) as number | null) ?? fallback(row).upperLimitOfNormal,
    dayFromIndexOf: (row) => field(row, layout.dayFromIndex) as number,
  });
}

/**
 * The limits a lab without its own falls back on, resolveReferenceRange()'s: the site's range for
 * the analyte (`siteRangeOf`), else the default for the patient's sex; resolved once per site,
 * analyte and sex.
 */
export function fallbackRangeResolver(siteRangeOf: (site: number, analyte: AnalyteName) => ReferenceLimits | null) {
  const resolved = new Map<string, ReferenceInterval>();
  return (site: number, analyte: AnalyteName, sex: 'MALE' | 'FEMALE'): ReferenceInterval => {
    const key = `${site}:${analyte}:${sex}`;
    let range = resolved.get(key);
    if (range === undefined) {
      const { lowerLimitOfNormal, upperLimitOfNormal } = resolveReferenceRange(analyte, { site: siteRangeOf(site, analyte), sex });
      range = { lowerLimitOfNormal, upperLimitOfNormal };
      resolved.set(key, range);
    }
    return range;
  };
}
