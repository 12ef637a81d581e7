/**
 * A bulk export as the URL asks for it: which table, which patients (`where`: a PatientFilter as
 * JSON, the GraphQL input type's very shape, checked field by field as GraphQL would), and for
 * the patients table the unit of the survival time (`timeUnit`, as SurvivalOptions.timeUnit).
 * Anything else in the query string is an error, not ignored. The rows are those the principal
 * may read (a site role: its own site's; a role that never sees rows: FORBIDDEN).
 */
import { z } from 'zod';
import type { TimeUnit } from '../../clinical/index.js';
import { allOf, type PatientFilter } from '../../store/patient-filter.js';
import { ApiError, badUserInput } from '../../errors.js';
import { rowScope } from '../../access/principal.js';
import { patientScopeCondition } from '../../store/row-scope.js';
import { compileFilter } from '../../records/patients.js';
import type { ServiceContext } from '../../access/service-context.js';
import { cohortTable, type CohortTableName } from './cohort-tables.js';
import type { ExportTable } from './export-table.js';
import { categoricalColumns, exportDictionary, type BooleanSpelling, type DictionaryEntry } from './export-dictionary.js';

export type ExportFormat = 'csv' | 'arrow' | 'json' | 'parquet';

const EVERY_FORMAT: readonly ExportFormat[] = ['csv', 'arrow', 'json', 'parquet'];

/** The tables each format serves: every table in every format. */
export const EXPORT_FORMATS: Readonly<Record<CohortTableName, readonly ExportFormat[]>> = {
  patients: EVERY_FORMAT,
  treatments: EVERY_FORMAT,
  labs: EVERY_FORMAT,
  imaging: EVERY_FORMAT,
  events: EVERY_FORMAT,
};

const TIME_UNITS = ['DAYS', 'MONTHS', 'YEARS'] as const satisfies readonly TimeUnit[];
const DEFAULT_TIME_UNIT: TimeUnit = 'MONTHS';

const patientFilterSchema: z.ZodType<PatientFilter> = z.lazy(() =>
  z.strictObject({
    and: z.array(patientFilterSchema).nullish(),
    or: z.array(patientFilterSchema).nullish(),
    not: patientFilterSchema.nullish(),
    site: z.array(z.string()).nullish(),
    variable: z.string().nullish(),
    eq: z.string().nullish(),
    in: z.array(z.string()).nullish(),
    gt: z.number().nullish(),
    gte: z.number().nullish(),
    lt: z.number().nullish(),
    lte: z.number().nullish(),
    isNull: z.boolean().nullish(),
  }, { error: 'must be a PatientFilter object' }),
);

/** `where.and[0].variable` from zod's path ["and", 0, "variable"]. */
function argumentPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`), 'where');
}

function parseWhere(text: string): PatientFilter {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw badUserInput(`\`where\` is not valid JSON (${(error as Error).message}); pass a PatientFilter, e.g. {"variable":"childPugh","in":["B","C"]}.`, 'where');
  }
  const parsed = patientFilterSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const message = unknownKeys.length > 0 ? `unknown PatientFilter field "${unknownKeys[0]}"` : issue.message;
    throw badUserInput(`\`where\` is not a PatientFilter: ${message}.`, argumentPath(unknownKeys.length > 0 ? [...issue.path, unknownKeys[0]!] : issue.path));
  }
  return parsed.data;
}

function parseVocabulary(value: string): 'interchange' | 'api' {
  if (value === 'api' || value === 'interchange') return value;
  throw badUserInput(`\`vocabulary\` must be api or interchange, got "${value}".`, 'vocabulary');
}

function parseTimeUnit(value: string): TimeUnit {
  const unit = TIME_UNITS.find((candidate) => candidate === value);
  if (unit === undefined) throw badUserInput(`\`timeUnit\` must be one of ${TIME_UNITS.join(', ')}, got "${value}".`, 'timeUnit');
  return unit;
}

/** The table to stream for `name`, given the URL's query parameters (each a single string). Throws BAD_USER_INPUT. */
export async function prepareCohortExport(context: ServiceContext, name: CohortTableName, query: Readonly<Record<string, unknown>>): Promise<ExportTable<unknown>> {
  return (await prepareExport(context, name, query)).table;
}

/** The table's data dictionary (export-dictionary.ts), for the same query parameters as the table. */
export async function prepareExportDictionary(context: ServiceContext, name: CohortTableName, query: Readonly<Record<string, unknown>>, booleans: BooleanSpelling): Promise<DictionaryEntry[]> {
  const { table, timeUnit } = await prepareExport(context, name, query);
  return exportDictionary(table, timeUnit, booleans);
}

async function prepareExport(context: ServiceContext, name: CohortTableName, query: Readonly<Record<string, unknown>>): Promise<{ table: ExportTable<unknown>; timeUnit: TimeUnit }> {
  const allowed = name === 'patients' ? ['where', 'timeUnit', 'vocabulary'] : ['where'];
  for (const [key, value] of Object.entries(query)) {
    if (!allowed.includes(key)) throw badUserInput(`Unknown parameter "${key}": this export takes ${allowed.join(' and ')}.`, key);
    if (typeof value !== 'string') throw badUserInput(`\`${key}\` must be given once, as text.`, key);
  }
  const where = typeof query['where'] === 'string' ? parseWhere(query['where']) : null;
  const timeUnit = typeof query['timeUnit'] === 'string' ? parseTimeUnit(query['timeUnit']) : DEFAULT_TIME_UNIT;
  const vocabulary = typeof query['vocabulary'] === 'string' ? parseVocabulary(query['vocabulary']) : 'interchange';
  if (vocabulary === 'api' && query['timeUnit'] !== undefined) {
    throw badUserInput('`timeUnit` sets the interchange vocabulary\'s survivalTime; in the API\'s, the survival time is followUpMonths.', 'timeUnit');
  }
  const scope = rowScope(context.principal);
  if (scope.kind === 'NONE') throw new ApiError('FORBIDDEN', 'This role sees aggregates only, never patient rows: exports are row-level data.');
  const condition = allOf(await compileFilter(context, where, 'where'), patientScopeCondition(scope));
  context.accounting.servedRows = true;
  const table = await cohortTable(context.db, name, { condition, timeUnit, vocabulary });
  return { table: { ...table, categories: categoricalColumns(exportDictionary(table, timeUnit, 'typed')) }, timeUnit };
}
