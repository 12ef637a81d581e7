/**
 * The page's only way to the data: POST /graphql with one of the operations of operations.ts,
 * typed by the graphql-codegen output. With an API key, every request carries
 * `Authorization: Bearer <key>`. Errors keep their `extensions.code`s so that callers can tell a
 * missing key (UNAUTHENTICATED, or HTTP 401) from bad input.
 */
import type { Operation } from './operations';

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: unknown };
}

export class GraphQLRequestError extends Error {
  override readonly name = 'GraphQLRequestError';
  constructor(message: string, readonly codes: readonly string[]) {
    super(message);
  }

  get unauthenticated(): boolean {
    return this.codes.includes('UNAUTHENTICATED');
  }
}

export type RunOperation = <TData, TVariables>(operation: Operation<TData, TVariables>, variables: TVariables) => Promise<TData>;

export function createGraphQLClient(endpoint: string, apiKey: () => string): RunOperation {
  return async (operation, variables) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    const key = apiKey();
    if (key !== '') headers['authorization'] = `Bearer ${key}`;
    const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify({ query: operation.document, variables }) });
    const body = (await response.json().catch(() => null)) as { data?: unknown; errors?: GraphQLErrorBody[] } | null;
    const errors = body?.errors ?? [];
    const codes = errors.map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN'));
    if (response.status === 401) codes.push('UNAUTHENTICATED');
    if (errors.length > 0 || response.status === 401) {
      throw new GraphQLRequestError(errors.map((error) => error.message).join(' ') || `HTTP ${response.status}`, codes);
    }
    if (body === null || body.data === undefined || body.data === null) throw new GraphQLRequestError(`HTTP ${response.status} without data`, ['UNKNOWN']);
    // The server's answer to this operation: its shape is what codegen derived from the same document.
    return body.data as never;
  };
}
