/**
 * One pass over a cohort for an analysis: every patient matching the condition with their
 * survival time (days from the index date to death or last follow-up), event (death) and the
 * requested variables' values, computed in one SQL statement from the variables' expressions.
 *
 * The statement's rows are read as columns (./columnar.ts through the driver's queryColumns):
 * patient ids, times and events as number arrays, each variable as a Float64Array (numbers and
 * 0/1 flags, NaN where missing) or a dictionary-coded text column (-1 where missing), with no
 * object per patient. The rendered statement (text and parameters) names the frame exactly, so
 * it is the key a frame is kept under (src/analyses/frame-cache.ts) beside the data version.
 */
import { asc, sql, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema/index.js';
import type { Store } from './database.js';
import { queryColumns } from './driver.js';
import type { SqlVariable } from './patient-variables.js';
import { flagOf, renderingFor, wholeDaysBetween } from './dialect.js';
import { columnBytes, type Column, type ColumnKind } from './columnar.js';

export type { Column as FrameColumn, NumberColumn, TextColumn } from './columnar.js';
export { valueAt } from './columnar.js';

export type FrameValue = number | string | null;

export interface AnalysisFrame {
  patientIds: number[];
  /** Days from the index date to death or last follow-up. */
  survivalDays: number[];
  /** 1 = died, 0 = alive at last follow-up (censored). */
  event: number[];
  /** The column of each requested variable by name, in patient order. */
  columns: Map<string, Column>;
}

/** The frame's statement for this connection: `key` names it (text and parameters), `read` runs it. */
export interface FrameStatement {
  key: string;
  read(): Promise<AnalysisFrame>;
}

const survivalDays = wholeDaysBetween(sql`coalesce(${patients.deathDate}, ${patients.lastFollowUpDate})`, patients.indexDate);
const died = flagOf(sql`(${patients.vitalStatus} = 'DEAD')`);

function kindOf(variable: SqlVariable): ColumnKind {
  return variable.valueType === 'text' ? 'text' : 'number';
}

export function analysisFrameStatement(db: Store, condition: SQL | undefined, variables: readonly SqlVariable[]): FrameStatement {
  const selection: Record<string, SQL> = { id: sql`${patients.id}`, survivalDays, died };
  variables.forEach((variable, index) => { selection[`v${index}`] = variable.expression; });
  const query = db.select(selection).from(patients).where(condition).orderBy(asc(patients.id));
  const statement = renderingFor(db, () => query.toSQL());
  const kinds: ColumnKind[] = ['number', 'number', 'number', ...variables.map(kindOf)];
  return {
    key: `${statement.sql}\u0000${JSON.stringify(statement.params)}`,
    async read() {
      const { columns } = await queryColumns(db, query, kinds);
      const [ids, days, events, ...values] = columns as [Column & { kind: 'number' }, Column & { kind: 'number' }, Column & { kind: 'number' }, ...Column[]];
      return {
        patientIds: Array.from(ids.values),
        survivalDays: Array.from(days.values),
        event: Array.from(events.values),
        columns: new Map(variables.map((variable, index) => [variable.definition.name, values[index]!])),
      };
    },
  };
}

export async function loadAnalysisFrame(db: Store, condition: SQL | undefined, variables: readonly SqlVariable[]): Promise<AnalysisFrame> {
  return await analysisFrameStatement(db, condition, variables).read();
}

/** Approximate bytes a frame holds: 8 per number of its arrays, and its columns' arrays. */
export function frameBytes(frame: AnalysisFrame): number {
  let bytes = 8 * (frame.patientIds.length + frame.survivalDays.length + frame.event.length);
  for (const column of frame.columns.values()) bytes += columnBytes(column);
  return bytes;
}
