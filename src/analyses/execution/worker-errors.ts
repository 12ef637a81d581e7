/**
 * Errors across the thread boundary. A thrown Error reaches the main thread through the structured
 * clone algorithm, which keeps little more than its message (an ApiError's code and details, a
 * StatsInputError's field are lost: https://html.spec.whatwg.org/multipage/structured-data.html#serializable-objects).
 * The worker therefore returns its error as plain data, and the main thread rebuilds the same
 * class, so formatError maps it exactly as if the analysis had run inline: the same
 * `extensions.code`, the same `argument` and details. The worker's stack is kept for the log.
 */
import { ApiError, ERROR_CODES, type ApiErrorDetails, type ErrorCode } from '../../errors.js';
import { StatsInputError } from '../../stats/index.js';
import { ClinicalInputError } from '../../clinical/index.js';

export interface SerializedError {
  name: string;
  message: string;
  stack: string | undefined;
  /** ApiError */
  code?: string;
  details?: ApiErrorDetails;
  /** StatsInputError, ClinicalInputError, ZodError-like input errors */
  field?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), stack: undefined };
  const serialized: SerializedError = { name: error.name, message: error.message, stack: error.stack };
  if (error instanceof ApiError) return { ...serialized, code: error.code, details: error.details };
  const field = (error as { field?: unknown }).field;
  return typeof field === 'string' ? { ...serialized, field } : serialized;
}

function isErrorCode(code: string | undefined): code is ErrorCode {
  return (ERROR_CODES as readonly (string | undefined)[]).includes(code);
}

export function rebuildError(serialized: SerializedError): Error {
  let error: Error;
  if (serialized.name === 'ApiError' && isErrorCode(serialized.code)) {
    error = new ApiError(serialized.code, serialized.message, serialized.details ?? {});
  } else if (serialized.name === 'StatsInputError' && serialized.field !== undefined) {
    error = new StatsInputError(serialized.field, '');
    error.message = serialized.message;
  } else if (serialized.name === 'ClinicalInputError' && serialized.field !== undefined) {
    error = new ClinicalInputError(serialized.field, '');
    error.message = serialized.message;
  } else {
    error = Object.assign(new Error(serialized.message), serialized.field === undefined ? {} : { field: serialized.field });
    Object.defineProperty(error, 'name', { value: serialized.name });
  }
  error.stack = serialized.stack;
  return error;
}
