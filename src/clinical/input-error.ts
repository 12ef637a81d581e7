/**
 * The one error type of the clinical layer: bad input (a non-finite lab value, a negative
 * reference limit, overlapping timepoint windows...). Results that cannot be determined, such
 * as a grade whose reference limit is missing, are never errors: they are null. The services
 * map this error to BAD_USER_INPUT.
 */
export class ClinicalInputError extends Error {
  override readonly name = 'ClinicalInputError';
  /** The input field at fault, e.g. "value", "upperLimitOfNormal", "windows.MONTH_6". */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}
