/**
 * `cache-control: no-store` on every GraphQL response, as Apollo's cache-control plugin sent it:
 * the schema declares no cache hints (no @cacheControl), so that plugin found every response
 * uncacheable, after a hook on each resolved field (src/graphql/compiled-execution.ts: none may
 * run). Research data must not sit in shared caches anyway. A header already set is kept.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

export const UNCACHEABLE = 'no-store';

export function uncacheableResponsesPlugin(): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', UNCACHEABLE);
        },
      };
    },
  };
}
