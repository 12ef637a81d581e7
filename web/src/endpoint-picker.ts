/**
 * The endpoint the time-to-event panels measure (EndpointInput, docs/endpoints.md): overall
 * survival, progression-free survival, time to progression (death competing), or the time to the
 * first CTCAE grade >= 3 result of a chosen lab (death competing). The picker tells the page on
 * every change; `title` names the endpoint for the plots' titles and the panels' headings.
 */
import { element, selectOf } from './dom';
import type { Analyte, EndpointInput } from './generated/graphql';

export interface PickedEndpoint {
  input: EndpointInput;
  /** "Progression-free survival", "Time to CTCAE grade ≥ 3: Alkaline phosphatase". */
  title: string;
}

const CHOICES = [
  { value: 'OS', text: 'Overall survival (OS)' },
  { value: 'PFS', text: 'Progression-free survival (PFS)' },
  { value: 'TTP', text: 'Time to progression (TTP, death competing)' },
  { value: 'TOXICITY', text: 'Time to a CTCAE grade ≥ 3 toxicity of…' },
];

const TITLES: Readonly<Record<string, string>> = { OS: 'Overall survival', PFS: 'Progression-free survival', TTP: 'Time to progression' };

/** The lowest CTCAE grade counted as a severe toxicity. */
const SEVERE_GRADE = 3;

export function createEndpointPicker(
  container: HTMLElement,
  analytes: readonly { analyte: Analyte; label: string }[],
  onChange: (endpoint: PickedEndpoint) => void,
): { current(): PickedEndpoint } {
  const kind = selectOf({ id: 'endpoint', 'data-testid': 'endpoint' }, [{ label: null, options: CHOICES }], 'OS');
  const analyte = selectOf({ id: 'endpoint-analyte', 'data-testid': 'endpoint-analyte', 'aria-label': 'Lab of the toxicity' },
    [{ label: null, options: analytes.map((entry) => ({ value: entry.analyte, text: entry.label })) }], analytes[0]?.analyte ?? '');
  container.append(element('label', { for: 'endpoint' }, ['Endpoint ']), kind, ' ', analyte);

  const current = (): PickedEndpoint => {
    analyte.hidden = kind.value !== 'TOXICITY';
    if (kind.value !== 'TOXICITY') {
      return { input: { preset: kind.value as 'OS' | 'PFS' | 'TTP' }, title: TITLES[kind.value] ?? kind.value };
    }
    const lab = analytes.find((entry) => entry.analyte === analyte.value) ?? analytes[0]!;
    return {
      input: { events: [{ kind: 'LAB_GRADE', analyte: lab.analyte, grade: SEVERE_GRADE }], competing: [{ kind: 'DEATH' }] },
      title: `Time to CTCAE grade ≥ ${SEVERE_GRADE}: ${lab.label}`,
    };
  };
  const changed = () => onChange(current());
  kind.addEventListener('change', changed);
  analyte.addEventListener('change', changed);
  current();
  return { current };
}
