/**
 * A lab's course over study timepoints, as the founding study's Tables 3 and 5: per timepoint the
 * n, mean, SD, median and IQR of the values picked for the timepoint (lab.<Analyte>.<Timepoint>),
 * overall and per group; and the one-way repeated-measures ANOVA of time on the patients with a
 * value at every timepoint (listwise deletion), also with a between-subjects factor ("adjusted",
 * e.g. for baseline tumour burden: the time effect in the mixed design) and per group.
 *
 * Under disclosure control (docs/disclosure.md, "Tables and summaries") the per-timepoint summaries are released as
 * every continuous summary (src/access/aggregate-release.ts: perturbed mean and SD, quartiles from
 * 2k values, never the extremes); an ANOVA over fewer than k complete patients, or with a group
 * under k, is withheld; otherwise its F and epsilons are given to 3 significant digits, its p-values
 * to 2, and its denominator degrees of freedom as for the released nComplete (the exact df would
 * give the exact count of complete patients back, and with it whether one patient has every value).
 * A cohort under k patients is refused.
 */
import { repeatedMeasuresAnova, StatsInputError, type RepeatedMeasuresAnovaResult } from '../stats/index.js';
import { ANALYTES, ANALYTE_NAMES, TIMEPOINTS, type AnalyteName, type Timepoint } from '../clinical/index.js';
import { badUserInput } from '../errors.js';
import { frameColumn, loadFrame, numericColumn } from './analysis-frame.js';
import type { CohortSelection } from '../records/cohorts.js';
import { groupBy, resolveCovariate, type CovariateInput, type Grouping } from './covariates.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor } from '../access/disclosure.js';
import { coarsenP, coarsenStatistic } from '../access/coarsened-statistics.js';
import { aggregateReleaseFor, type AggregateRelease } from '../access/aggregate-release.js';
import { canonical, defineAnalysis } from './analysis.js';

export interface LabTrajectoryArgs {
  analyte: string;
  timepoints?: Timepoint[] | null;
  by?: CovariateInput | null;
  adjustFor?: CovariateInput | null;
}

const DEFAULT_TIMEPOINTS: readonly Timepoint[] = ['BASELINE', 'MONTH_6', 'YEAR_1'];

/** Each timepoint's values, NaN where a patient has none (the frame's numeric columns). */
type Series = readonly Float64Array[];

function summarize(release: AggregateRelease, path: string, names: readonly string[], timepoints: readonly Timepoint[], series: Series, patientIds: readonly number[], rows: readonly number[]) {
  return timepoints.map((timepoint, t) => {
    const values = series[t]!;
    const measured = rows.filter((i) => !Number.isNaN(values[i]!));
    return { timepoint, ...release.summarize(`${path}[${t}]`, names[t]!, measured.map((i) => values[i]!), measured.map((i) => patientIds[i]!)) };
  });
}

/** The ANOVA, or null with the reason when it cannot be computed (too few complete patients...) or would publish a small group. */
function anova(release: AggregateRelease, path: string, series: Series, patientIds: readonly number[], rows: readonly number[], between: Grouping | null, warnings: string[], what: string) {
  const { guard } = release;
  const values = rows.map((i) => series.map((column) => (Number.isNaN(column[i]!) ? null : column[i]!)));
  const groups = between === null ? null : rows.map((i) => (between.codes[i] === null ? null : between.labels[between.codes[i]!]!));
  try {
    const result = repeatedMeasuresAnova({ values, between: groups });
    const groupSizes = result.groups?.map((group) => group.n) ?? [];
    if ([result.nComplete, ...groupSizes].some((n) => guard.isSmall(n))) return guard.withhold(path, guard.smallCountReason());
    if (!guard.active) return shapeAnova(result);
    const excluded = new Set(result.excludedRows);
    const nComplete = release.count(`${path}.nComplete`, rows.filter((_, index) => !excluded.has(index)).map((i) => patientIds[i]!));
    return nComplete === null ? guard.withhold(path, guard.smallCountReason()) : coarsenAnova(shapeAnova(result), nComplete);
  } catch (error) {
    if (!(error instanceof StatsInputError)) throw error;
    warnings.push(`${what}: not computed (${error.message}).`);
    return null;
  }
}

function shapeAnova(result: RepeatedMeasuresAnovaResult) {
  return {
    nComplete: result.nComplete,
    F: result.F,
    df1: result.df1,
    df2: result.df2,
    p: result.p,
    greenhouseGeisser: result.greenhouseGeisser,
    huynhFeldt: result.huynhFeldt,
    mauchly: result.mauchly,
    spssHuynhFeldt: result.spss.huynhFeldt.time,
    between: result.between,
    interaction: result.interaction === null ? null : { F: result.interaction.F, df1: result.interaction.df1, df2: result.interaction.df2, p: result.interaction.p },
    warnings: result.warnings,
  };
}

/**
 * The aggregate tier's ANOVA: statistics to 3 significant digits, p to 2, and every df2 as for the
 * released nComplete (each is a multiple of n − groups, which the time effect's df2 / df1 gives).
 */
