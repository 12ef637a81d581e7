/**
 * Exclusion { count reason }: who an analysis left out and why. The row tier sees the true counts;
 * under disclosure control (the aggregate tier) each count is the cell-key release of those
 * patients, withheld when small, like every other count (docs/disclosure.md).
 */
import type { DisclosureGuard } from '../access/disclosure.js';
import type { ReleasedCounts } from '../access/cell-key-context.js';
import type { ExcludedPatients } from './analysis-frame.js';

export interface Exclusion {
  count: number | null;
  reason: string;
}

/** Groups `patientIds` by the reason each was left out (null: kept), in order of first appearance. */
export function groupExclusions(patientIds: readonly number[], reasonOf: (index: number) => string | null): ExcludedPatients[] {
  const groups = new Map<string, number[]>();
  patientIds.forEach((id, index) => {
    const reason = reasonOf(index);
    if (reason === null) return;
    const ids = groups.get(reason);
    if (ids === undefined) groups.set(reason, [id]);
    else ids.push(id);
  });
  return [...groups].map(([reason, ids]) => ({ reason, patientIds: ids }));
}

export function releaseExclusions(excluded: readonly ExcludedPatients[], guard: DisclosureGuard, counts: ReleasedCounts | null, path: string): Exclusion[] {
  return excluded.map(({ reason, patientIds }, index) => ({
    reason,
    count: !guard.active || counts === null
      ? patientIds.length
      : counts.count(patientIds) ?? guard.withhold(`${path}.excluded[${index}].count`, guard.smallCountReason()),
  }));
}
