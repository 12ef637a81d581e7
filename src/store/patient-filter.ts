/**
 * Compiles a PatientFilter (the API's composable cohort definition) into one SQL condition over
 * `patients`, validating every part and naming the argument path of anything wrong
 * (e.g. `where.and[1].in[0]`). Semantics:
 *   - the parts given in one object all hold (AND); `and` / `or` / `not` combine filters;
 *   - a variable predicate compares the variable's value; a missing value (NULL) satisfies no
 *     comparison, not even under `not` (SQL three-valued logic): ask with `isNull` explicitly;
 *   - booleans compare as eq "true" / "false"; ordinal numeric levels (ECOG) also take gt..lte.
 */
import { and, not, or, sql, type SQL } from 'drizzle-orm';
import { patients } from '../../db/schema/index.js';
import { badUserInput } from '../errors.js';
import { hasNumericLevels } from '../clinical/variables.js';
import { findSqlVariable, knownVariableNames, type SqlVariable } from './patient-variables.js';

/**
 * A compiled condition on `patients` (undefined: every patient). Opaque outside the store: other
 * layers pass it back to store functions and combine it only with allOf.
 */
export type PatientCondition = SQL | undefined;

/** The patients every condition selects. */
export function allOf(...conditions: PatientCondition[]): PatientCondition {
  return and(...conditions);
}

export interface PatientFilter {
  and?: PatientFilter[] | null;
  or?: PatientFilter[] | null;
  not?: PatientFilter | null;
  site?: string[] | null;
  variable?: string | null;
  eq?: string | null;
  in?: string[] | null;
  gt?: number | null;
  gte?: number | null;
  lt?: number | null;
  lte?: number | null;
  isNull?: boolean | null;
}

export interface FilterContext {
  /** Site codes that exist, to reject a typo instead of silently matching nobody. */
  siteCodes: readonly string[];
}

const MAX_DEPTH = 16;
const MAX_PREDICATES = 200;
const COMPARISONS = ['gt', 'gte', 'lt', 'lte'] as const;
const COMPARISON_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** The SQL condition for `filter` (undefined: everybody). Throws BAD_USER_INPUT naming the argument path. */
export function compilePatientFilter(filter: PatientFilter | null | undefined, context: FilterContext, path = 'where'): SQL | undefined {
  if (filter === null || filter === undefined) return undefined;
  const counter = { predicates: 0 };
  return compileNode(filter, context, path, 0, counter);
}

function compileNode(filter: PatientFilter, context: FilterContext, path: string, depth: number, counter: { predicates: number }): SQL {
  if (depth > MAX_DEPTH) throw badUserInput(`The filter nests deeper than ${MAX_DEPTH} levels.`, path);
  if (++counter.predicates > MAX_PREDICATES) throw badUserInput(`The filter has more than ${MAX_PREDICATES} parts.`, path);
  const parts: SQL[] = [];
  if (filter.and != null) parts.push(combine(filter.and, 'and', context, path, depth, counter));
  if (filter.or != null) parts.push(combine(filter.or, 'or', context, path, depth, counter));
  if (filter.not != null) parts.push(not(compileNode(filter.not, context, `${path}.not`, depth + 1, counter)));
  if (filter.site != null) parts.push(siteCondition(filter.site, context, `${path}.site`));
  if (filter.variable != null) parts.push(variableCondition(filter, `${path}`));
  else {
    const stray = (['eq', 'in', ...COMPARISONS, 'isNull'] as const).find((key) => filter[key] != null);
    if (stray !== undefined) throw badUserInput(`\`${stray}\` needs a \`variable\` to compare.`, `${path}.${stray}`);
  }
  if (parts.length === 0) throw badUserInput('An empty filter object: give and, or, not, site, or a variable with a predicate.', path);
  return parts.length === 1 ? parts[0]! : and(...parts)!;
}

