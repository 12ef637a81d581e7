/** The executable schema: the SDL files of schema/ (the public contract) with the resolvers. */
import { readFileSync, readdirSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { SCHEMA_FOLDER } from '../project-paths.js';
import { resolvers } from './resolvers.js';

export function loadTypeDefs(): string[] {
  return readdirSync(SCHEMA_FOLDER)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(`${SCHEMA_FOLDER}/${file}`, 'utf8'));
}

export function createSchema() {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers, resolverValidationOptions: { requireResolversToMatchSchema: 'error' } });
}
