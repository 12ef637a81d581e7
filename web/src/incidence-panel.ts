/**
 * Competing risks for time to progression (cumulativeIncidence with the TTP preset: progression
 * the event of interest, death before progression competing): the API's Aalen–Johansen plot, as a
 * panel per cause with a line per group or stacked per group, Gray's test per cause, and each
 * group's events per cause. 1 − Kaplan–Meier would overstate progression here: death removes
 * patients from ever progressing.
 */
import { canGroup, optionGroups } from './dictionary';
import { element, latestOnly, selectOf } from './dom';
import type { CumulativeIncidenceQuery, IncidencePlotLayout, PatientFilter } from './generated/graphql';
import { OPERATIONS } from './operations';
import type { Panel, PanelContext } from './panel-context';
import { createPanelStatus } from './panel-status';
import { createPlotView } from './plot-view';
import { showPlotFailure, showPlotResult } from './plot-result';

const DEFAULT_GROUPING = 'ascitesAtBaseline';
const NO_GROUPING = '';
const LAYOUTS: { value: IncidencePlotLayout; text: string }[] = [
  { value: 'LINES', text: 'a panel per cause' },
  { value: 'STACKED', text: 'causes stacked' },
];

type Incidence = CumulativeIncidenceQuery['cohort']['cumulativeIncidence'];

function formatP(p: number): string {
  return p < 0.001 ? 'P < 0.001' : `P = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

function grayLine(result: Incidence): string {
  if (result.grayTest.length === 0) return '';
  return `Gray's test: ${result.grayTest.map((test) => (test.statistic < 0 ? `${test.cause} not computable` : `${test.cause} ${formatP(test.p)} (χ² = ${test.statistic.toFixed(2)}, ${test.df} df)`)).join('; ')}`;
}

function eventsTable(result: Incidence): HTMLTableElement {
  const causes = result.groups[0]?.causes.map((cause) => cause.cause) ?? [];
  return element('table', { class: 'numbers', 'data-testid': 'incidence-events' }, [
    element('thead', {}, [element('tr', {}, ['Group', 'Patients', ...causes.map((cause) => `Events: ${cause}`)].map((text) => element('th', { scope: 'col' }, [text])))]),
    element('tbody', {}, result.groups.map((group) => element('tr', { 'data-group': group.label, 'data-key': group.key }, [
      element('th', { scope: 'row' }, [group.label]),
      element('td', { 'data-column': 'n' }, [String(group.n)]),
      ...group.causes.map((cause) => element('td', { 'data-cause': cause.cause }, [cause.events === null ? 'withheld' : String(cause.events)])),
    ]))),
  ]);
}

export function createIncidencePanel(panel: HTMLElement, context: PanelContext): Panel {
  const candidates = context.variables.filter(canGroup);
  const initial = candidates.some((variable) => variable.name === DEFAULT_GROUPING) ? DEFAULT_GROUPING : NO_GROUPING;
  const groupBy = selectOf({ id: 'incidence-by', 'data-testid': 'incidence-by' }, [{ label: null, options: [{ value: NO_GROUPING, text: 'no grouping' }] }, ...optionGroups(candidates)], initial);
  const layout = selectOf({ id: 'incidence-layout', 'data-testid': 'incidence-layout', 'aria-label': 'Layout' }, [{ label: null, options: LAYOUTS }], 'LINES');
  const plot = element('div', { class: 'plot', 'data-testid': 'incidence-plot' });
  const test = element('p', { class: 'test-result', 'data-testid': 'gray-test' });
  const details = element('div');
  panel.append(
    element('div', { class: 'controls' }, [element('label', { for: 'incidence-by' }, ['Group by ']), groupBy, ' ', layout]),
    plot, test, details,
  );
  const view = createPlotView(plot);
  const status = createPanelStatus(panel, context.onUnauthenticated);
  const parts = { view, test, details, status };
  const latest = latestOnly();
  let where: PatientFilter | null = null;

  const refresh = () => {
    status.loading();
    const by = groupBy.value === NO_GROUPING ? null : { variable: groupBy.value };
    void latest(
      () => context.run(OPERATIONS.cumulativeIncidence, { where, by, layout: layout.value as IncidencePlotLayout }),
      async (data) => {
        const result = data.cohort.cumulativeIncidence;
        await showPlotResult(parts, result.plot.vegaLite, grayLine(result), [eventsTable(result)]);
      },
      (error) => showPlotFailure(parts, error),
    );
  };
  groupBy.addEventListener('change', refresh);
  layout.addEventListener('change', refresh);
  return {
    update(next) {
      where = next;
      refresh();
    },
  };
}
