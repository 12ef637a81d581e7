/**
 * CovariateInput (api-contract.md): a variable of the data dictionary used as a covariate or a
 * grouping, optionally made a two-level factor (`above` for continuous variables, `levels` for
 * categorical ones). Validation names the argument path; coding turns the frame's raw values into
 * what the statistics need:
 *   - groups (compareSurvival, crossTab, labTrajectory): one key per level, in level order
 *     (`variable = LEVEL`), each with its display label (src/analyses/labels.ts);
 *   - Cox columns: a numeric column, a 0/1 indicator, or treatment-contrast dummies against the
 *     first level present (R's default contr.treatment), named `variable=LEVEL`, each with a label
 *     naming the reference level.
 * Missing values stay null: analyses use complete cases and report their n.
 *
 * Values come as a frame's typed column (src/store/columnar.ts) or as one value per patient; a
 * dictionary-coded text column is coded once per distinct value, not once per patient.
 */
import { badUserInput } from '../errors.js';
import { findSqlVariable, type SqlVariable } from '../store/patient-variables.js';
import { valueAt, type FrameColumn, type FrameValue } from '../store/analysis-frame.js';
import { coxTermLabel, groupDisplayLabels } from './labels.js';

export type CovariateTransform = 'LOG' | 'LOG2';

export interface CovariateInput {
  variable: string;
  above?: number | null;
  levels?: string[] | null;
  label?: string | null;
  /** lab.<Analyte> as a time-varying covariate (coxRegression only: time-varying.ts). */
  timeVarying?: boolean | null;
  /** log or log2 of a continuous value; a value <= 0 is missing. */
  transform?: CovariateTransform | null;
}

const TRANSFORMS: Readonly<Record<CovariateTransform, { apply: (x: number) => number; name: string }>> = {
  LOG: { apply: Math.log, name: 'log' },
  LOG2: { apply: Math.log2, name: 'log2' },
};

/** The transformed value (null for a value the logarithm does not take). */
export function transformValue(transform: CovariateTransform | null | undefined, value: number | null): number | null {
  if (value === null || transform === null || transform === undefined) return value;
  return value > 0 ? TRANSFORMS[transform].apply(value) : null;
}

export interface ResolvedCovariate {
  input: CovariateInput;
  variable: SqlVariable;
  /** The name terms and groups are labelled with. */
  label: string;
}

export function resolveCovariate(input: CovariateInput, argument: string): ResolvedCovariate {
  if (input.timeVarying) throw badUserInput('`timeVarying` is for coxRegression covariates only.', `${argument}.timeVarying`);
  const variable = findSqlVariable(input.variable);
  if (variable === undefined) {
    throw badUserInput(`Unknown variable "${input.variable}": query \`variables\` for the data dictionary.`, `${argument}.variable`);
  }
  const { definition } = variable;
  if (input.above != null) {
    if (!Number.isFinite(input.above)) throw badUserInput('`above` must be a finite number.', `${argument}.above`);
    if (variable.valueType !== 'number') {
      throw badUserInput(`\`above\` splits continuous variables; "${definition.name}" is ${definition.kind.toLowerCase()}: use \`levels\`.`, `${argument}.above`);
    }
  }
  if (input.levels != null) {
    if (input.above != null) throw badUserInput('Give either `above` or `levels`, not both.', `${argument}.levels`);
    if (definition.levels === undefined) {
      throw badUserInput(`\`levels\` groups categorical variables; "${definition.name}" is ${definition.kind.toLowerCase()}${definition.kind === 'CONTINUOUS' ? ': use `above`' : ''}.`, `${argument}.levels`);
    }
    if (input.levels.length === 0) throw badUserInput('`levels` needs at least one level.', `${argument}.levels`);
    input.levels.forEach((level, index) => {
      if (!definition.levels!.includes(level)) {
        throw badUserInput(`"${level}" is not a level of "${definition.name}"; allowed: ${definition.levels!.join(', ')}.`, `${argument}.levels[${index}]`);
      }
    });
  }
  if (input.transform != null && (definition.kind !== 'CONTINUOUS' || input.above != null)) {
    throw badUserInput(`\`transform\` takes the logarithm of a continuous value; "${definition.name}" is ${input.above != null ? 'split with `above`' : definition.kind.toLowerCase()}.`, `${argument}.transform`);
  }
  return { input, variable, label: input.label ?? defaultLabel(input) };
}

export function defaultLabel(input: CovariateInput): string {
  if (input.transform != null) return `${TRANSFORMS[input.transform].name}(${input.variable})`;
  if (input.above != null) return `${input.variable} > ${input.above}`;
  if (input.levels != null) return `${input.variable} in {${input.levels.join(', ')}}`;
  return input.variable;
}

/** A frame value as a level string: numbers of ordinal numeric levels (ECOG, grades) become "0".."4"; flags "true"/"false". */
function asLevel(covariate: ResolvedCovariate, value: FrameValue): string | null {
  if (value === null) return null;
  if (covariate.variable.valueType === 'flag') return value === 1 || value === '1' ? 'true' : 'false';
  return String(value);
}

function asNumber(value: FrameValue): number | null {
  if (value === null) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : null;
}

