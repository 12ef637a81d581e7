/**
 * One audit row per request on an audited route: `auditRequests(channel, queue)` runs first on the
 * route, gives the request its RequestAudit (src/access/audit.ts) in `response.locals`, and when
 * the response is finished (or the connection closes before it is) enqueues exactly one row with
 * the outcome the client saw: the code a handler noted (`noteOutcome`, the first
 * `extensions.code` of a GraphQL answer), else one read from the HTTP status (a body-parser's 400
 * or 413 included). A response cut short (the client went away, or a stream failed after the
 * status line) is logged as INCOMPLETE.
 */
import type express from 'express';
import { auditEntry, newRequestAudit, type AuditChannel, type RequestAudit } from '../access/audit.js';
import type { AuditQueue } from '../access/audit-queue.js';

const OUTCOME_BY_STATUS: Readonly<Record<number, string>> = {
  200: 'OK',
  204: 'OK',
  304: 'OK',
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

const LOCALS_KEY = 'audit';

export function auditRequests(channel: AuditChannel, queue: AuditQueue): express.RequestHandler {
  return (_request, response, next) => {
    const audit = newRequestAudit(channel);
    response.locals[LOCALS_KEY] = audit;
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const outcome = response.writableFinished ? (audit.outcome ?? OUTCOME_BY_STATUS[response.statusCode] ?? `HTTP_${response.statusCode}`) : 'INCOMPLETE';
      queue.enqueue(auditEntry(audit, outcome));
    };
    response.once('finish', record);
    response.once('close', record);
    next();
  };
}

/** The RequestAudit of a request on an audited route (undefined elsewhere). */
export function requestAudit(response: express.Response | undefined): RequestAudit | undefined {
  return response?.locals[LOCALS_KEY] as RequestAudit | undefined;
}

/** Records the code the client is answered with, when the HTTP status alone would say less. */
export function noteOutcome(response: express.Response, code: string): void {
  const audit = requestAudit(response);
  if (audit !== undefined) audit.outcome = code;
}
