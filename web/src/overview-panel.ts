/**
 * The cohort's size and its Table 1 (`characteristics`): for categorical and boolean variables
 * the count and percentage of each level, for continuous ones mean ± SD and median [IQR], with
 * the number of patients missing a value.
 */
import { element, latestOnly } from './dom';
import type { CohortOverviewQuery, PatientFilter } from './generated/graphql';
import { OPERATIONS } from './operations';
import type { Panel, PanelContext } from './panel-context';
import { createPanelStatus } from './panel-status';

type Characteristic = CohortOverviewQuery['cohort']['characteristics'][number];

const number = (value: number | null, digits = 1) => (value === null ? '–' : value.toFixed(digits));

function rows(characteristic: Characteristic): HTMLTableRowElement[] {
  const missing = characteristic.missing !== null && characteristic.missing > 0 ? ` (${characteristic.missing} missing)` : '';
  const unit = characteristic.unit === null ? '' : `, ${characteristic.unit}`;
  const { summary } = characteristic;
  if (summary !== null) {
    return [element('tr', { 'data-variable': characteristic.variable }, [
      element('th', { scope: 'row' }, [`${characteristic.label}${unit}${missing}`]),
      element('td', {}, [`${number(summary.mean)} ± ${number(summary.sd)}; median ${number(summary.median)} [${number(summary.q1)}–${number(summary.q3)}]`]),
    ])];
  }
  return [
    element('tr', { class: 'variable', 'data-variable': characteristic.variable }, [element('th', { scope: 'rowgroup', colspan: '2' }, [`${characteristic.label}${missing}`])]),
    ...characteristic.levels.map((level) => element('tr', { class: 'level' }, [
      element('th', { scope: 'row', 'data-level': level.level }, [level.label]),
      element('td', {}, [level.count === null ? 'withheld' : `${level.count} (${number(level.percent)}%)`]),
    ])),
  ];
}

export function createOverviewPanel(panel: HTMLElement, sizeLine: HTMLElement, context: PanelContext): Panel {
  const table = element('table', { class: 'characteristics', 'data-testid': 'characteristics' });
  panel.append(table);
  const status = createPanelStatus(panel, context.onUnauthenticated);
  const latest = latestOnly();
  return {
    update(where: PatientFilter | null) {
      status.loading();
      sizeLine.textContent = '…';
      void latest(
        () => context.run(OPERATIONS.cohortOverview, { where }),
        (data) => {
          const { size, characteristics } = data.cohort;
          sizeLine.textContent = size === null ? 'Cohort size withheld' : `${size} patients`;
          sizeLine.dataset['size'] = size === null ? '' : String(size);
          table.replaceChildren(element('tbody', {}, characteristics.flatMap(rows)));
          status.ready();
        },
        (error) => {
          sizeLine.textContent = '';
          table.replaceChildren();
          status.failed(error);
        },
      );
    },
  };
}
