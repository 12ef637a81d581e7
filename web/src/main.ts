/**
 * The cohort explorer: the data dictionary drives the filters and pickers; every filter change
 * reloads the cohort's size, Table 1, Kaplan–Meier by group, the Cox forest plot and the lab
 * trajectory, each from one GraphQL operation (operations/*.graphql).
 */
import './styles.css';
import { createApiKeyForm } from './api-key-form';
import { element } from './dom';
import { createFilterEditor } from './filter-editor';
import { createForestPanel } from './forest-panel';
import { createGraphQLClient, GraphQLRequestError } from './graphql-client';
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
  for (const id of ['survival', 'forest', 'lab', 'characteristics']) byId(id).replaceChildren(byId(id).querySelector('h2')!);
  const panels: Panel[] = [
    createOverviewPanel(byId('characteristics'), sizeLine, context),
    createSurvivalPanel(byId('survival'), context),
    createForestPanel(byId('forest'), context),
    createLabPanel(byId('lab'), context),
  ];
  let pending: number | undefined;
  const filters = createFilterEditor(byId('filters'), variables, () => {
    window.clearTimeout(pending);
    pending = window.setTimeout(() => panels.forEach((panel) => panel.update(filters.where())), FILTER_DELAY_MS);
  });
  panels.forEach((panel) => panel.update(null));
}

void start();
