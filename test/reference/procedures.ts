/**
 * The reference runner's dispatch table: a case's `procedure` names a function exported by
 * src/stats/index.ts, called with the case's `input` and `options` exactly as stored.
 */
import * as stats from '../../src/stats/index.js';
import { compareToExpected, toleranceFor, worstRelativeError, type Mismatch, type ReferenceCase, type WorstError } from './compare.js';

export type Procedure = (input: unknown, options: unknown) => unknown;

/** The engine's procedures take typed arguments; a case's JSON is passed through as it is. */
function fromCase<Input, Options>(procedure: (input: Input, options: Options) => unknown): Procedure {
  return (input, options) => procedure(input as Input, options as Options);
}

export const procedures: Readonly<Record<string, Procedure>> = {
  kaplanMeier: fromCase(stats.kaplanMeier),
  logRank: fromCase(stats.logRank),
  coxRegression: fromCase(stats.coxRegression),
  fisherExact: fromCase(stats.fisherExact),
  repeatedMeasuresAnova: fromCase(stats.repeatedMeasuresAnova),
};

export interface ReferenceCaseOutcome {
  /** Where the result departs from `expected`; an unknown procedure is one mismatch (never a skip). */
  mismatches: Mismatch[];
  /** The worst relative error over the numbers compared relatively; null when none was. */
  worst: WorstError | null;
}

/** Runs one case through `table`: its mismatches and its worst relative error. */
export function evaluateReferenceCase(
  referenceCase: ReferenceCase,
  table: Readonly<Record<string, Procedure>> = procedures,
): ReferenceCaseOutcome {
  const procedure = Object.hasOwn(table, referenceCase.procedure) ? table[referenceCase.procedure] : undefined;
  if (procedure === undefined) {
    return {
      mismatches: [{ path: '(procedure)', message: `unknown procedure ${JSON.stringify(referenceCase.procedure)}` }],
      worst: null,
    };
  }
  const actual = procedure(referenceCase.input, referenceCase.options);
  const tolerance = (path: string) => toleranceFor(referenceCase.procedure, path);
  return {
    mismatches: compareToExpected(referenceCase.expected, actual, tolerance),
    worst: worstRelativeError(referenceCase.expected, actual, tolerance),
  };
}

/** Runs one case through `table` and lists where the result departs from `expected`. */
export function runReferenceCase(referenceCase: ReferenceCase, table: Readonly<Record<string, Procedure>> = procedures): Mismatch[] {
  return evaluateReferenceCase(referenceCase, table).mismatches;
}
