/**
 * Kaplan–Meier of the picked endpoint by any grouping variable (compareSurvival): a categorical or
 * boolean variable as it is, a continuous one split at a value. Shows the API's plot, the log-rank
 * P and each group's size, events and median; the heading names the endpoint.
 */
import { canGroup, optionGroups } from './dictionary';
import type { PickedEndpoint } from './endpoint-picker';
import { element, latestOnly, selectOf } from './dom';
import type { CovariateInput, PatientFilter, SurvivalByGroupQuery } from './generated/graphql';
import { OPERATIONS } from './operations';
import type { Panel, PanelContext } from './panel-context';
import { createPanelStatus } from './panel-status';
import { createPlotView } from './plot-view';
import { showPlotFailure, showPlotResult } from './plot-result';

const DEFAULT_GROUPING = 'ascitesAtBaseline';

function formatP(p: number): string {
  return p < 0.001 ? 'P < 0.001' : `P = ${p < 0.1 ? p.toFixed(3) : p.toFixed(2)}`;
}

type Median = SurvivalByGroupQuery['cohort']['compareSurvival']['groups'][number]['estimate']['median'];

/** "50.8 (38.2–NR)": months to one decimal (docs/plots.md, "Rounding"), NR for a limit not reached. */
function medianWithCi(median: Median): string {
  const months = (value: number | null) => (value === null ? 'NR' : value.toFixed(1));
  if (median.estimate === null) return 'not reached';
  return `${months(median.estimate)} (${months(median.lower)}–${months(median.upper)})`;
}

function groupTable(result: SurvivalByGroupQuery['cohort']['compareSurvival']): HTMLTableElement {
  return element('table', { class: 'numbers', 'data-testid': 'survival-groups' }, [
    element('thead', {}, [element('tr', {}, ['Group', 'Patients', 'Events', 'Median, months (95% CI)'].map((text) => element('th', { scope: 'col' }, [text])))]),
    element('tbody', {}, result.groups.map((group) => element('tr', { 'data-group': group.label, 'data-key': group.key }, [
      element('th', { scope: 'row' }, [group.label]),
      element('td', { 'data-column': 'n' }, [String(group.estimate.n)]),
      element('td', {}, [group.estimate.events === null ? 'withheld' : String(group.estimate.events)]),
      element('td', { 'data-column': 'median' }, [medianWithCi(group.estimate.median)]),
    ]))),
  ]);
}

export function createSurvivalPanel(panel: HTMLElement, context: PanelContext): Panel {
  const candidates = context.variables.filter((variable) => canGroup(variable) || variable.kind === 'CONTINUOUS');
  const initial = candidates.some((variable) => variable.name === DEFAULT_GROUPING) ? DEFAULT_GROUPING : (candidates[0]?.name ?? '');
  const groupBy = selectOf({ id: 'survival-by', 'data-testid': 'survival-by' }, optionGroups(candidates), initial);
  const splitAt = element('input', { type: 'number', step: 'any', id: 'survival-above', placeholder: 'split above', 'aria-label': 'Split the variable above this value' });
  const plot = element('div', { class: 'plot', 'data-testid': 'survival-plot' });
  const test = element('p', { class: 'test-result', 'data-testid': 'logrank-p' });
  const details = element('div');
  panel.append(
    element('div', { class: 'controls' }, [element('label', { for: 'survival-by' }, ['Group by ']), groupBy, ' ', splitAt]),
    plot, test, details,
  );
  const view = createPlotView(plot);
  const status = createPanelStatus(panel, context.onUnauthenticated);
  const parts = { view, test, details, status };
  const latest = latestOnly();
  let where: PatientFilter | null = null;
  let endpoint: PickedEndpoint | null = null;
  const heading = panel.querySelector('h2');

  const covariate = (): CovariateInput | string => {
    const variable = candidates.find((candidate) => candidate.name === groupBy.value);
    splitAt.hidden = variable?.kind !== 'CONTINUOUS';
    if (variable === undefined) return 'Pick a grouping variable.';
    if (variable.kind !== 'CONTINUOUS') return { variable: variable.name };
    if (splitAt.value.trim() === '') return `${variable.label} is continuous: give a value to split it at.`;
    return { variable: variable.name, above: splitAt.valueAsNumber };
  };

  const refresh = () => {
    const by = covariate();
    if (typeof by === 'string') {
      view.clear();
      status.ready(by);
      return;
    }
    status.loading();
    void latest(
      () => context.run(OPERATIONS.survivalByGroup, { where, by, endpoint: endpoint?.input ?? null, title: endpoint === null ? null : `${endpoint.title} by group (Kaplan–Meier)` }),
      async (data) => {
        const result = data.cohort.compareSurvival;
        const { statistic, p, df } = result.logRank;
        const testLine = statistic === null || p === null
          ? `Log-rank: not computable on these data (see below), n = ${result.n}`
          : `Log-rank ${formatP(p)} (χ² = ${statistic.toFixed(2)}, ${df ?? '–'} df), n = ${result.n}`;
        await showPlotResult(parts, result.plot.vegaLite, testLine, [groupTable(result), ...result.warnings.map((warning) => element('p', { class: 'warning' }, [warning]))]);
      },
      (error) => showPlotFailure(parts, error),
    );
  };
  groupBy.addEventListener('change', refresh);
  splitAt.addEventListener('change', refresh);
  return {
    update(next, picked) {
      where = next;
      endpoint = picked;
      if (heading !== null) heading.textContent = picked.title;
      refresh();
    },
  };
}