function combine(filters: PatientFilter[], mode: 'and' | 'or', context: FilterContext, path: string, depth: number, counter: { predicates: number }): SQL {
  if (filters.length === 0) throw badUserInput(`\`${mode}\` needs at least one filter.`, `${path}.${mode}`);
  const compiled = filters.map((child, index) => compileNode(child, context, `${path}.${mode}[${index}]`, depth + 1, counter));
  return (mode === 'and' ? and(...compiled) : or(...compiled))!;
}

function siteCondition(codes: string[], context: FilterContext, path: string): SQL {
  if (codes.length === 0) throw badUserInput('`site` needs at least one site code.', path);
  codes.forEach((code, index) => {
    if (!context.siteCodes.includes(code)) {
      throw badUserInput(`Unknown site code "${code}". Known sites: ${context.siteCodes.join(', ') || '(none)'}.`, `${path}[${index}]`);
    }
  });
  return sql`${patients.siteId} IN (SELECT s.id FROM sites s WHERE s.code IN (${sql.join(codes.map((code) => sql`${code}`), sql`, `)}))`;
}

function variableCondition(filter: PatientFilter, path: string): SQL {
  const name = filter.variable!;
  const variable = findSqlVariable(name);
  if (variable === undefined) {
    throw badUserInput(`Unknown variable "${name}". Query \`variables\` for the dictionary; known: ${knownVariableNames().join(', ')}.`, `${path}.variable`);
  }
  const conditions: SQL[] = [];
  const expression = variable.expression;
  if (filter.isNull != null) conditions.push(filter.isNull ? sql`${expression} IS NULL` : sql`${expression} IS NOT NULL`);
  if (filter.eq != null) conditions.push(sql`${expression} = ${literal(variable, filter.eq, `${path}.eq`)}`);
  if (filter.in != null) {
    if (filter.in.length === 0) throw badUserInput('`in` needs at least one value.', `${path}.in`);
    const values = filter.in.map((value, index) => sql`${literal(variable, value, `${path}.in[${index}]`)}`);
    conditions.push(sql`${expression} IN (${sql.join(values, sql`, `)})`);
  }
  for (const key of COMPARISONS) {
    const bound = filter[key];
    if (bound == null) continue;
    if (!Number.isFinite(bound)) throw badUserInput(`\`${key}\` must be a finite number.`, `${path}.${key}`);
    if (variable.valueType !== 'number') {
      throw badUserInput(`\`${key}\` compares numbers, but "${variable.definition.name}" is ${variable.definition.kind.toLowerCase()}; use eq or in with one of: ${describeAllowed(variable)}.`, `${path}.${key}`);
    }
    conditions.push(sql`${expression} ${sql.raw(COMPARISON_SQL[key])} ${bound}`);
  }
  if (conditions.length === 0) {
    throw badUserInput(`Variable "${name}" needs a predicate: eq, in, gt, gte, lt, lte or isNull.`, path);
  }
  return conditions.length === 1 ? conditions[0]! : and(...conditions)!;
}

function describeAllowed(variable: SqlVariable): string {
  const { definition } = variable;
  if (definition.kind === 'BOOLEAN') return '"true", "false"';
  if (definition.levels) return definition.levels.map((level) => `"${level}"`).join(', ');
  return 'a number';
}

/** The SQL value a textual eq/in operand stands for, checked against the variable's kind and levels. */
function literal(variable: SqlVariable, text: string, path: string): string | number {
  const { definition } = variable;
  if (definition.kind === 'BOOLEAN') {
    if (text !== 'true' && text !== 'false') throw badUserInput(`"${definition.name}" is boolean: compare with "true" or "false", not "${text}".`, path);
    return text === 'true' ? 1 : 0;
  }
  if (definition.levels !== undefined) {
    if (!definition.levels.includes(text)) {
      throw badUserInput(`"${text}" is not a level of "${definition.name}"; allowed: ${describeAllowed(variable)}.`, path);
    }
    return hasNumericLevels(definition) ? Number(text) : text;
  }
  const number = Number(text);
  if (text.trim() === '' || !Number.isFinite(number)) throw badUserInput(`"${definition.name}" is continuous: "${text}" is not a number.`, path);
  return number;
}
