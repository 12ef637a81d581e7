/**
 * graphql-codegen: TypeScript types for the explorer page's operations (web/src/operations/*.graphql)
 * against the public schema (schema/*.graphql). The output is committed; `npm run codegen`
 * rewrites it and `npm run codegen -- --check` (run before the tests) fails when it has drifted.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  documents: 'web/src/operations/*.graphql',
  generates: {
    'web/src/generated/graphql.ts': {
      plugins: ['typescript-operations'],
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { Date: 'string', DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
