/**
 * A FEDERATION_PEER key reaches the peer operations and nothing else (docs/federation.md): an
 * operation of such a key whose root fields are anything but `federationPeer` (and `__typename`)
 * is refused, FORBIDDEN, before it runs. Row-level fields (`patients`, `patient`, `cohort { patients }`)
 * are refused to it a second time where they are served (records/patients.ts: its row scope is NONE).
 */
import { GraphQLError, type SelectionSetNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';
import { isFederationPeer } from '../access/principal.js';

const PEER_ROOT_FIELDS = new Set(['federationPeer', '__typename']);

function onlyPeerFields(selectionSet: SelectionSetNode): boolean {
  return selectionSet.selections.every((selection) => selection.kind === 'Field' && PEER_ROOT_FIELDS.has(selection.name.value));
}

export function peerGatePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          if (!isFederationPeer(contextValue.principal)) return;
          if (operation?.operation === 'query' && onlyPeerFields(operation.selectionSet)) return;
          throw new GraphQLError('A FEDERATION_PEER key reaches only the federation peer operations (`federationPeer`), never rows or other queries.', {
            extensions: { code: 'FORBIDDEN', http: { status: 403 } },
          });
        },
      };
    },
  };
}
