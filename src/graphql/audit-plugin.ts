/**
 * Fills in the audit record of a GraphQL request (src/access/audit.ts) once Apollo knows what it
 * was and how it ended: the operation name, the variables (hashed when written) and the outcome,
 * the first `extensions.code` of the errors the client receives (formatted, so a refusal reads
 * FORBIDDEN, not the INTERNAL_SERVER_ERROR of an unformatted error), or OK. The row itself is
 * written by the route's audit middleware (src/http/audit-middleware.ts), so an operation a plot
 * URL runs through Apollo is audited once, on the plot channel.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';

export function auditPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, operationName, response, contextValue }) {
          const audit = contextValue.audit;
          if (audit === undefined) return;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          const code = errors?.[0]?.extensions?.['code'];
          audit.operationName = operationName ?? request.operationName ?? null;
          audit.variables = request.variables;
          audit.outcome = errors === undefined || errors.length === 0 ? 'OK' : typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
        },
      };
    },
  };
}
