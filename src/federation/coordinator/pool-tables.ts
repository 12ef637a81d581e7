/**
 * Pooled sizes and tables from the sites' exact counts and sums (docs/federation.md):
 *   size = sum of n_s;  a level's count = sum of the sites' counts;
 *   a continuous variable: n = sum n_s, mean = (sum Sx_s) / n,
 *     sd = sqrt((sum Sxx_s - (sum Sx_s)^2 / n) / (n - 1))   (R's mean() and sd() on the pooled rows);
 *   a cross-tab: the cell-wise sum, and Fisher's exact test (src/stats fisher-exact.ts, as R's
 *     fisher.test) on the pooled table.
 * Quartiles and extremes are not sums of site values: they are null, and listed as withheld.
 * A count a site withheld makes the pooled count (and Fisher's test) null, with that reason.
 */
import { fisherExact } from '../../stats/index.js';
import { badUserInput } from '../../errors.js';
import { findSqlVariable } from '../../store/patient-variables.js';
import { resolveCovariate, type CovariateInput } from '../../analyses/covariates.js';
import { groupDisplayLabels } from '../../analyses/labels.js';
import type { FederatedCohort } from './federated-cohort.js';
import { pooledKey, type PooledRelease } from './pooled-release.js';
import type { PeerCount } from '../peer/peer-protocol.js';

const COUNT = 'count cellKey';

export async function pooledSize(cohort: FederatedCohort, release: PooledRelease): Promise<number | null | string> {
  const size = await cohort.pooledSize();
  if (typeof size === 'string') return size;
  const risk = release.controlled ? release.unreleasable(size.count, size.federationSize) : null;
  if (risk !== null) return release.withhold('', risk);
  return release.count('', size.count, size.cellKey);
}

interface PeerCharacteristic {
  variable: string;
  n: PeerCount | null;
  missing: PeerCount | null;
  levels: { level: string; count: PeerCount | null }[];
  sum: number | null;
  sumOfSquares: number | null;
}

/** The sum of the sites' counts, or null (naming the sites) when one withheld it. */
function addCounts(counts: readonly { code: string; count: PeerCount | null }[]): PeerCount | { withheldAt: string[] } {
  const withheldAt = counts.filter(({ count }) => count === null).map(({ code }) => code);
  if (withheldAt.length > 0) return { withheldAt };
  return { count: counts.reduce((sum, { count }) => sum + count!.count, 0), cellKey: pooledKey(counts.map(({ count }) => count!.cellKey)) };
}

const withheldAtSites = (sites: string[]) => `withheld by site ${sites.join(', ')} (a count under its threshold)`;

export async function pooledCharacteristics(cohort: FederatedCohort, release: PooledRelease, variables: string[]) {
  variables.forEach((name, index) => {
    if (findSqlVariable(name) === undefined) throw badUserInput(`Unknown variable "${name}": query \`variables\` for the data dictionary.`, `variables[${index}]`);
  });
  const every = await cohort.fanOut.everySite<{ characteristics: { variables: PeerCharacteristic[] } }>(
    `characteristics(variables: $variables) { variables { variable n { ${COUNT} } missing { ${COUNT} } levels { level count { ${COUNT} } } sum sumOfSquares } }`,
    '$variables: [String!]!', { ...cohort.variables, variables },
  );
  if (!every.ok) return every.reason;
  return variables.map((name, index) => {
    const path = `[${index}]`;
    const { definition } = findSqlVariable(name)!;
    const perSite = every.answers.map(({ code, data }) => ({ code, row: data.characteristics.variables[index]! }));
    const released = (at: string, total: PeerCount | { withheldAt: string[] }) => ('withheldAt' in total ? release.withhold(at, withheldAtSites(total.withheldAt)) : release.count(at, total.count, total.cellKey));
    const nTotal = addCounts(perSite.map(({ code, row }) => ({ code, count: row.n })));
    const n = released(`${path}.n`, nTotal);
    const missing = released(`${path}.missing`, addCounts(perSite.map(({ code, row }) => ({ code, count: row.missing }))));
    const base = { variable: name, label: definition.label, kind: definition.kind, unit: definition.unit ?? null, n, missing };
    if (definition.kind === 'CONTINUOUS') return { ...base, levels: [], summary: pooledSummary(release, `${path}.summary`, nTotal, perSite.map(({ row }) => row)) };
    const levelNames = perSite[0]!.row.levels.map((level) => level.level);
    const totals = levelNames.map((_, l) => addCounts(perSite.map(({ code, row }) => ({ code, count: row.levels[l]!.count }))));
    const counts = release.controlled
      ? release.table((_, l) => `${path}.levels[${l}].count`, [totals.map((total) => ('withheldAt' in total ? 0 : total.count))], [totals.map((total) => ('withheldAt' in total ? 0 : total.cellKey))])[0]!
      : totals.map((total) => ('withheldAt' in total ? null : total.count));
    totals.forEach((total, l) => { if ('withheldAt' in total) { counts[l] = release.withhold(`${path}.levels[${l}].count`, withheldAtSites(total.withheldAt)); } });
    return {
      ...base,
      summary: null,
      levels: levelNames.map((level, l) => ({ level, count: counts[l]!, percent: counts[l] === null || n === null || n === 0 ? null : (100 * counts[l]!) / n })),
    };
  });
}

