/**
 * The audit log: one append-only row per request (GraphQL operation, export, plot URL, an
 * authenticated health check) with the principal, the operation name, a SHA-256 of the variables
 * (never their values, never a key), what was served, how many values disclosure control withheld,
 * the outcome the client saw and the duration. A request carries its `RequestAudit` from the
 * moment it arrives (src/http/audit-middleware.ts creates it); the layers that learn who asked and
 * what came of it fill it in, and the finished response turns it into one row, written through the
 * audit queue (src/access/audit-queue.ts), never on the request path. Reading it is for
 * administrators only.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../errors.js';
import { isAdministrator, type Principal } from './principal.js';
import { listAudit, type AuditEntry } from '../store/audit-log.js';
import { newAccounting, type RequestAccounting, type ServiceContext } from './service-context.js';
import { checkPageSize, decodeCursor, encodeCursor } from '../pagination.js';

export type AuditChannel = 'graphql' | 'export' | 'plot' | 'health';

/** What one request did, filled in while it is served. */
export interface RequestAudit {
  channel: AuditChannel;
  startedAt: number;
  /** Null until (unless) a key is verified. */
  principal: Principal | null;
  operationName: string | null;
  variables: unknown;
  /** Shared with the request's ServiceContext, which counts what it served. */
  accounting: RequestAccounting;
  /** The code the client was answered with (the first `extensions.code`, or OK); null: derive it from the HTTP status. */
  outcome: string | null;
}

export function newRequestAudit(channel: AuditChannel, startedAt = Date.now()): RequestAudit {
  return { channel, startedAt, principal: null, operationName: null, variables: null, accounting: newAccounting(), outcome: null };
}

export function hashVariables(variables: unknown): string | null {
  if (variables === undefined || variables === null) return null;
  return createHash('sha256').update(JSON.stringify(variables)).digest('hex');
}

export function auditEntry(request: RequestAudit, outcome: string, finishedAt = Date.now()): AuditEntry {
  return {
    apiKeyId: request.principal?.keyId ?? null,
    role: request.principal?.role ?? 'ANONYMOUS',
    siteCode: request.principal?.siteCode ?? null,
    channel: request.channel,
    operationName: request.operationName?.slice(0, 200) ?? null,
    variablesHash: hashVariables(request.variables),
    servedRows: request.accounting.servedRows,
    servedAggregates: request.accounting.servedAggregates,
    suppressions: request.accounting.suppressions,
    outcome: outcome.slice(0, 200),
    durationMs: Math.max(0, Math.round(finishedAt - request.startedAt)),
  };
}

const CURSOR_KIND = 'audit';

export async function readAuditLog(context: ServiceContext, args: { first?: number | null; after?: string | null }) {
  if (!isAdministrator(context.principal)) throw new ApiError('FORBIDDEN', 'The audit log is for administrators only.');
  const limit = checkPageSize(args.first, context.maxPageSize);
  const beforeId = decodeCursor(CURSOR_KIND, args.after);
  const rows = await listAudit(context.db, limit + 1, beforeId);
  const nodes = rows.slice(0, limit);
  const last = nodes.at(-1);
  const first = nodes[0];
  return {
    nodes,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: beforeId !== undefined,
      startCursor: first === undefined ? null : encodeCursor(CURSOR_KIND, first.id),
      endCursor: last === undefined ? null : encodeCursor(CURSOR_KIND, last.id),
    },
  };
}
