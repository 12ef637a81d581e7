/**
 * Row-level scoping, applied in the data layer to every query that returns patient rows or their
 * records: a site role reaches only its own site's patients, whatever path it takes.
 */
import { sql, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema/index.js';
/** Which patients' rows a reader reaches: all, one site's, or none. */
export type RowScope = { kind: 'ALL' } | { kind: 'SITE'; siteId: number } | { kind: 'NONE' };

export const ALL_ROWS: RowScope = { kind: 'ALL' };

/** The condition on `patients` a scope imposes (undefined: none). */
export function patientScopeCondition(scope: RowScope): SQL | undefined {
  if (scope.kind === 'ALL') return undefined;
  if (scope.kind === 'NONE') return sql`0 = 1`;
  return sql`${patients.siteId} = ${scope.siteId}`;
}

/** The condition on a record table's patient_id column a scope imposes (undefined: none). */
export function recordScopeCondition(scope: RowScope, patientIdColumn: SQL | { name: string }): SQL | undefined {
  if (scope.kind === 'ALL') return undefined;
  if (scope.kind === 'NONE') return sql`0 = 1`;
  return sql`${patientIdColumn} IN (SELECT p.id FROM patients p WHERE p.site_id = ${scope.siteId})`;
}
