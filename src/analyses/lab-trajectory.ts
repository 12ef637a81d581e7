/**
 * A lab's course over study timepoints, as the founding study's Tables 3 and 5: per timepoint the
 * n, mean, SD, median and IQR of the values picked for the timepoint (lab.<Analyte>.<Timepoint>),
 * overall and per group; and the one-way repeated-measures ANOVA of time on the patients with a
 * value at every timepoint (listwise deletion), also with a between-subjects factor ("adjusted",
 * e.g. for baseline tumour burden: the time effect in the mixed design) and per group.
 */
import { repeatedMeasuresAnova, StatsInputError, type RepeatedMeasuresAnovaResult } from '../stats/index.js';
import { ANALYTES, ANALYTE_NAMES, TIMEPOINTS, type AnalyteName, type Timepoint } from '../clinical/index.js';
import { badUserInput } from '../errors.js';
import { column, loadFrame, type FrameValue } from './analysis-frame.js';
import type { CohortSelection } from '../records/cohorts.js';
import { groupBy, resolveCovariate, type CovariateInput, type Grouping } from './covariates.js';
import type { ServiceContext } from '../access/service-context.js';
import { guardFor, type DisclosureGuard } from '../access/disclosure.js';
import { canonical, defineAnalysis } from './analysis.js';
import { releasedSummary } from './characteristics.js';

export interface LabTrajectoryArgs {
  analyte: string;
  timepoints?: Timepoint[] | null;
  by?: CovariateInput | null;
  adjustFor?: CovariateInput | null;
}

const DEFAULT_TIMEPOINTS: readonly Timepoint[] = ['BASELINE', 'MONTH_6', 'YEAR_1'];

function summarize(guard: DisclosureGuard, path: string, timepoints: readonly Timepoint[], series: readonly FrameValue[][], rows: readonly number[]) {
  return timepoints.map((timepoint, t) => ({
    timepoint,
    ...releasedSummary(guard, `${path}[${t}]`, rows.map((i) => series[t]![i]).filter((value): value is number => typeof value === 'number')),
  }));
}

/** The ANOVA, or null with the reason when it cannot be computed (too few complete patients...) or would publish a small group. */
function anova(guard: DisclosureGuard, path: string, series: readonly FrameValue[][], rows: readonly number[], between: Grouping | null, warnings: string[], what: string) {
  const values = rows.map((i) => series.map((column) => (typeof column[i] === 'number' ? (column[i] as number) : null)));
  const groups = between === null ? null : rows.map((i) => (between.codes[i] === null ? null : between.labels[between.codes[i]!]!));
  try {
    const result = repeatedMeasuresAnova({ values, between: groups });
    const groupSizes = result.groups?.map((group) => group.n) ?? [];
    if ([result.nComplete, ...groupSizes].some((n) => guard.isSmall(n))) return guard.withhold(path, guard.smallCountReason());
    return { ...shapeAnova(result), nComplete: guard.round(result.nComplete) };
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

export function traceLab(context: ServiceContext, cohort: CohortSelection, args: LabTrajectoryArgs) {
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
  const guard = guardFor(context, cohort, 'labTrajectory');
  const frame = loadFrame(context, cohort, [by, adjustFor].filter((c) => c !== null), names);
  const series = names.map((name) => column(frame, name));
  const everyone = frame.patientIds.map((_, i) => i);
  const warnings: string[] = [];
  const byGroups = by === null ? null : groupBy(by, column(frame, by.variable.definition.name), 'by');
  const adjustGroups = adjustFor === null ? null : groupBy(adjustFor, column(frame, adjustFor.variable.definition.name), 'adjustFor');
  return {
    analyte,
    unit: ANALYTES[analyte].canonicalUnit,
    timepoints,
    summary: summarize(guard, '.summary', timepoints, series, everyone),
    anova: anova(guard, '.anova', series, everyone, null, warnings, 'Repeated-measures ANOVA'),
    adjustedFor: adjustFor?.label ?? null,
    adjustedAnova: adjustGroups === null ? null : anova(guard, '.adjustedAnova', series, everyone, adjustGroups, warnings, `ANOVA adjusted for ${adjustFor!.label}`),
    groupComparison: byGroups === null ? null : anova(guard, '.groupComparison', series, everyone, byGroups, warnings, `ANOVA by ${by!.label}`),
    groups: byGroups === null ? [] : byGroups.labels.map((label, code) => {
      const rows = everyone.filter((i) => byGroups.codes[i] === code);
      const path = `.groups[${code}]`;
      return { label, n: guard.count(`${path}.n`, rows.length), summary: summarize(guard, `${path}.summary`, timepoints, series, rows), anova: anova(guard, `${path}.anova`, series, rows, null, warnings, `ANOVA in ${label}`) };
    }),
    warnings,
  };
}

/** The Cohort field `labTrajectory` (src/analyses/analysis.ts). */
export const labTrajectoryAnalysis = defineAnalysis({
  field: 'labTrajectory',
  canonicalArgs: (args: LabTrajectoryArgs) => canonical(args),
  reads: 'the lab value picked at each timepoint, the grouping and adjustment variables',
  disclosure: 'summaries as characteristics; an ANOVA over a group under k withheld',
  compute: traceLab,
});
