/**
 * Cross-tabulation of two covariates (each as groups: see src/analyses/covariates.ts) with
 * Fisher's exact test (as R's fisher.test: two-sided, or a one-sided alternative on 2 x 2 tables;
 * the conditional MLE odds ratio and its CI on 2 x 2). Empty rows and columns are kept in the
 * table but left out of the test (they carry no information and R rejects them).
 *
 * Under disclosure control (docs/disclosure.md, "Tables and summaries") the test is the released table's: with a
 * withheld cell, p, the odds ratio and its limits are withheld too (from the exact p and odds ratio
 * and the known total, enumerating the tables with the released cells leaves one, the true one);
 * otherwise they are computed from the released counts, so they say nothing the counts do not,
 * and coarsened (p to 2 significant digits, the rest to 3).
 */
import { fisherExact } from '../stats/index.js';
import { badUserInput } from '../errors.js';
import { completeRows, frameColumn, loadFrame } from './analysis-frame.js';
import type { CohortSelection } from '../records/cohorts.js';
import { groupBy, resolveCovariate, type CovariateInput } from './covariates.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor, type DisclosureGuard } from '../access/disclosure.js';
import { coarsenP, coarsenStatistic } from '../access/coarsened-statistics.js';
import { aggregateReleaseFor } from '../access/aggregate-release.js';
import { canonical, defineAnalysis } from './analysis.js';

export type Alternative = 'TWO_SIDED' | 'LESS' | 'GREATER';
const ALTERNATIVES = { TWO_SIDED: 'two.sided', LESS: 'less', GREATER: 'greater' } as const;

export async function crossTabulate(context: ServiceContext, cohort: CohortSelection, args: { rows: CovariateInput; columns: CovariateInput; alternative?: Alternative | null }) {
  const rowCovariate = resolveCovariate(args.rows, 'rows');
  const columnCovariate = resolveCovariate(args.columns, 'columns');
  const guard = await guardFor(context, cohort, 'crossTab');
  const frame = await loadFrame(context, cohort, [rowCovariate, columnCovariate]);
  if (guard.isSmall(frame.patientIds.length)) guard.refuse(`the cohort has ${guard.smallCountReason()}`);
  const rowGroups = groupBy(rowCovariate, frameColumn(frame, rowCovariate.variable.definition.name), 'rows');
  const columnGroups = groupBy(columnCovariate, frameColumn(frame, columnCovariate.variable.definition.name), 'columns');
  const cells = rowGroups.labels.map(() => columnGroups.labels.map((): number[] => []));
  const rows = completeRows(frame.patientIds.length, [rowGroups.codes, columnGroups.codes]);
  for (const i of rows) cells[rowGroups.codes[i]!]![columnGroups.codes[i]!]!.push(frame.patientIds[i]!);
  const counts = cells.map((row) => row.map((ids) => ids.length));
  const usedRows = counts.map((row, index) => (row.some((count) => count > 0) ? index : -1)).filter((index) => index >= 0);
  const usedColumns = columnGroups.labels.map((_, j) => (counts.some((row) => row[j]! > 0) ? j : -1)).filter((j) => j >= 0);
  if (usedRows.length < 2 || usedColumns.length < 2) {
    throw badUserInput(`Fisher's exact test needs at least two non-empty rows and columns; this cohort gives ${usedRows.length} x ${usedColumns.length}.`, usedRows.length < 2 ? 'rows' : 'columns');
  }
  const alternative = args.alternative ?? 'TWO_SIDED';
  const is2x2 = usedRows.length === 2 && usedColumns.length === 2;
  if (!is2x2 && alternative !== 'TWO_SIDED') throw badUserInput('One-sided alternatives exist for 2 x 2 tables only.', 'alternative');
  const release = await aggregateReleaseFor(context, cohort, guard);
  const released = release.table((r, c) => `.counts[${r}][${c}]`, cells);
  return {
    rowLabels: rowGroups.displayLabels,
    columnLabels: columnGroups.displayLabels,
    rowKeys: rowGroups.labels,
    columnKeys: columnGroups.labels,
    counts: released,
    n: release.count('.n', rows.map((i) => frame.patientIds[i]!)),
    fisher: fisherResult(guard, usedRows.map((r) => usedColumns.map((c) => released[r]![c]!)), alternative, is2x2),
  };
}

/** Fisher's test of the table as released: exact when control is off; withheld with any withheld cell; else coarsened. */
function fisherResult(guard: DisclosureGuard, table: (number | null)[][], alternative: Alternative, is2x2: boolean) {
  if (table.some((row) => row.some((count) => count === null))) {
    guard.withhold('.fisher', 'computed from a withheld cell, whose value it would give back (disclosure control)');
    return { p: null, alternative, oddsRatio: null, oddsRatioInfinite: null, lower: null, upper: null };
  }
  const test = fisherExact({ table: table as number[][] }, { alternative: ALTERNATIVES[alternative] });
  const shown = guard.active ? { p: coarsenP, statistic: coarsenStatistic } : { p: (x: number | null) => x, statistic: (x: number | null) => x };
  return {
    p: shown.p(test.p),
    alternative,
    oddsRatio: shown.statistic(test.oddsRatio ?? null),
    oddsRatioInfinite: is2x2 && test.oddsRatio === null,
    lower: shown.statistic(test.confInt?.[0] ?? null),
    upper: shown.statistic(test.confInt?.[1] ?? null),
  };
}

/** The Cohort field `crossTab` (src/analyses/analysis.ts). */
export const crossTabAnalysis = defineAnalysis({
  field: 'crossTab',
  canonicalArgs: (args: Parameters<typeof crossTabulate>[2]) => canonical(args),
  reads: 'the row and column variables',
  disclosure: 'cell-key counts, 0 < n < k withheld with secondary suppression in rows and columns; Fisher from the released counts (p to 2 significant digits, ratios to 3), null when a cell is withheld',
  compute: crossTabulate,
});
