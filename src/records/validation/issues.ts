/**
 * What is wrong with data to write, in one shape for the import and the write mutations: the
 * record kind, the record's line (the CSV line; the position in a mutation's input), the column
 * at fault, a code and a message. The import prints each as `file:line:column: reason`, the
 * mutations return it as a UserError with a field path.
 */
import type { z } from 'zod';
import type { RecordKind } from './interchange-format.js';

/**
 * INVALID_VALUE: a value breaks its own rule (type, vocabulary, range, existing date).
 * DATE_ORDER: dates of a patient out of order (a session before the index date, a death before follow-up...).
 * UNKNOWN_PATIENT: a record of a patient neither given nor stored for the site.
 * DUPLICATE: two records with the same natural key.
 * WRONG_SITE: a row of an export from another site.
 * MALFORMED_FILE: the CSV itself (header, row length, quoting).
 */
export type IssueCode = 'INVALID_VALUE' | 'DATE_ORDER' | 'UNKNOWN_PATIENT' | 'DUPLICATE' | 'WRONG_SITE' | 'MALFORMED_FILE';

export interface RecordIssue {
  kind: RecordKind;
  line: number;
  /** The column name of the interchange format. */
  column: string;
  code: IssueCode;
  message: string;
}

/** Params of a zod refinement whose failure is a DATE_ORDER issue. */
export const DATE_ORDER = { code: 'DATE_ORDER' } as const;

/** One issue per cell: the first zod reports for a column (its own rule runs before the rules between cells). */
export function issuesFromZod(kind: RecordKind, line: number, error: z.ZodError): RecordIssue[] {
  const byColumn = new Map<string, RecordIssue>();
  for (const issue of error.issues) {
    const column = String(issue.path[0] ?? '');
    if (byColumn.has(column)) continue;
    const params = 'params' in issue ? (issue.params as { code?: IssueCode } | undefined) : undefined;
    byColumn.set(column, { kind, line, column, code: params?.code ?? 'INVALID_VALUE', message: issue.message });
  }
  return [...byColumn.values()];
}

/** A value accepted but worth checking (outside its analyte's plausible range): imported, stored with the row, reported. */
export interface RecordWarning {
  kind: RecordKind;
  line: number;
  /** The column name of the interchange format. */
  column: string;
  message: string;
}

/** A problem located in a file: `file:line:column: reason`, columns counted from 1. */
export interface FileIssue {
  file: string;
  line: number;
  column: number;
  code: IssueCode;
  message: string;
}

/** A warning located in a file, like a FileIssue (columns counted from 1). */
export type FileWarning = Omit<FileIssue, 'code'>;

export function formatFileIssue(issue: FileIssue): string {
  return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
}

export function formatFileWarning(warning: FileWarning): string {
  return `${warning.file}:${warning.line}:${warning.column}: warning: ${warning.message}`;
}

/** By file name, then line, then column. */
export function compareFileIssues(a: FileWarning, b: FileWarning): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}
