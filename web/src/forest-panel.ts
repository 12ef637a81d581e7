/**
 * A Cox model of the covariates ticked (coxRegression) for the picked endpoint, its forest plot,
 * and under it the proportional-hazards test (proportionalHazards, as R's cox.zph with the KM
 * transform) per term and GLOBAL. Patient-level variables only: categorical ones enter as
 * treatment-contrast dummies, continuous ones per unit.
 */
import { isPatientLevel } from './dictionary';
import { element, latestOnly } from './dom';
import type { PickedEndpoint } from './endpoint-picker';
import type { CoxForestQuery, PatientFilter } from './generated/graphql';
import { OPERATIONS } from './operations';
import type { Panel, PanelContext } from './panel-context';
import { createPanelStatus } from './panel-status';
import { createPlotView } from './plot-view';

const DEFAULT_COVARIATES = ['ascitesAtBaseline', 'extrahepaticMetastases'];
/** Outcome variables: as covariates of overall survival they would explain it by itself. */
const OUTCOMES = ['followUpMonths', 'vitalStatus'];

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : p < 0.1 ? p.toFixed(3) : p.toFixed(2);
}

type Model = CoxForestQuery['cohort']['coxRegression'];

/**
 * A cox.zph term as people read it: the model term's label ("Ascites at baseline (yes vs no)"), or
 * for a factor tested as a whole ("childPugh", terms "childPugh=B", "childPugh=C") its label without
 * the level ("Child-Pugh class").
 */
function termLabel(term: string, model: Model): string {
  if (term === 'GLOBAL') return 'Global (whole model)';
  const exact = model.terms.find((candidate) => candidate.key === term);
  if (exact !== undefined) return exact.label;
  const level = model.terms.find((candidate) => candidate.key.startsWith(`${term}=`));
  return level === undefined ? term : level.label.replace(/ \([^()]*\)$/, '');
}

/** cox.zph's table: one row per term, then GLOBAL for the whole model. */
function phTable(model: Model): HTMLTableElement {
  const tests = model.proportionalHazards;
  return element('table', { class: 'numbers', 'data-testid': 'ph-test' }, [
    element('caption', {}, ['Proportional hazards (Schoenfeld residuals vs Kaplan–Meier time, cox.zph)']),
    element('thead', {}, [element('tr', {}, ['Term', 'χ²', 'df', 'P'].map((text) => element('th', { scope: 'col' }, [text])))]),
    element('tbody', {}, tests.map((test) => element('tr', { 'data-term': test.term }, [
      element('th', { scope: 'row' }, [termLabel(test.term, model)]),
      element('td', { 'data-column': 'chisq' }, [test.chisq === null ? '–' : test.chisq.toFixed(2)]),
      element('td', { 'data-column': 'df' }, [String(test.df)]),
      element('td', { 'data-column': 'p' }, [test.p === null ? '–' : formatP(test.p)]),
    ]))),
  ]);
}

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
  let endpoint: PickedEndpoint | null = null;

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
      () => context.run(OPERATIONS.coxForest, { where, covariates, endpoint: endpoint?.input ?? null, title: endpoint === null ? null : `Cox proportional-hazards model: ${endpoint.title}` }),
      async (data) => {
        const model = data.cohort.coxRegression;
        await view.show(model.plot.vegaLite);
        summary.replaceChildren(
          phTable(model),
          element('p', {}, [`${model.n} patients with every covariate, ${model.events} events${model.converged ? '' : '; the fit did not converge'}.`]),
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
    update(next, picked) {
      where = next;
      endpoint = picked;
      refresh();
    },
  };
}
