/**
 * The cohort explorer: the data dictionary drives the filters and pickers; every filter change
 * reloads the cohort's size, Table 1, Kaplan–Meier by group, the Cox forest plot with its
 * proportional-hazards test, the cumulative incidence of progression (death competing) and the lab
 * trajectory, each from one GraphQL operation (operations/*.graphql). The endpoint picker
 * (OS, PFS, TTP, time to a grade >= 3 toxicity) drives the Kaplan–Meier and Cox panels.
 */
import './styles.css';
import { createApiKeyForm } from './api-key-form';
import { analytesOf } from './dictionary';
import { element } from './dom';
import { createEndpointPicker } from './endpoint-picker';
import { createFilterEditor } from './filter-editor';
import { createForestPanel } from './forest-panel';
import { createGraphQLClient, GraphQLRequestError } from './graphql-client';
import { createIncidencePanel } from './incidence-panel';
import { createLabPanel } from './lab-panel';
import { OPERATIONS } from './operations';
import { createOverviewPanel } from './overview-panel';
import type { Panel, PanelContext } from './panel-context';
import { createSurvivalPanel } from './survival-panel';

const FILTER_DELAY_MS = 300;

const byId = (id: string) => document.getElementById(id)!;

const apiKey = createApiKeyForm(byId('api-key') as HTMLFormElement, () => void start());
const run = createGraphQLClient('/graphql', apiKey.key);
const onUnauthenticated = (error: GraphQLRequestError) => apiKey.ask(error.message);
const sizeLine = document.querySelector<HTMLElement>('[data-testid="cohort-size"]')!;

async function start(): Promise<void> {
  const dictionary = await run(OPERATIONS.dictionary, {}).catch((error: unknown) => {
    const unauthenticated = error instanceof GraphQLRequestError && error.unauthenticated;
    if (unauthenticated) onUnauthenticated(error);
    const message = unauthenticated ? 'Enter an API key above.' : `The API did not answer: ${error instanceof Error ? error.message : String(error)}`;
    sizeLine.textContent = '';
    byId('filters').replaceChildren(element('p', { class: 'status error', role: 'status' }, [message]));
    return null;
  });
  if (dictionary === null) return;
  const { variables } = dictionary;
  const context: PanelContext = { run, variables, onUnauthenticated };
  for (const id of ['survival', 'forest', 'incidence', 'lab', 'characteristics']) byId(id).replaceChildren(byId(id).querySelector('h2')!);
  const timeToEvent: Panel[] = [createSurvivalPanel(byId('survival'), context), createForestPanel(byId('forest'), context)];
  const panels: Panel[] = [
    createOverviewPanel(byId('characteristics'), sizeLine, context),
    ...timeToEvent,
    createIncidencePanel(byId('incidence'), context),
    createLabPanel(byId('lab'), context),
  ];
  byId('endpoint-picker').replaceChildren();
  const endpoint = createEndpointPicker(byId('endpoint-picker'), analytesOf(variables), (picked) => {
    for (const panel of timeToEvent) panel.update(filters.where(), picked);
  });
  let pending: number | undefined;
  const filters = createFilterEditor(byId('filters'), variables, () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(() => panels.forEach((panel) => panel.update(filters.where(), endpoint.current())), FILTER_DELAY_MS);
  });
  panels.forEach((panel) => panel.update(null, endpoint.current()));
}

void start();
