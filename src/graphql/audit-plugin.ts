/** An Apollo plugin writing one audit-log row per GraphQL request, whatever its outcome. */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';
import { recordRequest } from '../access/audit.js';

export function auditPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const startedAt = Date.now();
      return {
        async willSendResponse({ request, operationName, errors, contextValue: context }) {
          const codes = [...new Set((errors ?? []).map((error) => String(error.extensions?.['code'] ?? 'INTERNAL_SERVER_ERROR')))];
          recordRequest(context.db, {
            principal: context.principal,
            channel: 'graphql',
            operationName: operationName ?? request.operationName ?? null,
            variables: request.variables,
            accounting: contextValue.accounting,
            outcome: codes.length === 0 ? 'OK' : codes.join(','),
            startedAt,
          });
        },
      };
    },
  };
}
