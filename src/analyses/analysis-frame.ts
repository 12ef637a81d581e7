/**
 * Builds the data frame an analysis runs on: one SQL pass over the cohort (src/store/analysis-frame.ts)
 * for the survival outcome and every variable the analysis names, then complete-case selection.
 */
import { badUserInput } from '../errors.js';
import { convertDays, type TimeUnit } from '../clinical/index.js';
import { loadAnalysisFrame, type AnalysisFrame, type FrameValue } from '../store/analysis-frame.js';
import { findSqlVariable, type SqlVariable } from '../store/patient-variables.js';
import type { CohortSelection } from '../records/cohorts.js';
import type { ResolvedCovariate } from './covariates.js';
import type { ServiceContext } from '../access/service-context.js';

export type { AnalysisFrame, FrameValue };

export async function loadFrame(context: ServiceContext, cohort: CohortSelection, covariates: readonly ResolvedCovariate[], variableNames: readonly string[] = []): Promise<AnalysisFrame> {
  const variables = new Map<string, SqlVariable>();
  for (const covariate of covariates) variables.set(covariate.variable.definition.name, covariate.variable);
  for (const name of variableNames) {
    const variable = findSqlVariable(name);
    if (variable === undefined) throw new Error(`Unknown variable ${name}`);
    variables.set(name, variable);
  }
  const frame = await loadAnalysisFrame(context.db, cohort.condition, [...variables.values()]);
  if (frame.patientIds.length === 0) throw badUserInput('The cohort is empty: no patient matches its filter, so there is nothing to analyse.', 'where');
  return frame;
}

export function column(frame: AnalysisFrame, name: string): FrameValue[] {
  const values = frame.columns.get(name);
  if (values === undefined) throw new Error(`The frame has no column ${name}`);
  return values;
}

/** Row indexes where every given column has a value. */
export function completeRows(length: number, columns: readonly (readonly unknown[])[]): number[] {
  const rows: number[] = [];
  for (let i = 0; i < length; i++) if (columns.every((values) => values[i] !== null && values[i] !== undefined)) rows.push(i);
  return rows;
}

export function survivalTimes(frame: AnalysisFrame, unit: TimeUnit, rows: readonly number[]): { time: number[]; event: number[] } {
  return { time: rows.map((i) => convertDays(frame.survivalDays[i]!, unit)), event: rows.map((i) => frame.event[i]!) };
}

export function allRows(frame: AnalysisFrame): number[] {
  return frame.patientIds.map((_, index) => index);
}
