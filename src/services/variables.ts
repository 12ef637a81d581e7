/** The data dictionary as the API serves it. */
import { PATIENT_VARIABLES } from '../clinical/variables.js';

export function listVariables() {
  return PATIENT_VARIABLES.map((variable) => ({ ...variable, levels: variable.levels ?? null, unit: variable.unit ?? null }));
}
