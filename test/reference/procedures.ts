/**
 * The reference runner's dispatch table: a case's `procedure` names a function exported by
 * src/stats/index.ts, called with the case's `input` and `options` exactly as stored.
 */
import * as stats from '../../src/stats/index.js';
import { compareToExpected, toleranceFor, type Mismatch, type ReferenceCase } from './compare.js';

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

/** Runs one case through `table` and lists where the result departs from `expected`. */
export function runReferenceCase(referenceCase: ReferenceCase, table: Readonly<Record<string, Procedure>> = procedures): Mismatch[] {
  const procedure = Object.hasOwn(table, referenceCase.procedure) ? table[referenceCase.procedure] : undefined;
  if (procedure === undefined) {
    return [{ path: '(procedure)', message: `unknown procedure ${JSON.stringify(referenceCase.procedure)}` }];
  }
  const actual = procedure(referenceCase.input, referenceCase.options);
  return compareToExpected(referenceCase.expected, actual, (path) => toleranceFor(referenceCase.procedure, path));
}
