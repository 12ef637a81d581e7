/** The data dictionary as the API serves it: each level with its display label and order (src/clinical/variable-labels.ts). */
import { ALL_VARIABLES } from '../clinical/variables.js';
import { BOOLEAN_LEVELS, levelLabel } from '../clinical/variable-labels.js';

export function listVariables() {
  return ALL_VARIABLES.map((variable) => {
    const levels = variable.kind === 'BOOLEAN' ? BOOLEAN_LEVELS : variable.levels ?? [];
    return {
      ...variable,
      levels: variable.levels ?? null,
      unit: variable.unit ?? null,
      labeledLevels: levels.map((key, order) => ({ key, label: levelLabel(variable.name, key), order })),
    };
  });
}