/** A frame's column, or its values one per patient. */
export type ColumnValues = FrameColumn | readonly FrameValue[];

/** Distinct numbers whose codes mapColumn remembers (levels and flags have a handful; continuous values may have a distinct value per patient). */
const MAX_REMEMBERED_VALUES = 1_024;

/** `code` of every row's value, computed once per distinct value (a text column's levels, a number column's numbers), not once per row. */
function mapColumn(values: ColumnValues, code: (value: FrameValue) => number | null): (number | null)[] {
  if (Array.isArray(values)) return (values as readonly FrameValue[]).map(code);
  const column = values as FrameColumn;
  const mapped = new Array<number | null>(column.kind === 'text' ? column.codes.length : column.values.length);
  if (column.kind === 'text') {
    const byLevel = column.levels.map(code);
    const missing = code(null);
    for (let i = 0; i < mapped.length; i++) {
      const level = column.codes[i]!;
      mapped[i] = level < 0 ? missing : byLevel[level]!;
    }
    return mapped;
  }
  const byValue = new Map<number, number | null>();
  for (let i = 0; i < mapped.length; i++) {
    const value = column.values[i]!;
    let coded = byValue.get(value);
    if (coded === undefined) {
      coded = code(valueAt(column, i));
      if (byValue.size < MAX_REMEMBERED_VALUES) byValue.set(value, coded);
    }
    mapped[i] = coded;
  }
  return mapped;
}

export interface Grouping {
  /** The groups' keys (`variable = LEVEL`): what groups are identified and sorted by. */
  labels: string[];
  /** What a person reads for each group, by the same index ("Ascites at baseline: yes"). */
  displayLabels: string[];
  /** Index into labels per patient, null when the value is missing. */
  codes: (number | null)[];
}

/** Groups for comparisons: two for `above`, `levels` and booleans; one per level for categorical variables. */
export function groupBy(covariate: ResolvedCovariate, values: ColumnValues, argument: string): Grouping {
  const keyed = groupKeys(covariate, values, argument);
  return { ...keyed, displayLabels: groupDisplayLabels(covariate.variable.definition, covariate.input) };
}

function groupKeys(covariate: ResolvedCovariate, values: ColumnValues, argument: string): Omit<Grouping, 'displayLabels'> {
  const { input, variable, label } = covariate;
  const definition = variable.definition;
  if (input.above != null) {
    const cut = input.above;
    return {
      labels: [`${input.variable} ≤ ${cut}`, `${input.variable} > ${cut}`],
      codes: mapColumn(values, (value) => { const x = asNumber(value); return x === null ? null : x > cut ? 1 : 0; }),
    };
  }
  if (input.levels != null) {
    const chosen = new Set(input.levels);
    return {
      labels: [`${input.variable} not in {${input.levels.join(', ')}}`, label],
      codes: mapColumn(values, (value) => { const level = asLevel(covariate, value); return level === null ? null : chosen.has(level) ? 1 : 0; }),
    };
  }
  if (definition.kind === 'BOOLEAN') {
    return { labels: [`${input.variable} = false`, `${input.variable} = true`], codes: mapColumn(values, (value) => { const level = asLevel(covariate, value); return level === null ? null : level === 'true' ? 1 : 0; }) };
  }
  if (definition.levels !== undefined) {
    const levels = definition.levels;
    return { labels: levels.map((level) => `${input.variable} = ${level}`), codes: mapColumn(values, (value) => { const level = asLevel(covariate, value); return level === null ? null : levels.indexOf(level); }) };
  }
  throw badUserInput(`"${definition.name}" is continuous: give \`above\` to split it into two groups.`, `${argument}.above`);
}

export interface CoxColumn {
  name: string;
  /** What a person reads for the term, its reference level named (src/analyses/labels.ts). */
  label: string;
  values: (number | null)[];
}

/** Numeric design columns for Cox regression. */
export function coxColumns(covariate: ResolvedCovariate, values: ColumnValues, argument: string): CoxColumn[] {
  const { input, variable, label } = covariate;
  const definition = variable.definition;
  const termLabel = (compared: string | null, reference: string | null) => coxTermLabel(definition, input, compared, reference);
  if (input.above != null || input.levels != null || definition.kind === 'BOOLEAN') {
    const grouping = groupBy(covariate, values, argument);
    return [{ name: label, label: termLabel(null, null), values: grouping.codes }];
  }
  if (definition.kind === 'CONTINUOUS') {
    return [{ name: label, label: termLabel(null, null), values: mapColumn(values, (value) => transformValue(input.transform, asNumber(value))) }];
  }
  const grouping = groupBy(covariate, values, argument);
  const present = grouping.labels.map((_, index) => grouping.codes.includes(index));
  const levelIndexes = grouping.labels.map((_, index) => index).filter((index) => present[index]);
  const [reference, ...others] = levelIndexes;
  if (reference === undefined) return [{ name: label, label: termLabel(null, null), values: grouping.codes.map(() => null) }];
  return others.map((levelIndex) => ({
    name: `${label}=${definition.levels![levelIndex]}`,
    label: termLabel(definition.levels![levelIndex]!, definition.levels![reference]!),
    values: grouping.codes.map((code) => (code === null ? null : code === levelIndex ? 1 : 0)),
  }));
}
