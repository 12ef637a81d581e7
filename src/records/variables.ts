/** The data dictionary as the API serves it. */
import { ALL_VARIABLES } from '../clinical/variables.js';

export function listVariables() {
  return ALL_VARIABLES.map((variable) => ({ ...variable, levels: variable.levels ?? null, unit: variable.unit ?? null }));
}
