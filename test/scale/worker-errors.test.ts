/**
 * An error thrown on a worker thread, sent as data through the structured clone algorithm (what
 * postMessage does) and rebuilt on the main thread, reaches the client exactly as the original
 * would have: formatError gives both the same message, code, argument and details.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, badUserInput, createFormatError } from '../../src/errors.js';
import { StatsInputError } from '../../src/stats/index.js';
import { ClinicalInputError } from '../../src/clinical/index.js';
import { rebuildError, serializeError } from '../../src/analyses/execution/worker-errors.js';

const formatError = createFormatError({ development: false, onInternalError: () => undefined });
const formatted = { message: 'ignored', path: ['cohort', 'coxRegression'], locations: [{ line: 1, column: 3 }] };

function acrossThreads(error: unknown): Error {
  return rebuildError(structuredClone(serializeError(error)));
}

describe('errors across the thread boundary', () => {
  it.each([
    ['a bad argument', badUserInput('Unknown variable "nope".', 'covariates[0].variable', { allowed: ['ageAtIndex', 'sex'] })],
    ['a disclosure refusal', new ApiError('FORBIDDEN', 'Disclosure control: the group "x" has fewer than 5 patients.', { threshold: 5 })],
    ['a time limit', new ApiError('ANALYSIS_TIMEOUT', 'too slow', { timeoutMs: 30_000 })],
    ['bad input to the statistics engine', new StatsInputError('covariates.age', 'contains NaN')],
    ['bad input to the clinical rules', new ClinicalInputError('upperLimitOfNormal', 'must be a finite number ≥ 0, got -1')],
    ['a validation error of another library', Object.assign(new Error('Expected number'), { name: 'ZodError' })],
    ['an unexpected failure', new TypeError('Cannot read properties of undefined')],
  ])('keeps %s as the client would have seen it', (_, error) => {
    const rebuilt = acrossThreads(error);
    expect(rebuilt.constructor).toBe(error.constructor === TypeError ? Error : error.constructor);
    expect(rebuilt.message).toBe(error.message);
    expect(rebuilt.stack).toBe(error.stack);
    expect(formatError(formatted, rebuilt)).toEqual(formatError(formatted, error));
  });

  it('names the argument of a statistics input error', () => {
    expect(formatError(formatted, acrossThreads(new StatsInputError('time', 'must be ≥ 0'))).extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'time' });
  });

  it('maps a clinical input error to BAD_USER_INPUT naming its field, on either side of the thread boundary', () => {
    const error = new ClinicalInputError('windows.MONTH_6', 'starts on day 100, inside BASELINE');
    for (const thrown of [error, acrossThreads(error)]) {
      expect(formatError(formatted, thrown)).toEqual({
        message: 'windows.MONTH_6: starts on day 100, inside BASELINE', path: formatted.path, locations: formatted.locations,
        extensions: { code: 'BAD_USER_INPUT', argument: 'windows.MONTH_6' },
      });
    }
  });

  it('carries thrown values that are not errors', () => {
    expect(acrossThreads('a string').message).toBe('a string');
  });
});
