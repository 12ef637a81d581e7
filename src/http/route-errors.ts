/**
 * How the plain HTTP routes (/plots, plots.ts; /export/results, result-downloads.ts) answer an
 * error: `{ errors: [...] }` as GraphQL does, each with `extensions.code`, and the HTTP status of
 * the first error's code (the audit row notes that code as the outcome). A request is
 * authenticated first, with the same context builder as /graphql; its refusal (UNAUTHENTICATED,
 * RATE_LIMITED, ...) is answered here before any parameter is read.
 */
import type express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Context } from '../context.js';
import { ApiError } from '../errors.js';
import { noteOutcome } from './audit-middleware.js';

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  QUERY_TOO_COMPLEX: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  ANALYSIS_TIMEOUT: 503,
};

/** The error code a context builder's refusal carries (e.g. UNAUTHENTICATED), if it is one of ours. */
function refusalCode(error: unknown): string | undefined {
  if (error instanceof ApiError) return error.code;
  const code = error instanceof GraphQLError ? error.extensions['code'] : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** `{ errors }` with the HTTP status of the first error's code. */
export function sendErrors(response: express.Response, errors: readonly GraphQLFormattedError[]): void {
  const code = errors[0]?.extensions?.['code'];
  noteOutcome(response, typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
  response.status(typeof code === 'string' ? (STATUS_BY_CODE[code] ?? 500) : 500).json({ errors });
}

/** The request's context, or undefined once a refusal has been answered (an error not ours is thrown on). */
export async function authenticatedContext(context: (request: express.Request) => Promise<Context>, request: express.Request, response: express.Response): Promise<Context | undefined> {
  try {
    return await context(request);
  } catch (error) {
    const code = refusalCode(error);
    if (code === undefined) throw error;
    sendErrors(response, [{ message: (error as Error).message, extensions: { code } }]);
    return undefined;
  }
}
