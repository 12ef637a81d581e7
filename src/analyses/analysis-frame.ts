/**
 * Builds the data frame an analysis runs on: one SQL pass over the cohort (src/store/analysis-frame.ts)
 * for the survival outcome and every variable the analysis names, read as columns (a Float64Array
 * or a dictionary-coded text column per variable) and, on an analysis worker, kept for the data
 * version (frame-cache.ts), then complete-case selection.
 * With an endpoint other than overall survival, each patient's (time, status) comes from
 * endpoint.ts over the patient's timeline (src/store/endpoint-timelines.ts), and the patients
 * without a usable time are left out, counted by reason.
 */
import { badUserInput } from '../errors.js';
import { convertDays, type TimeUnit } from '../clinical/index.js';
import { analysisFrameStatement, valueAt, type AnalysisFrame, type FrameColumn, type FrameValue } from '../store/analysis-frame.js';
import { findSqlVariable, type SqlVariable } from '../store/patient-variables.js';
import { loadEndpointTimelines } from '../store/endpoint-timelines.js';
import { patientOutcome, resolveEndpoint, type Endpoint, type EndpointInput } from './endpoint.js';
import type { CohortSelection } from '../records/cohorts.js';
import type { ResolvedCovariate } from './covariates.js';
import type { ServiceContext } from '../access/service-context.js';
import { frameOf } from './frame-cache.js';

export type { AnalysisFrame, FrameColumn, FrameValue };

export async function loadFrame(context: ServiceContext, cohort: CohortSelection, covariates: readonly ResolvedCovariate[], variableNames: readonly string[] = []): Promise<AnalysisFrame> {
  const variables = new Map<string, SqlVariable>();
  for (const covariate of covariates) variables.set(covariate.variable.definition.name, covariate.variable);
  for (const name of variableNames) {
    const variable = findSqlVariable(name);
    if (variable === undefined) throw new Error(`Unknown variable ${name}`);
    variables.set(name, variable);
  }
  const frame = await frameOf(context.db, analysisFrameStatement(context.db, cohort.condition, [...variables.values()]));
  if (frame.patientIds.length === 0) throw badUserInput('The cohort is empty: no patient matches its filter, so there is nothing to analyse.', 'where');
  return frame;
}

/** Patients left out of an analysis for one reason (their ids, for a released count). */
export interface ExcludedPatients {
  reason: string;
  patientIds: number[];
}

/** A frame whose survivalDays / event are the endpoint's time and event of interest (status 1); `status` keeps the competing codes. */
export interface EndpointFrame extends AnalysisFrame {
  endpoint: Endpoint;
  /** 0 censored, 1 the event of interest, 2.. the competing events in the endpoint's order. */
  status: number[];
  excluded: ExcludedPatients[];
}

/** What the endpoint's events read of the timelines. */
function timelineNeeds(endpoint: Endpoint) {
  const kinds = [...endpoint.events, ...endpoint.competing];
  return {
    events: kinds.some((event) => !['DEATH', 'LAB_GRADE', 'IMAGING_FINDING'].includes(event.kind)),
    imaging: kinds.some((event) => event.kind === 'PROGRESSION' || event.kind === 'IMAGING_FINDING'),
    analytes: [...new Set(kinds.flatMap((event) => (event.kind === 'LAB_GRADE' ? [event.analyte!] : [])))],
  };
}

/** The column's rows `rows`, in that order. */
function subsetColumn(column: FrameColumn, rows: readonly number[]): FrameColumn {
  if (column.kind === 'number') return { kind: 'number', values: Float64Array.from(rows, (i) => column.values[i]!) };
  return { kind: 'text', codes: Int32Array.from(rows, (i) => column.codes[i]!), levels: column.levels };
}

function subsetFrame(frame: AnalysisFrame, rows: readonly number[], days: readonly number[], status: readonly number[]): Omit<EndpointFrame, 'endpoint' | 'excluded'> {
  return {
    patientIds: rows.map((i) => frame.patientIds[i]!),
    survivalDays: [...days],
    event: status.map((code) => (code === 1 ? 1 : 0)),
    status: [...status],
    columns: new Map([...frame.columns].map(([name, column]) => [name, subsetColumn(column, rows)])),
  };
}

/** The frame of `loadFrame` with the endpoint's (time, status) per patient; overall survival from the index date when `input` is null. */
export async function loadEndpointFrame(
  context: ServiceContext, cohort: CohortSelection, covariates: readonly ResolvedCovariate[], input: EndpointInput | null | undefined, variableNames: readonly string[] = [],
): Promise<EndpointFrame> {
  const endpoint = resolveEndpoint(input);
  const frame = await loadFrame(context, cohort, covariates, variableNames);
  if (input === null || input === undefined) return { ...frame, endpoint, status: [...frame.event], excluded: [] };
  const timelines = await loadEndpointTimelines(context.db, frame.patientIds, timelineNeeds(endpoint));
  const rows: number[] = [];
  const days: number[] = [];
  const status: number[] = [];
  const excluded = new Map<string, number[]>();
  timelines.forEach((timeline, i) => {
    const outcome = patientOutcome(endpoint, timeline);
    if ('excluded' in outcome) {
      const ids = excluded.get(outcome.excluded);
      if (ids === undefined) excluded.set(outcome.excluded, [frame.patientIds[i]!]);
      else ids.push(frame.patientIds[i]!);
      return;
    }
    rows.push(i);
    days.push(outcome.time);
    status.push(outcome.status);
  });
  if (rows.length === 0) {
    throw badUserInput(`No patient of the cohort has a usable time for ${endpoint.label}: ${[...excluded.keys()].join('; ')}.`, 'endpoint');
  }
  return { ...subsetFrame(frame, rows, days, status), endpoint, excluded: [...excluded].map(([reason, patientIds]) => ({ reason, patientIds })) };
}

/** A variable's column as the frame holds it (typed: NaN or code -1 where missing). */
export function frameColumn(frame: AnalysisFrame, name: string): FrameColumn {
  const values = frame.columns.get(name);
  if (values === undefined) throw new Error(`The frame has no column ${name}`);
  return values;
}

/** A numeric variable's values (NaN where missing). */
export function numericColumn(frame: AnalysisFrame, name: string): Float64Array {
  const values = frameColumn(frame, name);
  if (values.kind !== 'number') throw new Error(`The frame's column ${name} is not numeric`);
  return values.values;
}

/** A variable's values one per patient (numbers, strings, null where missing), for code that indexes them. */
export function column(frame: AnalysisFrame, name: string): FrameValue[] {
  const values = frameColumn(frame, name);
  return Array.from({ length: frame.patientIds.length }, (_, i) => valueAt(values, i));
}

/** Whether row `i` of a column has no value. */
export function isMissing(values: FrameColumn, i: number): boolean {
  return values.kind === 'number' ? Number.isNaN(values.values[i]!) : values.codes[i]! < 0;
}

/** Row indexes where every given column has a value. */
export function completeRows(length: number, columns: readonly (readonly unknown[])[]): number[] {
  const rows: number[] = [];
  rows: for (let i = 0; i < length; i++) {
    for (const values of columns) if (values[i] === null || values[i] === undefined) continue rows;
    rows.push(i);
  }
  return rows;
}

export function survivalTimes(frame: AnalysisFrame, unit: TimeUnit, rows: readonly number[]): { time: number[]; event: number[] } {
  return { time: rows.map((i) => convertDays(frame.survivalDays[i]!, unit)), event: rows.map((i) => frame.event[i]!) };
}

export function allRows(frame: AnalysisFrame): number[] {
  return frame.patientIds.map((_, index) => index);
}
