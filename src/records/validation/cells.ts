/**
 * Zod schemas for single values of the interchange format. Each accepts a CSV cell (text) and
 * also the typed value a GraphQL input carries (number, boolean, Date, enum name, list), so the
 * import and the write mutations validate with the same rules and the same messages.
 *
 * A blank value (empty cell, field left out, null) is "not given": `required` turns it into an
 * error, `optional` into null.
 */
import { z } from 'zod';
import { ALIASES, LIST_SEPARATOR, SPELLINGS } from './interchange-format.js';

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function required<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value, context) => {
    if (!isBlank(value)) return value;
    context.issues.push({ code: 'custom', message: 'is required', input: value });
    return z.NEVER;
  }, schema);
}

export function optional<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value) => (isBlank(value) ? null : value), schema.nullable());
}

const show = (value: unknown): string => (value instanceof Date ? value.toISOString() : JSON.stringify(value));

/** Free text, surrounding blanks removed. */
export function text(maxLength: number) {
  return z.string({ error: (issue) => `must be text, got ${show(issue.input)}` })
    .trim()
    .max(maxLength, { error: `must be at most ${maxLength} characters` });
}

type Vocabulary = keyof typeof SPELLINGS;
type StoredValue<V extends Vocabulary> = keyof (typeof SPELLINGS)[V] & string;

/** Case-insensitive lookup of every accepted spelling: the contract's, the stored name, and aliases. */
function spellingLookup<V extends Vocabulary>(vocabulary: V): ReadonlyMap<string, StoredValue<V>> {
  const spellings = SPELLINGS[vocabulary] as Record<string, string>;
  const entries: [string, StoredValue<V>][] = [];
  for (const [stored, spelled] of Object.entries(spellings)) {
    entries.push([spelled.toLowerCase(), stored as StoredValue<V>], [stored.toLowerCase(), stored as StoredValue<V>]);
  }
  for (const [alias, stored] of Object.entries(ALIASES[vocabulary] ?? {})) entries.push([alias.toLowerCase(), stored as StoredValue<V>]);
  return new Map(entries);
}

function describeSpellings(vocabulary: Vocabulary): string {
  return Object.values(SPELLINGS[vocabulary] as Record<string, string>).join(', ');
}

/** One value of a closed vocabulary (sex, tumour burden, target...), in any accepted spelling. */
export function oneOf<V extends Vocabulary>(vocabulary: V) {
  const lookup = spellingLookup(vocabulary);
  const allowed = describeSpellings(vocabulary);
  return z.string({ error: `must be one of ${allowed}` }).transform((value, context) => {
    const stored = lookup.get(value.trim().toLowerCase());
    if (stored !== undefined) return stored;
    context.issues.push({ code: 'custom', message: `"${value}" is not one of ${allowed}`, input: value });
    return z.NEVER;
  });
}

/** A `;`-separated list of a vocabulary's values (or a list, from GraphQL); blank is the empty list. */
export function listOf<V extends Vocabulary>(vocabulary: V) {
  const lookup = spellingLookup(vocabulary);
  const allowed = describeSpellings(vocabulary);
  return z.preprocess(
    (value) => (isBlank(value) ? [] : typeof value === 'string' ? value.split(LIST_SEPARATOR) : value),
    z.array(z.string(), { error: `must be a ${LIST_SEPARATOR}-separated list of ${allowed}` }).transform((items, context) => {
      const values = new Set<StoredValue<V>>();
      for (const item of items) {
        if (item.trim() === '') continue;
        const stored = lookup.get(item.trim().toLowerCase());
        if (stored === undefined) context.issues.push({ code: 'custom', message: `"${item.trim()}" is not one of ${allowed}`, input: item });
        else values.add(stored);
      }
      return [...values].sort();
    }),
  );
}

/** A 0/1 flag (a boolean from GraphQL). */
export function flag() {
  return z.preprocess(
    (value) => (value === '1' ? true : value === '0' ? false : value),
    z.boolean({ error: (issue) => `must be 0 or 1, got ${show(issue.input)}` }),
  );
}

const NUMBER_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export interface NumberRange {
  min: number;
  /** No upper limit when left out. */
  max?: number;
  /** The minimum itself is not allowed. */
  minExclusive?: boolean;
  /** The maximum itself is not allowed. */
  maxExclusive?: boolean;
  integer?: boolean;
}

function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'an integer' : 'a number';
  if (range.max !== undefined && !range.minExclusive && !range.maxExclusive) return `${kind} from ${range.min} to ${range.max}`;
  const bounds = [range.minExclusive ? `above ${range.min}` : `of at least ${range.min}`];
  if (range.max !== undefined) bounds.push(range.maxExclusive ? `below ${range.max}` : `at most ${range.max}`);
  return `${kind} ${bounds.join(' and ')}`;
}

/** A finite number in a range; from text, a plain decimal or scientific notation. */
export function numberIn(range: NumberRange) {
  const expected = describeRange(range);
  const problem = (issue: { input: unknown }) => `must be ${expected}, got ${show(issue.input)}`;
  return z.preprocess(
    (value) => (typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : value),
    z.number({ error: problem }).refine(
      (value) => Number.isFinite(value)
        && (range.minExclusive ? value > range.min : value >= range.min)
        && (range.max === undefined || (range.maxExclusive ? value < range.max : value <= range.max))
        && (!range.integer || Number.isInteger(value)),
      { error: problem },
    ),
  );
}

const EARLIEST_DATE = '1900-01-01';

/** The ISO calendar date of a GraphQL Date (parsed to midnight UTC). */
function isoDateOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A calendar date that exists, YYYY-MM-DD, from 1900-01-01 to `today` (no date in the future). */
export function isoDate(today: string) {
  return z.preprocess(
    (value) => (value instanceof Date ? isoDateOf(value) : value),
    z.iso
      .date({ error: (issue) => `must be an existing date written YYYY-MM-DD, got ${show(issue.input)}` })
      .refine((date) => date >= EARLIEST_DATE && date <= today, {
        error: (issue) => `${String(issue.input)} is ${String(issue.input) < EARLIEST_DATE ? `before ${EARLIEST_DATE}` : 'in the future'}`,
      }),
  );
}

/** A site code as the sites table allows it: 1 to 32 letters, digits, `_` or `-`. */
export function siteCode() {
  return z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, { error: (issue) => `${show(issue.input)} is not a site code: 1 to 32 letters, digits, _ or -` });
}
