/**
 * Cursor pagination over id-ordered results. A cursor is opaque to clients (base64url of
 * "patient:<id>"), so the ordering key can change without breaking them.
 */
import { badUserInput } from './errors.js';

export const DEFAULT_PAGE_SIZE = 50;

export function encodeCursor(kind: string, id: number): string {
  return Buffer.from(`${kind}:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string | null | undefined, argument = 'after'): number | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const match = new RegExp(`^${kind}:(\\d{1,15})$`).exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) throw badUserInput(`"${cursor}" is not a cursor of this list: pass a pageInfo.endCursor (or startCursor, for \`before\`) you received.`, argument);
  return Number(match[1]);
}

export function checkPageSize(first: number | null | undefined, maxPageSize: number, argument = 'first'): number {
  if (first === null || first === undefined) return Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw badUserInput(`\`${argument}\` must be an integer from 1 to ${maxPageSize}, got ${first}.`, argument);
  }
  return first;
}
