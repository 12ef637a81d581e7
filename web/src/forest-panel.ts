/**
 * A Cox model of the covariates ticked (coxRegression) and its forest plot. Patient-level
 * variables only: categorical ones enter as treatment-contrast dummies, continuous ones per unit.
 */
import { isPatientLevel } from './dictionary';
import { element, latestOnly } from './dom';
import type { PatientFilter } from './generated/graphql';
import { OPERATIONS } from './operations';
import type { Panel, PanelContext } from './panel-context';
import { createPanelStatus } from './panel-status';
import { createPlotView } from './plot-view';

const DEFAULT_COVARIATES = ['ascitesAtBaseline', 'extrahepaticMetastases'];
/** Outcome variables: as covariates of overall survival they would explain it by itself. */
const OUTCOMES = ['followUpMonths', 'vitalStatus'];

export function createForestPanel(panel: HTMLElement, context: PanelContext): Panel {
  const candidates = context.variables.filter((variable) => isPatientLevel(variable) && !OUTCOMES.includes(variable.name));
  const boxes = candidates.map((variable) => element('input', { type: 'checkbox', value: variable.name, checked: DEFAULT_COVARIATES.includes(variable.name) }));
  const plot = element('div', { class: 'plot', 'data-testid': 'forest-plot' });
  const summary = element('div');
  panel.append(
    element('details', { class: 'controls' }, [
      element('summary', {}, ['Covariates']),
      element('div', { class: 'covariates', 'data-testid': 'forest-covariates' }, boxes.map((box, index) => element('label', { title: candidates[index]!.description }, [box, ` ${candidates[index]!.label}`]))),
    ]),
    plot, summary,
  );
  const view = createPlotView(plot);
  const status = createPanelStatus(panel, context.onUnauthenticated);
  const latest = latestOnly();
  let where: PatientFilter | null = null;

  const refresh = () => {
    const covariates = boxes.filter((box) => box.checked).map((box) => ({ variable: box.value }));
    if (covariates.length === 0) {
      view.clear();
      summary.replaceChildren();
      status.ready('Tick at least one covariate.');
      return;
    }
    status.loading();
    void latest(
      () => context.run(OPERATIONS.coxForest, { where, covariates }),
      async (data) => {
        const model = data.cohort.coxRegression;
        await view.show(model.plot.vegaLite);
        summary.replaceChildren(
          element('p', {}, [`${model.n} patients with every covariate, ${model.events} deaths${model.converged ? '' : '; the fit did not converge'}.`]),
          ...model.warnings.map((warning) => element('p', { class: 'warning' }, [warning])),
        );
        status.ready();
      },
      (error) => {
        view.clear();
        summary.replaceChildren();
        status.failed(error);
      },
    );
  };
  for (const box of boxes) box.addEventListener('change', refresh);
  return {
    update(next) {
      where = next;
      refresh();
    },
  };
}