function pooledSummary(release: PooledRelease, path: string, nTotal: PeerCount | { withheldAt: string[] }, rows: readonly PeerCharacteristic[]) {
  const empty = { n: null, mean: null, sd: null, median: null, q1: null, q3: null, min: null, max: null };
  if ('withheldAt' in nTotal) {
    release.withhold(path, withheldAtSites(nTotal.withheldAt));
    return empty;
  }
  const n = nTotal.count;
  const sum = rows.reduce((total, row) => total + (row.sum ?? 0), 0);
  const sumOfSquares = rows.reduce((total, row) => total + (row.sumOfSquares ?? 0), 0);
  const mean = n === 0 ? null : sum / n;
  const sd = n < 2 ? null : Math.sqrt(Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1)));
  for (const statistic of ['median', 'q1', 'q3', 'min', 'max']) release.withhold(`${path}.${statistic}`, 'not computable from the sites\' sums (a federation pools counts and sums only)');
  return { ...empty, n: release.count(`${path}.n`, n, nTotal.cellKey), mean: release.statistic(mean), sd: release.statistic(sd) };
}

interface PeerCrossTab {
  rowLabels: string[];
  columnLabels: string[];
  counts: (PeerCount | null)[][];
}

/** The sites send each group's key (`variable = LEVEL`); people read the dictionary's labels, as on the central server. */
function displayLabels(covariate: CovariateInput, argument: string, keys: readonly string[]): string[] {
  const labels = groupDisplayLabels(resolveCovariate(covariate, argument).variable.definition, covariate);
  return labels.length === keys.length ? labels : [...keys];
}

const ALTERNATIVES = { TWO_SIDED: 'two.sided', LESS: 'less', GREATER: 'greater' } as const;

export async function pooledCrossTab(cohort: FederatedCohort, release: PooledRelease, args: { rows: CovariateInput; columns: CovariateInput; alternative?: keyof typeof ALTERNATIVES | null }) {
  const every = await cohort.fanOut.everySite<{ crossTab: PeerCrossTab }>(
    `crossTab(rows: $rows, columns: $columns) { rowLabels columnLabels counts { ${COUNT} } }`,
    '$rows: CovariateInput!, $columns: CovariateInput!', { ...cohort.variables, rows: args.rows, columns: args.columns },
  );
  if (!every.ok) return every.reason;
  const { rowLabels: rowKeys, columnLabels: columnKeys } = every.answers[0]!.data.crossTab;
  const rowLabels = displayLabels(args.rows, 'rows', rowKeys);
  const columnLabels = displayLabels(args.columns, 'columns', columnKeys);
  const totals = rowLabels.map((_, r) => columnLabels.map((__, c) => addCounts(every.answers.map(({ code, data }) => ({ code, count: data.crossTab.counts[r]![c]! })))));
  const exact = totals.map((row) => row.map((total) => ('withheldAt' in total ? 0 : total.count)));
  const counts: (number | null)[][] = release.controlled
    ? release.table((r, c) => `.counts[${r}][${c}]`, exact, totals.map((row) => row.map((total) => ('withheldAt' in total ? 0 : total.cellKey))))
    : exact.map((row) => [...row]);
  totals.forEach((row, r) => row.forEach((total, c) => { if ('withheldAt' in total) counts[r]![c] = release.withhold(`.counts[${r}][${c}]`, withheldAtSites(total.withheldAt)); }));
  const alternative = args.alternative ?? 'TWO_SIDED';
  const nonEmpty = (r: number, c: number) => exact[r]![c]! > 0 || 'withheldAt' in totals[r]![c]!;
  const usedRows = rowLabels.flatMap((_, r) => (columnLabels.some((__, c) => nonEmpty(r, c)) ? [r] : []));
  const usedColumns = columnLabels.flatMap((_, c) => (rowLabels.some((__, r) => nonEmpty(r, c)) ? [c] : []));
  if (usedRows.length < 2 || usedColumns.length < 2) {
    throw badUserInput(`Fisher's exact test needs at least two non-empty rows and columns; the federation gives ${usedRows.length} x ${usedColumns.length}.`, usedRows.length < 2 ? 'rows' : 'columns');
  }
  const is2x2 = usedRows.length === 2 && usedColumns.length === 2;
  if (!is2x2 && alternative !== 'TWO_SIDED') throw badUserInput('One-sided alternatives exist for 2 x 2 tables only.', 'alternative');
  const table = usedRows.map((r) => usedColumns.map((c) => counts[r]![c]!));
  const total = exact.flat().reduce((a, b) => a + b, 0);
  const totalKey = pooledKey(totals.flat().map((cell) => ('withheldAt' in cell ? 0 : cell.cellKey)));
  const n = totals.flat().some((cell) => 'withheldAt' in cell) ? release.withhold('.n', 'a cell was withheld by a site') : release.count('.n', total, totalKey);
  if (table.some((row) => row.some((count) => count === null))) {
    release.withhold('.fisher', 'computed from a withheld cell, whose value it would give back (disclosure control)');
    return { rowLabels, columnLabels, rowKeys, columnKeys, counts, n, fisher: { p: null, alternative, oddsRatio: null, oddsRatioInfinite: null, lower: null, upper: null } };
  }
  const test = fisherExact({ table: table as number[][] }, { alternative: ALTERNATIVES[alternative] });
  return {
    rowLabels, columnLabels, rowKeys, columnKeys, counts, n,
    fisher: {
      p: release.p(test.p),
      alternative,
      oddsRatio: release.statistic(test.oddsRatio ?? null),
      oddsRatioInfinite: is2x2 && test.oddsRatio === null,
      lower: release.statistic(test.confInt?.[0] ?? null),
      upper: release.statistic(test.confInt?.[1] ?? null),
    },
  };
}
