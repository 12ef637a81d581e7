/**
 * The peer operations for sizes and tables (docs/federation.md, "What leaves a site"):
 *   - size: the number of the cohort's patients at the site;
 *   - characteristics: per variable the number with a value and missing, per level the count, and
 *     for a continuous variable n, sum x and sum x^2 (from which the coordinator computes the pooled
 *     mean = Sx / n and sd = sqrt((Sxx - Sx^2 / n) / (n - 1)), as R's mean() and sd());
 *   - crossTab: the table of counts of two groupings (the coordinator runs Fisher on the pooled table).
 * Every count through PeerCounter (exact with its cell key, withheld when 0 < n < k, secondary
 * suppression in tables); sums only over k or more patients. They run as analyses, through the
 * one disclosure stage (src/analyses/execution/execute.ts), so a small cohort, or one whose
 * complement at the site is small, is refused before anything is counted.
 */
import { badUserInput } from '../../errors.js';
import { findSqlVariable } from '../../store/patient-variables.js';
import { column, completeRows } from '../../analyses/analysis-frame.js';
import { loadPeerFrame } from './peer-frame.js';
import { groupBy, resolveCovariate, type CovariateInput } from '../../analyses/covariates.js';
import { canonical, defineAnalysis } from '../../analyses/analysis.js';
import { guardFor } from '../../access/disclosure.js';
import type { ServiceContext } from '../../access/service-context.js';
import type { CohortSelection } from '../../records/cohorts.js';
import { PeerCounter } from './peer-protocol.js';

const MAX_VARIABLES = 200;

async function countCohort(context: ServiceContext, cohort: CohortSelection) {
  const guard = await guardFor(context, cohort, 'size');
  const frame = await loadPeerFrame(context, cohort, []);
  return new PeerCounter(guard, context).count('', frame.patientIds);
}

async function tabulateCharacteristics(context: ServiceContext, cohort: CohortSelection, args: { variables: string[] }) {
  const names = args.variables;
  if (names.length === 0 || names.length > MAX_VARIABLES) throw badUserInput(`Give 1 to ${MAX_VARIABLES} variables.`, 'variables');
  names.forEach((name, index) => {
    if (findSqlVariable(name) === undefined) throw badUserInput(`Unknown variable "${name}": query \`variables\` for the data dictionary.`, `variables[${index}]`);
  });
  const guard = await guardFor(context, cohort, 'characteristics');
  const counter = new PeerCounter(guard, context);
  const frame = await loadPeerFrame(context, cohort, [], names);
  return names.map((name, index) => {
    const path = `[${index}]`;
    const variable = findSqlVariable(name)!;
    const values = column(frame, name);
    const present = values.flatMap((value, i) => (value === null ? [] : [i]));
    const ids = (rows: readonly number[]) => rows.map((i) => frame.patientIds[i]!);
    const n = counter.count(`${path}.n`, ids(present));
    const missing = counter.count(`${path}.missing`, ids(values.flatMap((value, i) => (value === null ? [i] : []))));
    const base = { variable: name, n, missing };
    if (variable.definition.kind === 'CONTINUOUS') {
      if (n === null) return { ...base, levels: [], sum: null, sumOfSquares: null };
      const numbers = present.map((i) => Number(values[i]));
      return { ...base, levels: [], sum: numbers.reduce((a, b) => a + b, 0), sumOfSquares: numbers.reduce((a, b) => a + b * b, 0) };
    }
    const levels = variable.definition.kind === 'BOOLEAN' ? ['true', 'false'] : variable.definition.levels!;
    const asLevel = (value: unknown) => (variable.valueType === 'flag' ? (value === 1 ? 'true' : 'false') : String(value));
    const counts = counter.table((_, l) => `${path}.levels[${l}]`, [levels.map((level) => ids(present.filter((i) => asLevel(values[i]) === level)))])[0]!;
    return { ...base, levels: levels.map((level, l) => ({ level, count: counts[l]! })), sum: null, sumOfSquares: null };
  });
}

async function tabulateCrossing(context: ServiceContext, cohort: CohortSelection, args: { rows: CovariateInput; columns: CovariateInput }) {
  const rowCovariate = resolveCovariate(args.rows, 'rows');
  const columnCovariate = resolveCovariate(args.columns, 'columns');
  const guard = await guardFor(context, cohort, 'crossTab');
  const frame = await loadPeerFrame(context, cohort, [rowCovariate, columnCovariate]);
  const rowGroups = groupBy(rowCovariate, column(frame, rowCovariate.variable.definition.name), 'rows');
  const columnGroups = groupBy(columnCovariate, column(frame, columnCovariate.variable.definition.name), 'columns');
  const cells = rowGroups.labels.map(() => columnGroups.labels.map((): number[] => []));
  for (const i of completeRows(frame.patientIds.length, [rowGroups.codes, columnGroups.codes])) {
    cells[rowGroups.codes[i]!]![columnGroups.codes[i]!]!.push(frame.patientIds[i]!);
  }
  return {
    rowLabels: rowGroups.labels,
    columnLabels: columnGroups.labels,
    counts: new PeerCounter(guard, context).table((r, c) => `.counts[${r}][${c}]`, cells),
  };
}

export const peerSizeAnalysis = defineAnalysis({
  field: 'peerSize',
  canonicalArgs: () => ({}),
  reads: 'the cohort\'s patient ids',
  disclosure: 'the exact count with its cell key; the common rule refuses a small cohort or a small complement',
  compute: async (context: ServiceContext, cohort: CohortSelection) => await countCohort(context, cohort),
});

export const peerCharacteristicsAnalysis = defineAnalysis({
  field: 'peerCharacteristics',
  canonicalArgs: (args: { variables: string[] }) => canonical(args),
  reads: 'the named variables',
  disclosure: 'exact counts with cell keys, withheld when 0 < n < k (level sets with secondary suppression); sum and sum of squares over k or more patients only',
  compute: tabulateCharacteristics,
});

export const peerCrossTabAnalysis = defineAnalysis({
  field: 'peerCrossTab',
  canonicalArgs: (args: { rows: CovariateInput; columns: CovariateInput }) => canonical(args),
  reads: 'the row and column variables',
  disclosure: 'exact cell counts with cell keys, primary and secondary suppression',
  compute: tabulateCrossing,
});
