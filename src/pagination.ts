/**
 * Cursor pagination. A cursor is opaque to clients: base64url of "patient:<id>" for id-ordered
 * lists, and of "patient:<ORDER>:<id>:<JSON sort value>" for lists ordered by a sort key (the order
 * and the key's value at the patient, so the next page seeks past the same (key, id) whatever
 * was written since, and a cursor of another order is refused instead of skipping rows).
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

/** A position in a list ordered by `order` (e.g. "AGE_AT_INDEX_DESC"): the sort key's value and the id. */
export interface KeysetPosition { id: number; value: string | number }

export function encodeKeysetCursor(kind: string, order: string, position: KeysetPosition): string {
  return Buffer.from(`${kind}:${order}:${position.id}:${JSON.stringify(position.value)}`, 'utf8').toString('base64url');
}

export function decodeKeysetCursor(kind: string, order: string, cursor: string | null | undefined, argument = 'after'): KeysetPosition | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const match = /^([a-z]+):([A-Z_]+):(\d{1,15}):(.+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const value = match === null ? undefined : parseSortValue(match[4]!);
  if (match === null || match[1] !== kind || value === undefined) {
    throw badUserInput(`"${cursor}" is not a cursor of this list: pass a pageInfo.endCursor (or startCursor, for \`before\`) you received.`, argument);
  }
  if (match[2] !== order) {
    throw badUserInput(`This cursor pages the list in ${match[2]} order, not ${order}: pass the orderBy it was received with, or start again without \`${argument}\`.`, argument);
  }
  return { id: Number(match[3]), value };
}

function parseSortValue(json: string): string | number | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined;
  } catch {
    return undefined;
  }
}
