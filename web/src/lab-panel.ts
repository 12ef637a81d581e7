/**
 * A lab's course over the study timepoints (labTrajectory), overall or per group, summarised as
 * mean and 95% CI or median and IQR, with the API's plot (CTCAE thresholds, RM-ANOVA P) and a
 * table of the patients behind each timepoint (the group shrinks over follow-up).
 */
import { analytesOf, canGroup, isPatientLevel, optionGroups } from './dictionary';
import { element, latestOnly, selectOf } from './dom';
import type { LabTrajectoryQuery, PatientFilter, TrajectorySummary } from './generated/graphql';
import { OPERATIONS } from './operations';
import type { Panel, PanelContext } from './panel-context';
import { createPanelStatus } from './panel-status';
import { createPlotView } from './plot-view';

const DEFAULT_ANALYTE = 'ALP';
const SUMMARIES: { value: TrajectorySummary; text: string }[] = [
  { value: 'MEAN_CI', text: 'mean and 95% CI' },
  { value: 'MEDIAN_IQR', text: 'median and IQR' },
];

const TIMEPOINT_WORDS: Readonly<Record<string, string>> = {
  BASELINE: 'Baseline', MONTH_6: '6 months', YEAR_1: '1 year', YEAR_2: '2 years', YEAR_3: '3 years', YEAR_4: '4 years',
};

/** Patients with a value at each timepoint: one row overall, or one per group. */
function countsTable(trajectory: LabTrajectoryQuery['cohort']['labTrajectory']): HTMLTableElement {
  const rows = trajectory.groups.length > 0 ? trajectory.groups : [{ key: 'all', label: 'All patients', summary: trajectory.summary }];
  const countAt = (summary: readonly { timepoint: string; n: number | null }[], timepoint: string) => {
    const n = summary.find((point) => point.timepoint === timepoint)?.n;
    return n === null || n === undefined ? '–' : String(n);
  };
  return element('table', { class: 'numbers', 'data-testid': 'lab-counts' }, [
    element('caption', {}, ['Patients with a value']),
    element('thead', {}, [element('tr', {}, ['', ...trajectory.timepoints.map((timepoint) => TIMEPOINT_WORDS[timepoint] ?? timepoint)].map((text) => element('th', { scope: 'col' }, [text])))]),
    element('tbody', {}, rows.map((row) => element('tr', { 'data-group': row.label }, [
      element('th', { scope: 'row' }, [row.label]),
      ...trajectory.timepoints.map((timepoint) => element('td', { 'data-timepoint': timepoint }, [countAt(row.summary, timepoint)])),
    ]))),
  ]);
}

export function createLabPanel(panel: HTMLElement, context: PanelContext): Panel {
  const analytes = analytesOf(context.variables);
  const initial = analytes.some((entry) => entry.analyte === DEFAULT_ANALYTE) ? DEFAULT_ANALYTE : (analytes[0]?.analyte ?? '');
  const analyte = selectOf({ id: 'lab-analyte', 'data-testid': 'lab-analyte' }, [{ label: null, options: analytes.map((entry) => ({ value: entry.analyte, text: entry.label })) }], initial);
  const summary = selectOf({ id: 'lab-summary', 'aria-label': 'Summary' }, [{ label: null, options: SUMMARIES }], 'MEAN_CI');
  const groupings = context.variables.filter((variable) => isPatientLevel(variable) && canGroup(variable));
  const by = selectOf({ id: 'lab-by', 'aria-label': 'Per group of' }, [{ label: null, options: [{ value: '', text: 'all patients' }] }, ...optionGroups(groupings)], '');
  const plot = element('div', { class: 'plot', 'data-testid': 'lab-plot' });
  const notes = element('div');
  panel.append(
    element('div', { class: 'controls' }, [
      element('label', { for: 'lab-analyte' }, ['Lab ']), analyte, ' ',
      element('label', { for: 'lab-summary' }, ['as ']), summary, ' ',
      element('label', { for: 'lab-by' }, ['for ']), by,
    ]),
    plot, notes,
  );
  const view = createPlotView(plot);
  const status = createPanelStatus(panel, context.onUnauthenticated);
  const latest = latestOnly();
  let where: PatientFilter | null = null;

  const refresh = () => {
    const chosen = analytes.find((entry) => entry.analyte === analyte.value);
    if (chosen === undefined) {
      status.ready('The dictionary lists no lab with timepoint values.');
      return;
    }
    const chosenSummary = SUMMARIES.find((entry) => entry.value === summary.value)?.value ?? 'MEAN_CI';
    status.loading();
    void latest(
      () => context.run(OPERATIONS.labTrajectory, { where, analyte: chosen.analyte, by: by.value === '' ? null : { variable: by.value }, summary: chosenSummary }),
      async (data) => {
        const trajectory = data.cohort.labTrajectory;
        await view.show(trajectory.plot.vegaLite);
        notes.replaceChildren(countsTable(trajectory), ...trajectory.warnings.map((warning) => element('p', { class: 'warning' }, [warning])));
        status.ready();
      },
      (error) => {
        view.clear();
        notes.replaceChildren();
        status.failed(error);
      },
    );
  };
  for (const control of [analyte, summary, by]) control.addEventListener('change', refresh);
  return {
    update(next) {
      where = next;
      refresh();
    },
  };
}
