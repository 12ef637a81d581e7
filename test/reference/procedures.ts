/**
 * The reference runner's dispatch table: a case's `procedure` names a function exported by
 * src/stats/index.ts, called with the case's `input` and `options` exactly as stored.
 * A case fails, never skips, when the engine lacks its procedure or when it sets an input field or
 * option the procedure does not take (e.g. `start` or `weights` of the extended Cox cases): the
 * procedure would silently ignore it. A field set to null or false counts as not set.
 */
import * as stats from '../../src/stats/index.js';
import { compareToExpected, toleranceFor, worstRelativeError, type Mismatch, type ReferenceCase, type WorstError } from './compare.js';

export type Procedure = (input: unknown, options: unknown) => unknown;

/** The engine's procedures take typed arguments; a case's JSON is passed through as it is. */
function fromCase<Input, Options>(procedure: (input: Input, options: Options) => unknown): Procedure {
  return (input, options) => procedure(input as Input, options as Options);
}

export interface ProcedureEntry {
  run: Procedure;
  /** The fields of `input` and of `options` the procedure reads. */
  inputFields: readonly string[];
  optionFields: readonly string[];
}

export const procedures: Readonly<Record<string, ProcedureEntry>> = {
  kaplanMeier: {
    run: fromCase(stats.kaplanMeier),
    inputFields: ['time', 'event', 'group'],
    optionFields: ['confType', 'confLevel', 'times', 'medianCi', 'rmean', 'reverse', 'cumulativeHazard'],
  },
  restrictedMean: { run: fromCase(stats.restrictedMean), inputFields: ['time', 'event', 'group'], optionFields: ['tau', 'confLevel'] },
  logRank: { run: fromCase(stats.logRank), inputFields: ['time', 'event', 'group', 'strata'], optionFields: ['rho'] },
  coxRegression: {
    run: fromCase(stats.coxRegression),
    inputFields: ['start', 'time', 'event', 'covariates', 'strata', 'cluster', 'weights'],
    optionFields: ['ties', 'confLevel', 'maxIterations', 'tolerance'],
  },
  coxZph: {
    run: fromCase(stats.coxZph),
    inputFields: ['start', 'time', 'event', 'covariates', 'strata'],
    optionFields: ['ties', 'transform'],
  },
  fineGray: {
    run: fromCase(stats.fineGray),
    inputFields: ['time', 'status', 'covariates'],
    optionFields: ['failcode', 'cencode', 'confLevel'],
  },
  cumulativeIncidence: {
    run: fromCase(stats.cumulativeIncidence),
    inputFields: ['time', 'status', 'group'],
    optionFields: ['confLevel', 'times', 'causes'],
  },
  grayTest: { run: fromCase(stats.grayTest), inputFields: ['time', 'status', 'group', 'strata'], optionFields: ['rho'] },
  fisherExact: { run: fromCase(stats.fisherExact), inputFields: ['table'], optionFields: ['alternative', 'confLevel', 'orNull'] },
  repeatedMeasuresAnova: { run: fromCase(stats.repeatedMeasuresAnova), inputFields: ['values', 'between'], optionFields: [] },
};

/** Fields of `value` (an object; jsonlite writes an empty list as []) set to something other than null or false, not in `known`. */
function unsupportedFields(value: unknown, known: readonly string[]): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value)
    .filter(([key, field]) => field !== null && field !== false && !known.includes(key))
    .map(([key]) => key);
}

export interface ReferenceCaseOutcome {
  /** Where the result departs from `expected`; an unknown procedure is one mismatch (never a skip). */
  mismatches: Mismatch[];
  /** The worst relative error over the numbers compared relatively; null when none was. */
  worst: WorstError | null;
}

/** Runs one case through `table`: its mismatches and its worst relative error. */
export function evaluateReferenceCase(
  referenceCase: ReferenceCase,
  table: Readonly<Record<string, ProcedureEntry>> = procedures,
): ReferenceCaseOutcome {
  const name = referenceCase.procedure;
  const entry = Object.hasOwn(table, name) ? table[name] : undefined;
  if (entry === undefined) {
    return { mismatches: [{ path: '(procedure)', message: `unknown procedure ${JSON.stringify(name)}` }], worst: null };
  }
  const unsupported = [
    ...unsupportedFields(referenceCase.input, entry.inputFields).map((field) => `input.${field}`),
    ...unsupportedFields(referenceCase.options, entry.optionFields).map((field) => `options.${field}`),
  ];
  if (unsupported.length > 0) {
    return {
      mismatches: unsupported.map((path) => ({ path, message: `not supported by the engine's ${name} (not implemented yet)` })),
      worst: null,
    };
  }
  const actual = entry.run(referenceCase.input, referenceCase.options);
  const tolerance = (path: string) => toleranceFor(referenceCase.procedure, path);
  return {
    mismatches: compareToExpected(referenceCase.expected, actual, tolerance),
    worst: worstRelativeError(referenceCase.expected, actual, tolerance),
  };
}

/** Runs one case through `table` and lists where the result departs from `expected`. */
export function runReferenceCase(referenceCase: ReferenceCase, table: Readonly<Record<string, ProcedureEntry>> = procedures): Mismatch[] {
  return evaluateReferenceCase(referenceCase, table).mismatches;
}
