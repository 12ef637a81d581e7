/**
 * What a person reads for a group or a model term, from the data dictionary's variable and level
 * labels (src/clinical/variable-labels.ts), beside the key code uses (`ascitesAtBaseline = true`,
 * `tumorBurden=FROM_25_TO_50`), which stays what groups and terms are identified and ordered by:
 *   - a group: "<variable>: <level>" ("Ascites at baseline: yes", "Hepatic tumour burden: < 25 %",
 *     "Child-Pugh class: B–C"; "Age at first TARE: > 60 years" for a split at 60);
 *   - a Cox term, with its reference level named: "Ascites at baseline (yes vs no)",
 *     "Hepatic tumour burden (25–50 % vs < 25 %)", "Child-Pugh class (B–C vs A)", "Age at first
 *     TARE (per year)"; an interaction joins its terms with " × ".
 * A covariate's own `label` names its chosen group (and, in Cox, its term, or stands for the variable
 * in a categorical term's comparison) as given.
 */
import { BOOLEAN_LEVELS, levelLabel } from '../clinical/variable-labels.js';
import type { VariableDefinition } from '../clinical/variables.js';

/** How a covariate was made a factor (CovariateInput's `above`, `levels`, `label`). */
export interface FactorChoice {
  above?: number | null;
  levels?: readonly string[] | null;
  label?: string | null;
}

/** A variable's unit per one unit: "years" → "year", as in "per year". */
function perUnit(unit: string): string {
  const singular: Readonly<Record<string, string>> = { years: 'year', months: 'month', sessions: 'session' };
  return singular[unit] ?? unit;
}

const withUnit = (value: number, definition: VariableDefinition) => (definition.unit === undefined ? String(value) : `${value} ${definition.unit}`);

/**
 * Levels as one phrase: a run of two or more consecutive ordered levels whose labels are single
 * words reads "B–C"; otherwise the labels joined by " or " ("carcinoid or other").
 */
export function levelsPhrase(definition: VariableDefinition, levels: readonly string[]): string {
  const order = definition.levels ?? BOOLEAN_LEVELS;
  const sorted = [...levels].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const labels = sorted.map((level) => levelLabel(definition.name, level));
  const positions = sorted.map((level) => order.indexOf(level));
  const consecutive = positions.every((position, i) => i === 0 || position === positions[i - 1]! + 1);
  if (sorted.length >= 2 && consecutive && labels.every((label) => /^[^\s–-]+$/.test(label))) return `${labels[0]}–${labels.at(-1)}`;
  return labels.join(' or ');
}

/** The levels not chosen, in order. */
function complement(definition: VariableDefinition, chosen: readonly string[]): string[] {
  return (definition.levels ?? BOOLEAN_LEVELS).filter((level) => !chosen.includes(level));
}

/** The display labels of the two groups of a split (`above`) or a level choice (`levels`), rest first; else one per level. */
export function groupDisplayLabels(definition: VariableDefinition, choice: FactorChoice): string[] {
  const name = definition.label;
  if (choice.above != null) return [`${name}: ≤ ${withUnit(choice.above, definition)}`, `${name}: > ${withUnit(choice.above, definition)}`];
  if (choice.levels != null) {
    const rest = complement(definition, choice.levels);
    return [`${name}: ${levelsPhrase(definition, rest)}`, choice.label ?? `${name}: ${levelsPhrase(definition, choice.levels)}`];
  }
  const levels = definition.kind === 'BOOLEAN' ? BOOLEAN_LEVELS : definition.levels ?? [];
  return levels.map((level) => `${name}: ${levelLabel(definition.name, level)}`);
}

/** A Cox term's label: the comparison it estimates, with the reference level named. */
export function coxTermLabel(definition: VariableDefinition, choice: FactorChoice, comparedLevel: string | null, referenceLevel: string | null): string {
  const name = choice.label ?? definition.label;
  if (comparedLevel !== null && referenceLevel !== null) {
    return `${name} (${levelLabel(definition.name, comparedLevel)} vs ${levelLabel(definition.name, referenceLevel)})`;
  }
  // A covariate's own label names its term as given (the group it picks out, or the variable).
  if (choice.label != null) return choice.label;
  if (choice.above != null) return `${name} (> ${choice.above} vs ≤ ${withUnit(choice.above, definition)})`;
  if (choice.levels != null) return `${name} (${levelsPhrase(definition, choice.levels)} vs ${levelsPhrase(definition, complement(definition, choice.levels))})`;
  if (definition.kind === 'BOOLEAN') return `${name} (${levelLabel(definition.name, 'true')} vs ${levelLabel(definition.name, 'false')})`;
  return definition.unit === undefined ? name : `${name} (per ${perUnit(definition.unit)})`;
}

/** An interaction term's label. */
export function interactionLabel(parts: readonly string[]): string {
  return parts.join(' × ');
}
