/**
 * Cross-tabulation of two covariates (each as groups: see src/analyses/covariates.ts) with
 * Fisher's exact test (as R's fisher.test: two-sided, or a one-sided alternative on 2 x 2 tables;
 * the conditional MLE odds ratio and its CI on 2 x 2). Empty rows and columns are kept in the
 * table but left out of the test (they carry no information and R rejects them).
 */
import { fisherExact } from '../stats/index.js';
import { badUserInput } from '../errors.js';
import { column, completeRows, loadFrame } from './analysis-frame.js';
import type { CohortSelection } from '../records/cohorts.js';
import { groupBy, resolveCovariate, type CovariateInput } from './covariates.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor } from '../access/disclosure.js';
import { canonical, defineAnalysis } from './analysis.js';

export type Alternative = 'TWO_SIDED' | 'LESS' | 'GREATER';
const ALTERNATIVES = { TWO_SIDED: 'two.sided', LESS: 'less', GREATER: 'greater' } as const;

export function crossTabulate(context: ServiceContext, cohort: CohortSelection, args: { rows: CovariateInput; columns: CovariateInput; alternative?: Alternative | null }) {
  const rowCovariate = resolveCovariate(args.rows, 'rows');
  const columnCovariate = resolveCovariate(args.columns, 'columns');
  const guard = guardFor(context, cohort, 'crossTab');
  const frame = loadFrame(context, cohort, [rowCovariate, columnCovariate]);
  const rowGroups = groupBy(rowCovariate, column(frame, rowCovariate.variable.definition.name), 'rows');
  const columnGroups = groupBy(columnCovariate, column(frame, columnCovariate.variable.definition.name), 'columns');
  const counts = rowGroups.labels.map(() => columnGroups.labels.map(() => 0));
  const rows = completeRows(frame.patientIds.length, [rowGroups.codes, columnGroups.codes]);
  for (const i of rows) counts[rowGroups.codes[i]!]![columnGroups.codes[i]!]! += 1;
  const usedRows = counts.map((row, index) => (row.some((count) => count > 0) ? index : -1)).filter((index) => index >= 0);
  const usedColumns = columnGroups.labels.map((_, j) => (counts.some((row) => row[j]! > 0) ? j : -1)).filter((j) => j >= 0);
  if (usedRows.length < 2 || usedColumns.length < 2) {
    throw badUserInput(`Fisher's exact test needs at least two non-empty rows and columns; this cohort gives ${usedRows.length} x ${usedColumns.length}.`, usedRows.length < 2 ? 'rows' : 'columns');
  }
  const alternative = args.alternative ?? 'TWO_SIDED';
  const is2x2 = usedRows.length === 2 && usedColumns.length === 2;
  if (!is2x2 && alternative !== 'TWO_SIDED') throw badUserInput('One-sided alternatives exist for 2 x 2 tables only.', 'alternative');
  const table = usedRows.map((r) => usedColumns.map((c) => counts[r]![c]!));
  const test = fisherExact({ table }, { alternative: ALTERNATIVES[alternative] });
  return {
    rowLabels: rowGroups.labels,
    columnLabels: columnGroups.labels,
    counts: guard.table((r, c) => `.counts[${r}][${c}]`, counts),
    n: guard.round(rows.length),
    fisher: {
      p: test.p,
      alternative,
      oddsRatio: test.oddsRatio ?? null,
      oddsRatioInfinite: is2x2 && test.oddsRatio === null,
      lower: test.confInt?.[0] ?? null,
      upper: test.confInt?.[1] ?? null,
    },
  };
}

/** The Cohort field `crossTab` (src/analyses/analysis.ts). */
export const crossTabAnalysis = defineAnalysis({
  field: 'crossTab',
  canonicalArgs: (args: Parameters<typeof crossTabulate>[2]) => canonical(args),
  reads: 'the row and column variables',
  disclosure: 'cells 0 < n < k withheld with secondary suppression in rows and columns; counts rounded',
  compute: crossTabulate,
});
