/**
 * Zod schemas for single values of the interchange format. Each accepts a CSV cell (text) and
 * also the typed value a GraphQL input carries (number, boolean, Date, enum name, list), so the
 * import and the write mutations validate with the same rules and the same messages.
 *
 * A blank value (empty cell, field left out, null) is "not given": `required` turns it into an
 * error, `optional` into null.
 *
 * No value may hold NUL or a bidirectional control character (checked first, by `required`,
 * `optional` and `listOf`, which wrap every cell of every record schema): NUL ends a string in C
 * and in many exports, and the bidirectional controls reorder how text is displayed (the
 * "Trojan Source" attack, CVE-2021-42574, https://trojansource.codes/), so a patient
 * identifier could read as another one in a table or an error message. The message names the
 * character and its position in the value; the import adds the file, line and column.
 */
import { z } from 'zod';
import { ALIASES, LIST_SEPARATOR, SPELLINGS } from './interchange-format.js';

type CellContext = z.core.$RefinementCtx;

/** NUL, and the explicit bidirectional formatting characters of Unicode (UAX #9, section 2). */
const FORBIDDEN_CHARACTER_NAMES: ReadonlyMap<number, string> = new Map([
  [0x0000, 'NUL'],
  [0x061c, 'ARABIC LETTER MARK'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
]);
const FORBIDDEN_CHARACTER = new RegExp(`[${[...FORBIDDEN_CHARACTER_NAMES.keys()].map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('')}]`);

/** Why `text` is refused (the first forbidden character, its code point, name and 1-based position), or null. */
export function forbiddenCharacterProblem(text: string): string | null {
  const found = FORBIDDEN_CHARACTER.exec(text);
  if (found === null) return null;
  const code = found[0].codePointAt(0)!;
  const position = [...text.slice(0, found.index)].length + 1;
  return `contains U+${code.toString(16).toUpperCase().padStart(4, '0')} ${FORBIDDEN_CHARACTER_NAMES.get(code)} at character ${position}: `
    + 'remove it (NUL and bidirectional control characters are not accepted in any value)';
}

/** False, with an issue, when a string (or a string of a list) holds a forbidden character. */
function acceptsCharacters(value: unknown, context: CellContext): boolean {
  const texts = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  for (const text of texts) {
    const problem = forbiddenCharacterProblem(text);
    if (problem === null) continue;
    context.issues.push({ code: 'custom', message: problem, input: value });
    return false;
  }
  return true;
}

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export function required<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value, context) => {
    if (!acceptsCharacters(value, context)) return z.NEVER;
    if (!isBlank(value)) return value;
    context.issues.push({ code: 'custom', message: 'is required', input: value });
    return z.NEVER;
  }, schema);
}

export function optional<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value, context) => {
    if (!acceptsCharacters(value, context)) return z.NEVER;
    return isBlank(value) ? null : value;
  }, schema.nullable());
}

/** A value that may be blank and is passed on as given (e.g. a unit, where blank is a unit), its characters checked. */
export function given<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess((value, context) => (acceptsCharacters(value, context) ? value : z.NEVER), schema);
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
    (value, context) => {
      if (!acceptsCharacters(value, context)) return z.NEVER;
      return isBlank(value) ? [] : typeof value === 'string' ? value.split(LIST_SEPARATOR) : value;
    },
    z.array(z.string(), { error: `must be a ${LIST_SEPARATOR}-separated list of ${allowed}` }).transform((items, context) => {
      const values = new Set<StoredValue<V>>();
      const unknown: string[] = [];
      for (const item of items) {
        if (item.trim() === '') continue;
        const stored = lookup.get(item.trim().toLowerCase());
        if (stored === undefined) unknown.push(`"${item.trim()}"`);
        else values.add(stored);
      }
      if (unknown.length > 0) {
        // One issue for the cell, naming every value it cannot take.
        const what = unknown.length === 1 ? `${unknown[0]} is` : `${unknown.join(', ')} are`;
        context.issues.push({ code: 'custom', message: `${what} not one of ${allowed}`, input: items });
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
        // Only for a date: a value that is not one gets the error above alone, not also "before 1900-01-01".
        when: (payload) => payload.issues.length === 0,
        error: (issue) => `${String(issue.input)} is ${String(issue.input) < EARLIEST_DATE ? `before ${EARLIEST_DATE}` : 'in the future'}`,
      }),
  );
}

/** A site code as the sites table allows it: 1 to 32 letters, digits, `_` or `-`. */
export function siteCode() {
  return z.string().trim().regex(/^[A-Za-z0-9_-]{1,32}$/, { error: (issue) => `${show(issue.input)} is not a site code: 1 to 32 letters, digits, _ or -` });
}
