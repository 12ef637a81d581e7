/**
 * One load run with autocannon (https://github.com/mcollina/autocannon): `connections` clients
 * POSTing GraphQL bodies to /graphql, each request taking the next body of a rotation, for a
 * duration or a number of requests. An error is anything a client would call one: a socket error
 * or timeout, a non-2xx status, or a 200 whose body carries GraphQL `errors`.
 */
import autocannon from 'autocannon';

export interface LoadOptions {
  bodies: readonly string[];
  connections: number;
  durationSeconds?: number;
  requests?: number;
  /** Seconds before a request counts as timed out. */
  timeoutSeconds?: number;
}

export interface LoadResult {
  connections: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** The first error's message, to tell what went wrong. */
  firstError: string | null;
}

export async function runLoad(url: string, options: LoadOptions): Promise<LoadResult> {
  let next = 0;
  let graphqlErrors = 0;
  let firstError: string | null = null;
  const result = await autocannon({
    url: `${url}/graphql`,
    connections: options.connections,
    ...(options.requests === undefined ? { duration: options.durationSeconds ?? 10 } : { amount: options.requests }),
    timeout: options.timeoutSeconds ?? 60,
    requests: [{
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => ({ ...request, body: options.bodies[next++ % options.bodies.length]! }),
      onResponse: (status, body) => {
        if (status === 200 && !body.includes('"errors"')) return;
        if (status === 200) graphqlErrors += 1;
        firstError ??= `HTTP ${status}: ${body.slice(0, 300)}`;
      },
    }],
  });
  const requests = result['2xx'] + result.non2xx;
  return {
    connections: options.connections,
    requests,
    seconds: result.duration,
    requestsPerSecond: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors: result.errors + result.non2xx + graphqlErrors,
    firstError: firstError ?? (result.errors > 0 ? `${result.errors} socket errors (${result.timeouts} timeouts)` : null),
  };
}
