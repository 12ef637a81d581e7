/**
 * Bulk exports for notebooks: `GET /export/<table>.{csv,arrow,json,parquet}` for the tables patients,
 * labs, treatments, imaging and events, for any cohort, each with its data dictionary beside it
 * (`GET /export/<table>.dictionary.{csv,json}`: export-dictionary.ts),
 * (`?where=<PatientFilter as JSON>`; the patients table also takes `?timeUnit=DAYS|MONTHS|YEARS`).
 *
 * The body is streamed: each chunk of rows is read from the database only when the client has
 * taken the previous one (stream backpressure), so memory stays flat whatever the registry size.
 * Arrow is an IPC stream (`application/vnd.apache.arrow.stream`), one record batch per 10,000
 * rows; Parquet (parquet-encoder.ts) is one file, built in memory before it is sent. Requests
 * authenticate as on /graphql (`Authorization: Bearer <key>` unless AUTH_MODE=open)
 * and see the rows their role may read. A bad parameter gets 400 (401 without a valid key, 403 for
 * a role that never sees rows) with `{ errors: [{ message, extensions: { code, argument } }] }`,
 * the error shape of /graphql, before anything is streamed.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type express from 'express';
import type { Context } from '../context.js';
import type { Config } from '../config.js';
import type { Store } from '../store/database.js';
import { asApiError } from '../errors.js';
import { encodeArrowStream } from '../interchange/export/arrow-encoder.js';
import { EXPORT_FORMATS, prepareCohortExport, prepareExportDictionary, type ExportFormat } from '../interchange/export/cohort-export.js';
import { dictionaryCsv, type DictionaryEntry } from '../interchange/export/export-dictionary.js';
import type { CohortTableName } from '../interchange/export/cohort-tables.js';
import { encodeCsv } from '../interchange/export/csv-encoder.js';
import type { ExportTable } from '../interchange/export/export-table.js';
import { encodeJson } from '../interchange/export/json-encoder.js';
import { encodeParquet } from '../interchange/export/parquet-encoder.js';
import { noteOutcome } from './audit-middleware.js';

export interface ExportRouteDependencies {
  db: Store;
  config: Config;
  /** The authenticated per-request context (rejects with ApiError UNAUTHENTICATED without a valid key). */
  contextFor: (request: express.Request) => Promise<Context>;
}

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  arrow: 'application/vnd.apache.arrow.stream',
  json: 'application/json; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

const FILE_NAME = /^(patients|treatments|labs|imaging|events)\.(csv|arrow|json|parquet)$/;
/** `<table>.dictionary.csv` describes the CSV export; `<table>.dictionary.json` the JSON, Arrow and Parquet ones. */
const DICTIONARY_NAME = /^(patients|treatments|labs|imaging|events)\.dictionary\.(csv|json)$/;

function exportOf(file: string): { table: CohortTableName; format: ExportFormat } | null {
  const match = FILE_NAME.exec(file);
  if (match === null) return null;
  const table = match[1] as CohortTableName;
  const format = match[2] as ExportFormat;
  return EXPORT_FORMATS[table].includes(format) ? { table, format } : null;
}

function listExports(): string {
  const tables = Object.entries(EXPORT_FORMATS).flatMap(([table, formats]) => formats.map((format) => `/export/${table}.${format}`));
  return [...tables, ...Object.keys(EXPORT_FORMATS).flatMap((table) => [`/export/${table}.dictionary.csv`, `/export/${table}.dictionary.json`])].join(', ');
}

/** The error answer of a refusal or bad input, before anything is sent. */
function refuse(response: express.Response, error: unknown): void {
  const known = asApiError(error);
  if (known === null) throw error;
  noteOutcome(response, known.code);
  response.status(HTTP_STATUS[known.code] ?? 400).json({ errors: [{ message: known.message, extensions: { ...known.details, code: known.code } }] });
}

async function body(table: ExportTable<unknown>, format: ExportFormat): Promise<Readable> {
  switch (format) {
    case 'csv': return Readable.from(encodeCsv(table));
    case 'json': return Readable.from(encodeJson(table));
    case 'arrow': return Readable.from(encodeArrowStream(table));
    case 'parquet': return Readable.from(encodeParquet(table));
  }
}

/** HTTP statuses of the refusals that are not bad input. */
const HTTP_STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429, DATABASE_BUSY: 503 };

export function mountExportRoutes(app: express.Express, deps: ExportRouteDependencies): void {
  app.get('/export/:file', async (request, response, next) => {
    const dictionary = DICTIONARY_NAME.exec(request.params.file);
    if (dictionary === null) {
      next();
      return;
    }
    const [, table, format] = dictionary as unknown as [string, CohortTableName, 'csv' | 'json'];
    let entries: DictionaryEntry[];
    try {
      entries = await prepareExportDictionary(await deps.contextFor(request), table, request.query, format === 'csv' ? 'csv' : 'typed');
    } catch (error) {
      refuse(response, error);
      return;
    }
    response.setHeader('cache-control', 'no-store');
    if (format === 'json') response.status(200).json(entries);
    else response.status(200).type('text/csv; charset=utf-8').setHeader('content-disposition', `attachment; filename="${request.params.file}"`).send(dictionaryCsv(entries));
  });
  app.get('/export/:file', async (request, response) => {
    const requested = exportOf(request.params.file);
    if (requested === null) {
      response.status(404).json({ errors: [{ message: `No export ${request.path}. Exports: ${listExports()}.`, extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    let table: ExportTable<unknown>;
    try {
      table = await prepareCohortExport(await deps.contextFor(request), requested.table, request.query);
    } catch (error) {
      refuse(response, error);
      return;
    }
    response.status(200);
    response.setHeader('content-type', CONTENT_TYPES[requested.format]);
    response.setHeader('content-disposition', `attachment; filename="${request.params.file}"`);
    response.setHeader('cache-control', 'no-store');
    await pipeline(await body(table, requested.format), response).catch((error: NodeJS.ErrnoException) => {
      // A client that goes away mid-stream ends the pipeline early: nobody is left to tell. Anything
      // else goes to express, which closes the connection (the status line is already sent).
      if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    });
  });
}
