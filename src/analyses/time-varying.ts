/**
 * Time-varying lab covariates of coxRegression (CovariateInput `timeVarying: true` on lab.<Analyte>):
 * each patient's follow-up (0, T] from the endpoint is split at the times of the patient's results
 * into (start, stop] rows, the status on the last; on each row the covariate is the latest result at
 * or before `start` (a baseline result, day <= 0, is in force from 0), optionally log-transformed —
 * survival's tmerge(data, data, id, event = event(T, status)) then tmerge(..., labs, id,
 * x = tdc(day, value)) (survival 3.5-3 R/tmerge.R), fitted as coxph(Surv(tstart, tstop, event) ~ ...)
 * by the counting-process Cox of src/stats (start, stop]. Rows without a value in force are left
 * out, as coxph leaves out rows with NA; a patient without any row is reported in `excluded`.
 * Time counts from the index date (or from the landmark: results are then shifted by it).
 * Under disclosure control every time (T and the results' times) is first coarsened up to the grid,
 * so the rows are those of the coarsened data.
 */
import { ANALYTE_NAMES, DAYS_PER_MONTH, type AnalyteName } from '../clinical/index.js';
import { badUserInput } from '../errors.js';
import { loadLabSeries } from '../store/endpoint-timelines.js';
import type { ServiceContext } from '../access/service-context.js';
import type { EndpointFrame } from './analysis-frame.js';
import { defaultLabel, transformValue, type CovariateInput } from './covariates.js';
import type { Endpoint } from './endpoint.js';

export interface TimeVaryingCovariate {
  input: CovariateInput;
  analyte: AnalyteName;
  label: string;
}

export function resolveTimeVarying(input: CovariateInput, argument: string, endpoint: Endpoint): TimeVaryingCovariate {
  const analyte = /^lab\.([A-Z]+)$/.exec(input.variable)?.[1] as AnalyteName | undefined;
  if (analyte === undefined || !ANALYTE_NAMES.includes(analyte)) {
    throw badUserInput(`\`timeVarying\` takes a lab without a timepoint, "lab.<Analyte>" (e.g. "lab.BILIRUBIN"); got "${input.variable}".`, `${argument}.variable`);
  }
  if (input.above != null || input.levels != null) throw badUserInput('A time-varying lab enters as its value (optionally `transform`ed), not split.', `${argument}.above`);
  if (endpoint.origin !== 'INDEX_DATE') throw badUserInput('Time-varying covariates count time from the index date (origin INDEX_DATE), with or without a landmark.', 'endpoint.origin');
  return { input, analyte, label: input.label ?? defaultLabel(input) };
}

export interface CountingProcessRows {
  start: number[];
  stop: number[];
  event: number[];
  /** The frame row of each (start, stop] row. */
  frameRow: number[];
  /** Values per time-varying covariate label, one per row. */
  values: Map<string, number[]>;
  /** Frame rows with no row left (no value in force anywhere). */
  withoutRows: Set<number>;
}

/** The (start, stop] rows of the frame rows `rows` (days), times coarsened by `coarsen` (identity in the row tier). */
export async function countingProcessRows(
  context: ServiceContext, frame: EndpointFrame, rows: readonly number[], covariates: readonly TimeVaryingCovariate[], coarsen: (days: number) => number,
): Promise<CountingProcessRows> {
  const shift = (frame.endpoint.landmarkMonths ?? 0) * DAYS_PER_MONTH;
  const series = await loadLabSeries(context.db, rows.map((i) => frame.patientIds[i]!), [...new Set(covariates.map((c) => c.analyte))]);
  const result: CountingProcessRows = { start: [], stop: [], event: [], frameRow: [], values: new Map(covariates.map((c) => [c.label, []])), withoutRows: new Set() };
  for (const i of rows) {
    const end = coarsen(frame.survivalDays[i]!);
    const labs = series.get(frame.patientIds[i]!)!.map((lab) => ({ ...lab, time: lab.day - shift <= 0 ? lab.day - shift : coarsen(lab.day - shift) }));
    const cuts = [...new Set(labs.map((lab) => lab.time).filter((time) => time > 0 && time < end))].sort((a, b) => a - b);
    const bounds = [0, ...cuts, end];
    let kept = 0;
    for (let r = 1; r < bounds.length; r++) {
      const [start, stop] = [bounds[r - 1]!, bounds[r]!];
      if (stop <= start) continue;
      const inForce = covariates.map((c) => {
        const latest = labs.filter((lab) => lab.analyte === c.analyte && lab.time <= start).at(-1);
        return latest === undefined ? null : transformValue(c.input.transform, latest.value);
      });
      if (inForce.some((value) => value === null)) continue;
      result.start.push(start);
      result.stop.push(stop);
      result.event.push(r === bounds.length - 1 ? frame.event[i]! : 0);
      result.frameRow.push(i);
      covariates.forEach((c, k) => result.values.get(c.label)!.push(inForce[k]!));
      kept += 1;
    }
    if (kept === 0) result.withoutRows.add(i);
  }
  return result;
}
