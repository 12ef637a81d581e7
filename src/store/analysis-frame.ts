/**
 * One pass over a cohort for an analysis: every patient matching the condition with their
 * survival time (days from the index date to death or last follow-up), event (death) and the
 * requested variables' values, computed in one SQL statement from the variables' expressions.
 */
import { asc, sql, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryRows } from './driver.js';
import type { SqlVariable } from './patient-variables.js';
import { flagOf, wholeDaysBetween } from './dialect.js';

export type FrameValue = number | string | null;

export interface AnalysisFrame {
  patientIds: number[];
  /** Days from the index date to death or last follow-up. */
  survivalDays: number[];
  /** 1 = died, 0 = alive at last follow-up (censored). */
  event: number[];
  /** Values per requested variable name, in patient order. */
  columns: Map<string, FrameValue[]>;
}

const survivalDays = wholeDaysBetween(sql`coalesce(${patients.deathDate}, ${patients.lastFollowUpDate})`, patients.indexDate);
const died = flagOf(sql`(${patients.vitalStatus} = 'DEAD')`);

export async function loadAnalysisFrame(db: Store, condition: SQL | undefined, variables: readonly SqlVariable[]): Promise<AnalysisFrame> {
  const selection: Record<string, SQL> = { id: sql`${patients.id}`, survivalDays, died };
  variables.forEach((variable, index) => { selection[`v${index}`] = variable.expression; });
  const rows = (await queryRows(db, db.select(selection).from(patients).where(condition).orderBy(asc(patients.id)))) as Record<string, FrameValue>[];
  const columns = new Map<string, FrameValue[]>(variables.map((variable, index) => [variable.definition.name, rows.map((row) => row[`v${index}`] ?? null)]));
  return {
    patientIds: rows.map((row) => row['id'] as number),
    survivalDays: rows.map((row) => row['survivalDays'] as number),
    event: rows.map((row) => row['died'] as number),
    columns,
  };
}
