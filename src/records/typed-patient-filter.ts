/**
 * Translates PatientFilter's typed fields (src/clinical/filter-fields.ts: `childPugh: { in: [B, C] }`)
 * into the generic variable predicates the one filter compiler (src/store/patient-filter.ts)
 * validates and compiles: each typed field becomes `{ variable, eq, in, gt, ... }` with its values
 * written as the generic form spells them (levels as text, booleans "true"/"false", numbers as text
 * for eq/in), appended to the node's `and` after any `and` it already has, so the generic parts keep
 * their argument paths. Nested and/or/not are translated the same way.
 */
import { findFilterField } from '../clinical/filter-fields.js';
import type { PatientFilter } from '../store/patient-filter.js';
import { badUserInput } from '../errors.js';

/** A typed field's predicates as GraphQL delivers them (enum levels as strings). */
interface TypedPredicate {
  eq?: string | number | boolean | null;
  in?: (string | number)[] | null;
  gt?: number | null;
  gte?: number | null;
  lt?: number | null;
  lte?: number | null;
  isNull?: boolean | null;
}

const GENERIC_FIELDS = new Set(['and', 'or', 'not', 'site', 'variable', 'eq', 'in', 'gt', 'gte', 'lt', 'lte', 'isNull']);

/**
 * `filter` (as received: the generic fields, and any typed fields by their field names) with every
 * typed field replaced by the equivalent generic predicate.
 */
export function toGenericFilter(filter: PatientFilter | null | undefined, path = 'where'): PatientFilter | null | undefined {
  if (filter === null || filter === undefined) return filter;
  const generic: PatientFilter = {};
  const typed: PatientFilter[] = [];
  for (const [key, value] of Object.entries(filter as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    if (GENERIC_FIELDS.has(key)) continue;
    typed.push(typedPredicate(key, value as TypedPredicate, `${path}.${key}`));
  }
  for (const key of ['site', 'variable', 'eq', 'in', 'gt', 'gte', 'lt', 'lte', 'isNull'] as const) {
    if (filter[key] != null) Object.assign(generic, { [key]: filter[key] });
  }
  if (filter.or != null) generic.or = filter.or.map((child, index) => toGenericFilter(child, `${path}.or[${index}]`)!);
  if (filter.not != null) generic.not = toGenericFilter(filter.not, `${path}.not`)!;
  const and = filter.and?.map((child, index) => toGenericFilter(child, `${path}.and[${index}]`)!) ?? [];
  if (and.length > 0 || typed.length > 0 || filter.and != null) generic.and = [...and, ...typed];
  return generic;
}

function typedPredicate(field: string, predicate: TypedPredicate, path: string): PatientFilter {
  const definition = findFilterField(field);
  if (definition === undefined) throw badUserInput(`Unknown filter field "${field}".`, path);
  const spelled = (value: string | number | boolean) => String(value);
  const generic: PatientFilter = { variable: definition.variable.name };
  if (predicate.eq != null) generic.eq = spelled(predicate.eq);
  if (predicate.in != null) {
    if (predicate.in.length === 0) throw badUserInput('`in` needs at least one value.', `${path}.in`);
    generic.in = predicate.in.map(spelled);
  }
  for (const key of ['gt', 'gte', 'lt', 'lte', 'isNull'] as const) {
    if (predicate[key] != null) Object.assign(generic, { [key]: predicate[key] });
  }
  if (Object.keys(generic).length === 1) {
    throw badUserInput(`\`${field}\` needs a predicate: ${definition.input.kind === 'BOOLEAN' ? 'eq or isNull' : definition.input.kind === 'ENUM' ? 'eq, in or isNull' : 'eq, in, gt, gte, lt, lte or isNull'}.`, path);
  }
  return generic;
}
