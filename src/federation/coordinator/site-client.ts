/**
 * One call from the coordinator to one site's peer operations: GraphQL over HTTP with the site's
 * FEDERATION_PEER key, a time limit per attempt, and retries (with a short doubling back-off) on
 * failures that are transient: the connection refused or reset, HTTP 502, 503 or 504, or the
 * site's DATABASE_BUSY. A time-out is not retried (a slow site stays slow; the caller waits
 * at most timeoutMs for it). The outcome says which of three things happened:
 *   - UP: the site answered, with its data;
 *   - REFUSED: the site answered with a refusal (FORBIDDEN, UNAUTHENTICATED, RATE_LIMITED);
 *   - DOWN: no usable answer (unreachable, timed out, an HTTP or internal error).
 * An answer of BAD_USER_INPUT is the request's fault, the same at every site: it is thrown as the
 * coordinator's own BAD_USER_INPUT.
 */
import { ApiError, badUserInput } from '../../errors.js';
import type { FederationConfig, FederationSiteConfig } from '../../config.js';

export type SiteOutcome<Data> =
  | { status: 'UP'; data: Data }
  | { status: 'DOWN' | 'REFUSED'; error: string };

interface GraphQLReply<Data> {
  data?: Data | null;
  errors?: { message: string; extensions?: { code?: string; argument?: string } }[];
}

const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'RATE_LIMITED']);
const TRANSIENT_STATUSES = new Set([502, 503, 504]);
const BACKOFF_MS = 100;

class TransientFailure extends Error {}

async function attempt<Data>(site: FederationSiteConfig, body: string, timeoutMs: number): Promise<SiteOutcome<Data>> {
  let response: Response;
  try {
    response = await fetch(site.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${site.key}` },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { status: 'DOWN', error: `no answer within ${timeoutMs} ms` };
    throw new TransientFailure(`unreachable (${(error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message})`);
  }
  if (TRANSIENT_STATUSES.has(response.status)) throw new TransientFailure(`HTTP ${response.status}`);
  let reply: GraphQLReply<Data>;
  try {
    reply = (await response.json()) as GraphQLReply<Data>;
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') return { status: 'DOWN', error: `no answer within ${timeoutMs} ms` };
    return { status: 'DOWN', error: `HTTP ${response.status} without a GraphQL answer` };
  }
  const first = reply.errors?.[0];
  if (first !== undefined) {
    const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'DATABASE_BUSY') throw new TransientFailure(first.message);
    if (REFUSALS.has(code)) return { status: 'REFUSED', error: `${code}: ${first.message}` };
    if (code === 'BAD_USER_INPUT') throw badUserInput(`Site ${site.code}: ${first.message}`, first.extensions?.argument);
    return { status: 'DOWN', error: `${code}: ${first.message}` };
  }
  if (reply.data === null || reply.data === undefined) return { status: 'DOWN', error: `HTTP ${response.status} without data` };
  return { status: 'UP', data: reply.data };
}

/** Sends one peer query to one site, with the configured time limit and retries. */
export async function askSite<Data>(site: FederationSiteConfig, settings: Pick<FederationConfig, 'timeoutMs' | 'retries'>, query: string, variables: Record<string, unknown>): Promise<SiteOutcome<Data>> {
  const body = JSON.stringify({ query, variables });
  for (let tries = 0; ; tries++) {
    try {
      return await attempt<Data>(site, body, settings.timeoutMs);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      if (!(error instanceof TransientFailure)) throw error;
      if (tries >= settings.retries) return { status: 'DOWN', error: `${error.message}, after ${tries + 1} attempt(s)` };
      await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * 2 ** tries));
    }
  }
}