function coarsenAnova(anova: ReturnType<typeof shapeAnova>, nComplete: number) {
  const exactErrorDf = anova.df2 / anova.df1;
  const groups = anova.nComplete - exactErrorDf;
  const df2 = (df: number) => (df * (nComplete - groups)) / exactErrorDf;
  const correction = (c: { epsilon: number | null; p: number | null }) => ({ epsilon: coarsenStatistic(c.epsilon), p: coarsenP(c.p) });
  const effect = (e: { F: number | null; df1: number; df2: number; p: number | null } | null) => (e === null ? null : { F: coarsenStatistic(e.F), df1: e.df1, df2: df2(e.df2), p: coarsenP(e.p) });
  return {
    ...effect(anova)!,
    nComplete,
    greenhouseGeisser: correction(anova.greenhouseGeisser),
    huynhFeldt: correction(anova.huynhFeldt),
    spssHuynhFeldt: correction(anova.spssHuynhFeldt),
    mauchly: anova.mauchly === null ? null : { W: coarsenStatistic(anova.mauchly.W)!, p: coarsenP(anova.mauchly.p)! },
    between: effect(anova.between),
    interaction: effect(anova.interaction),
    warnings: anova.warnings,
  };
}

export async function traceLab(context: ServiceContext, cohort: CohortSelection, args: LabTrajectoryArgs) {
  if (!(ANALYTE_NAMES as readonly string[]).includes(args.analyte)) throw badUserInput(`Unknown analyte "${args.analyte}".`, 'analyte');
  const analyte = args.analyte as AnalyteName;
  const timepoints = args.timepoints ?? [...DEFAULT_TIMEPOINTS];
  if (timepoints.length < 2) throw badUserInput('A trajectory needs at least two timepoints.', 'timepoints');
  if (new Set(timepoints).size !== timepoints.length) throw badUserInput('Each timepoint once.', 'timepoints');
  timepoints.forEach((timepoint, index) => {
    if (!TIMEPOINTS.includes(timepoint)) throw badUserInput(`Unknown timepoint "${timepoint}".`, `timepoints[${index}]`);
  });
  const by = args.by == null ? null : resolveCovariate(args.by, 'by');
  const adjustFor = args.adjustFor == null ? null : resolveCovariate(args.adjustFor, 'adjustFor');
  const names = timepoints.map((timepoint) => `lab.${analyte}.${timepoint}`);
  const guard = await guardFor(context, cohort, 'labTrajectory');
  const frame = await loadFrame(context, cohort, [by, adjustFor].filter((c) => c !== null), names);
  if (guard.isSmall(frame.patientIds.length)) guard.refuse(`the cohort has ${guard.smallCountReason()}`);
  const release = await aggregateReleaseFor(context, cohort, guard);
  const series = names.map((name) => numericColumn(frame, name));
  const everyone = frame.patientIds.map((_, i) => i);
  const warnings: string[] = [];
  const byGroups = by === null ? null : groupBy(by, frameColumn(frame, by.variable.definition.name), 'by');
  const adjustGroups = adjustFor === null ? null : groupBy(adjustFor, frameColumn(frame, adjustFor.variable.definition.name), 'adjustFor');
  return {
    analyte,
    unit: ANALYTES[analyte].canonicalUnit,
    timepoints,
    summary: summarize(release, '.summary', names, timepoints, series, frame.patientIds, everyone),
    anova: anova(release, '.anova', series, frame.patientIds, everyone, null, warnings, 'Repeated-measures ANOVA'),
    adjustedFor: adjustFor?.label ?? null,
    adjustedAnova: adjustGroups === null ? null : anova(release, '.adjustedAnova', series, frame.patientIds, everyone, adjustGroups, warnings, `ANOVA adjusted for ${adjustFor!.label}`),
    groupComparison: byGroups === null ? null : anova(release, '.groupComparison', series, frame.patientIds, everyone, byGroups, warnings, `ANOVA by ${by!.label}`),
    groups: byGroups === null ? [] : byGroups.labels.map((label, code) => {
      const rows = everyone.filter((i) => byGroups.codes[i] === code);
      const path = `.groups[${code}]`;
      const displayLabel = byGroups.displayLabels[code]!;
      return { key: label, label: displayLabel, n: release.count(`${path}.n`, rows.map((i) => frame.patientIds[i]!)), summary: summarize(release, `${path}.summary`, names, timepoints, series, frame.patientIds, rows), anova: anova(release, `${path}.anova`, series, frame.patientIds, rows, null, warnings, `ANOVA in ${displayLabel}`) };
    }),
    warnings,
  };
}

/** The Cohort field `labTrajectory` (src/analyses/analysis.ts). */
export const labTrajectoryAnalysis = defineAnalysis({
  field: 'labTrajectory',
  canonicalArgs: (args: LabTrajectoryArgs) => canonical(args),
  reads: 'the lab value picked at each timepoint, the grouping and adjustment variables',
  disclosure: 'summaries as characteristics (keyed noise, quartiles from 2k); the ANOVA coarsened (statistics to 3 significant digits, p to 2), withheld over a group under k',
  compute: traceLab,
});
