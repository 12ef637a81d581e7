/**
 * The closed list of error codes clients can see in `extensions.code`, and the one place that
 * maps internal errors to them. Lower layers throw `ApiError` (no GraphQL import needed), or
 * their own input errors (StatsInputError, ClinicalInputError: bad input, naming the field),
 * which `asApiError` maps to BAD_USER_INPUT with that field as `argument`; `formatError` (GraphQL)
 * and the export route use it, so every domain error maps to one code in one place. Anything
 * unexpected is masked as INTERNAL_SERVER_ERROR (and logged), with a stack trace only in
 * development.
 *
 * What is an error and what is a result (docs/architecture.md): a request that is wrong whatever
 * the data (an unknown variable, an option out of range), or that leaves an analysis nothing to
 * work on (an empty cohort, fewer than two groups to compare), is an error naming the argument to
 * change; a request whose data do not allow one statistic (a singular log-rank variance, a Cox
 * model without deaths, an ANOVA with too few complete patients, an infinite odds ratio) is
 * answered, with that statistic null and the reason in the result's `warnings`.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

export const ERROR_CODES = [
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'ANALYSIS_TIMEOUT',
  'DATABASE_BUSY',
  'IMMORTAL_TIME_BIAS',
  'INTERNAL_SERVER_ERROR',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes produced by graphql-js / Apollo before execution (parse, validation, variable coercion). */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** Rejections by the query limits: graphql-armor's "... limit of N exceeded" and graphql-js's token limit. */
const QUERY_LIMIT_MESSAGE = /^Syntax Error: (.*limit of \d+ exceeded|Document contains more tha[nt] \d+ tokens)/;

export interface ApiErrorDetails {
  /** The argument (or argument path, e.g. "where.and[0].variable") at fault. */
  argument?: string;
  /** Extra machine-readable facts, e.g. the allowed values. */
  [key: string]: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ApiErrorDetails = {},
  ) {
    super(message);
  }
}

export function badUserInput(message: string, argument?: string, details: ApiErrorDetails = {}): ApiError {
  return new ApiError('BAD_USER_INPUT', message, argument === undefined ? details : { ...details, argument });
}

/**
 * Errors that say the input was wrong, from layers that know nothing of the API (the statistics
 * engine, the clinical rules, zod), recognised by name so that a copy rebuilt after crossing a
 * thread boundary (src/analyses/execution/worker-errors.ts) maps the same.
 */
const INPUT_ERROR_NAMES = new Set(['StatsInputError', 'ClinicalInputError', 'ZodError']);

/** The store's "another writer (an import) held the write lock past the busy timeout" (src/store/writes.ts): nothing was written, try again. */
const BUSY_ERROR_NAME = 'DatabaseBusyError';

/** A domain error as the ApiError clients see, or null when it is no domain error (an internal failure). */
export function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof Error && error.name === BUSY_ERROR_NAME) return new ApiError('DATABASE_BUSY', error.message);
  if (!(error instanceof Error) || !INPUT_ERROR_NAMES.has(error.name)) return null;
  const field = (error as { field?: unknown }).field;
  return badUserInput(error.message, typeof field === 'string' ? field : undefined);
}

export interface FormatErrorOptions {
  development: boolean;
  onInternalError?: (error: unknown) => void;
}

export function createFormatError(options: FormatErrorOptions) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const original = unwrapResolverError(error);
    const stack = options.development && original instanceof Error ? { stacktrace: original.stack?.split('\n') } : {};
    const known = asApiError(original);
    if (known !== null) {
      return { message: known.message, locations: formatted.locations, path: formatted.path, extensions: { ...known.details, code: known.code, ...stack } };
    }
    const code = formatted.extensions?.['code'];
    if (QUERY_LIMIT_MESSAGE.test(formatted.message)) {
      return { message: formatted.message.replace(/^Syntax Error: /, ''), locations: formatted.locations, extensions: { code: 'QUERY_TOO_COMPLEX' } };
    }
    if (typeof code === 'string' && (REQUEST_ERROR_CODES.has(code) || (ERROR_CODES as readonly string[]).includes(code))) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      // Apollo prefixes refusals raised while building the context (authentication); the client needs only the reason.
      const message = formatted.message.replace(/^Context creation failed: /, '');
      return { ...formatted, message, extensions: options.development ? formatted.extensions : extensions };
    }
    if (original instanceof GraphQLError && original.extensions?.['code'] === undefined && formatted.path === undefined) {
      // graphql-js request errors without a code (e.g. armor's limits report their own code above).
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_REQUEST' } };
    }
    options.onInternalError?.(original);
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', ...stack } };
  };
}
