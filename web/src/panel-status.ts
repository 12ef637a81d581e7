/**
 * A panel's state for people (a status line) and for tests (`data-state` on the panel: loading,
 * ready or error). A request refused for a missing or wrong API key also tells the page, which
 * then asks for a key.
 */
import { element } from './dom';
import { GraphQLRequestError } from './graphql-client';

export interface PanelStatus {
  loading(): void;
  ready(text?: string): void;
  failed(error: unknown): void;
}

export function createPanelStatus(panel: HTMLElement, onUnauthenticated: (error: GraphQLRequestError) => void): PanelStatus {
  const line = element('p', { class: 'status', role: 'status' });
  panel.append(line);
  const set = (state: string, text: string) => {
    panel.dataset['state'] = state;
    line.textContent = text;
    line.classList.toggle('error', state === 'error');
  };
  return {
    loading: () => set('loading', 'Loading…'),
    ready: (text = '') => set('ready', text),
    failed: (error) => {
      if (error instanceof GraphQLRequestError && error.unauthenticated) onUnauthenticated(error);
      set('error', error instanceof Error ? error.message : String(error));
    },
  };
}
