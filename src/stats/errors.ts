/**
 * The one error type of the statistics engine: bad input (length mismatch, NaN, negative times,
 * events not coded 0/1, an empty group...). "Cannot be estimated" is never an error: it is a
 * result (a null median, converged: false). The GraphQL layer maps this to BAD_USER_INPUT.
 */
export class StatsInputError extends Error {
  override readonly name = 'StatsInputError';
  /** The input field at fault, e.g. "time", "event", "covariates.age", "table". */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
