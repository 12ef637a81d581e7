/**
 * The audit log: one append-only row per request (GraphQL operation, export or plot URL) with the
 * principal, the operation name, a SHA-256 of the variables (never their values, never a key),
 * what was served, how many values disclosure control withheld, the outcome and the duration.
 * Reading it is for administrators only.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../errors.js';
import { isAdministrator, type Principal } from './principal.js';
import type { Db } from '../store/database.js';
import { appendAudit, listAudit } from '../store/api-keys.js';
import type { RequestAccounting, ServiceContext } from './service-context.js';
import { checkPageSize, decodeCursor, encodeCursor } from '../pagination.js';

export interface AuditedRequest {
  principal: Principal | null;
  channel: 'graphql' | 'export' | 'plot';
  operationName: string | null;
  variables: unknown;
  accounting: RequestAccounting;
  outcome: string;
  startedAt: number;
}

export function hashVariables(variables: unknown): string | null {
  if (variables === undefined || variables === null) return null;
  return createHash('sha256').update(JSON.stringify(variables)).digest('hex');
}

export function recordRequest(db: Db, request: AuditedRequest): void {
  appendAudit(db, {
    apiKeyId: request.principal?.keyId ?? null,
    role: request.principal?.role ?? 'ANONYMOUS',
    siteCode: request.principal?.siteCode ?? null,
    channel: request.channel,
    operationName: request.operationName?.slice(0, 200) ?? null,
    variablesHash: hashVariables(request.variables),
    servedRows: request.accounting.servedRows,
    servedAggregates: request.accounting.servedAggregates,
    suppressions: request.accounting.suppressions,
    outcome: request.outcome.slice(0, 200),
    durationMs: Math.max(0, Math.round(Date.now() - request.startedAt)),
  });
}

const CURSOR_KIND = 'audit';

export function readAuditLog(context: ServiceContext, args: { first?: number | null; after?: string | null }) {
  if (!isAdministrator(context.principal)) throw new ApiError('FORBIDDEN', 'The audit log is for administrators only.');
  const limit = checkPageSize(args.first, context.maxPageSize);
  const beforeId = decodeCursor(CURSOR_KIND, args.after);
  const rows = listAudit(context.db, limit + 1, beforeId);
  const nodes = rows.slice(0, limit);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { hasNextPage: rows.length > limit, endCursor: last === undefined ? null : encodeCursor(CURSOR_KIND, last.id) } };
}
