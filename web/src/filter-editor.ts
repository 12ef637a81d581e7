/**
 * The cohort filter: rows added from the data dictionary, each one `variable` predicate of a
 * PatientFilter (api-contract.md), all of them joined with `and`. Categorical variables keep the
 * ticked levels (`in`, shown by their dictionary labels), booleans one value (`eq: "true" | "false"`), continuous variables a range
 * (`gte` / `lte`). A row that does not restrict anything yet (no level ticked, no bound) is left
 * out of the filter.
 */
import { element, selectOf } from './dom';
import { optionGroups } from './dictionary';
import type { PatientFilter } from './generated/graphql';
import type { Variable } from './operations';

interface FilterRow {
  node: HTMLElement;
  predicate(): PatientFilter | null;
}

function categoricalRow(variable: Variable, changed: () => void): Omit<FilterRow, 'node'> & { control: HTMLElement } {
  const levels = variable.labeledLevels;
  const boxes = levels.map((level) => element('input', { type: 'checkbox', value: level.key, name: variable.name }));
  boxes.forEach((box) => box.addEventListener('change', changed));
  return {
    control: element('div', { class: 'levels' }, boxes.map((box, index) => element('label', {}, [box, ` ${levels[index]!.label}`]))),
    predicate: () => {
      const ticked = boxes.filter((box) => box.checked).map((box) => box.value);
      return ticked.length === 0 ? null : { variable: variable.name, in: ticked };
    },
  };
}

function booleanRow(variable: Variable, changed: () => void): Omit<FilterRow, 'node'> & { control: HTMLElement } {
  const select = selectOf({ name: variable.name, 'aria-label': variable.label }, [{ label: null, options: [
    { value: '', text: 'any' }, { value: 'true', text: 'yes' }, { value: 'false', text: 'no' },
  ] }], '');
  select.addEventListener('change', changed);
  return { control: select, predicate: () => (select.value === '' ? null : { variable: variable.name, eq: select.value }) };
}

function continuousRow(variable: Variable, changed: () => void): Omit<FilterRow, 'node'> & { control: HTMLElement } {
  const bound = (name: string, text: string) => element('input', { type: 'number', step: 'any', name: `${variable.name}.${name}`, placeholder: text, 'aria-label': `${variable.label} ${text}` });
  const from = bound('gte', 'from');
  const to = bound('lte', 'to');
  for (const input of [from, to]) input.addEventListener('input', changed);
  const value = (input: HTMLInputElement) => (input.value.trim() === '' || !Number.isFinite(input.valueAsNumber) ? null : input.valueAsNumber);
  return {
    control: element('div', { class: 'range' }, [from, ' to ', to, variable.unit === null ? null : ` ${variable.unit}`]),
    predicate: () => {
      const gte = value(from);
      const lte = value(to);
      if (gte === null && lte === null) return null;
      return { variable: variable.name, ...(gte === null ? {} : { gte }), ...(lte === null ? {} : { lte }) };
    },
  };
}

export interface FilterEditor {
  /** The filter of the current rows, null when no row restricts anything. */
  where(): PatientFilter | null;
}

export function createFilterEditor(container: HTMLElement, variables: readonly Variable[], onChange: () => void): FilterEditor {
  const rows: FilterRow[] = [];
  const list = element('div', { class: 'filter-rows', 'data-testid': 'filter-rows' });
  const picker = selectOf({ 'data-testid': 'add-filter', 'aria-label': 'Add a filter' }, [
    { label: null, options: [{ value: '', text: 'Add a filter…' }] },
    ...optionGroups(variables),
  ], '');
  picker.addEventListener('change', () => {
    const variable = variables.find((candidate) => candidate.name === picker.value);
    picker.value = '';
    if (variable === undefined) return;
    const row = variable.kind === 'CONTINUOUS' ? continuousRow(variable, onChange)
      : variable.kind === 'BOOLEAN' ? booleanRow(variable, onChange)
        : categoricalRow(variable, onChange);
    const remove = element('button', { type: 'button', class: 'remove', 'aria-label': `Remove the filter on ${variable.label}` }, ['×']);
    const node = element('fieldset', { class: 'filter-row', 'data-variable': variable.name }, [
      element('legend', { title: variable.description }, [variable.label]),
      row.control,
      remove,
    ]);
    const entry: FilterRow = { node, predicate: row.predicate };
    remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(entry), 1);
      node.remove();
      onChange();
    });
    rows.push(entry);
    list.append(node);
  });
  container.replaceChildren(list, picker);
  return {
    where() {
      const predicates = rows.map((row) => row.predicate()).filter((predicate) => predicate !== null);
      return predicates.length === 0 ? null : { and: predicates };
    },
  };
}
