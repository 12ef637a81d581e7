/** What every panel of the page is given: the typed GraphQL client, the dictionary, and the key prompt. */
import type { GraphQLRequestError, RunOperation } from './graphql-client';
import type { PickedEndpoint } from './endpoint-picker';
import type { PatientFilter } from './generated/graphql';
import type { Variable } from './operations';

export interface PanelContext {
  run: RunOperation;
  variables: readonly Variable[];
  onUnauthenticated: (error: GraphQLRequestError) => void;
}

export interface Panel {
  /** Reloads the panel for the cohort `where` describes (null: every patient) and the endpoint picked (time-to-event panels). */
  update(where: PatientFilter | null, endpoint: PickedEndpoint): void;
}
