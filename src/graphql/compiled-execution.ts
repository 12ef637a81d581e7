/**
 * Executes GraphQL operations as compiled JavaScript (graphql-jit,
 * https://github.com/zalando-incubator/graphql-jit) instead of graphql-js's field-by-field
 * interpreter: a page of 100 patients with their treatments and labs is some 19,000 fields, and
 * graphql-js walks each one through the same generic path (field lookup, argument coercion, a
 * resolve-info object, a promise check, completion by type). graphql-jit turns an operation into
 * one function with those decisions made once: default fields become property reads, leaf
 * serializers are called directly, and resolvers are called only where the schema has them.
 *
 * Apollo Server keeps everything before and after execution: parsing (with its token limit),
 * validation (graphql-armor's rules), the plugins (audit, peer gate), context creation and
 * formatError. It reaches this module as a "gateway" (@apollo/server's `gateway` option, whose
 * executor replaces graphql-js's execute): `load()` hands Apollo the same executable schema and
 * the executor, which
 *   - compiles each document once, kept in a least-recently-used cache keyed by the operation
 *     name and the document's text;
 *   - runs it with graphql-js's execute instead when graphql-jit cannot compile it, when a
 *     variable's type contains itself (PatientFilter's and/or/not: graphql-jit's variable
 *     compiler recurses into such a type without end, until the heap runs out), and whenever
 *     the variables do not coerce (graphql-js's execute then reports them exactly as before:
 *     Apollo answers those BAD_USER_INPUT, status 400, by the variable definition node they carry);
 *   - rebuilds graphql-jit's errors as graphql-js GraphQLErrors with the same message, locations,
 *     path, original error and extensions, so that formatError (src/errors.ts) maps them to the
 *     same `extensions.code` as before.
 * Compiled queries call the schema's resolvers directly: an Apollo plugin hook per field
 * (willResolveField, which ApolloServerPluginCacheControl adds) would make every field a resolver
 * call again, so src/server.ts installs none.
 */
import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema, Source, SourceLocation } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';

/**
 * graphql-js as Apollo, graphql-tools and graphql-jit load it: graphql 16 has no exports map, so
 * Node loads its CommonJS build for them, while a bundler resolving `module` (vitest) would give
 * this file a second copy whose classes the schema's objects and Apollo's errors are not instances of.
 */
const { execute, getNamedType, getOperationAST, getVariableValues, GraphQLError: GraphqlJsError, isInputObjectType, printSchema, typeFromAST } =
  createRequire(import.meta.url)('graphql') as typeof GraphQL;

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;
type GatewayRequestContext = Parameters<GatewayExecutor>[0];
type SchemaListener = Parameters<Gateway['onSchemaLoadOrUpdate']>[0];

/** Compiled operations kept: the distinct operations clients send (the explorer, dashboards, scripts). */
export const COMPILED_QUERY_CACHE_SIZE = 1_000;

/** A Map in least-recently-used order: a hit moves its key to the end, an insert past the size drops the first. */
class LeastRecentlyUsed<Value> {
  private readonly entries = new Map<string, Value>();
  constructor(private readonly size: number) {}

  get(key: string): Value | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: Value): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The offset in `body` of a 1-based line and column (graphql-js's line breaks: \r\n, \n, \r). */
function offsetOf(body: string, { line, column }: SourceLocation): number {
  const lineBreak = /\r\n|[\n\r]/g;
  let lineStart = 0;
  for (let current = 1; current < line; current++) {
    const match = lineBreak.exec(body);
    if (match === null) break;
    lineStart = match.index + match[0].length;
  }
  return lineStart + column - 1;
}

/** One of graphql-jit's errors as the GraphQLError graphql-js would have made of it. */
function asGraphqlJsError(error: GraphQLError, source: Source | undefined): GraphQLError {
  const positions = source === undefined || error.locations === undefined ? undefined : error.locations.map((location) => offsetOf(source.body, location));
  return new GraphqlJsError(error.message, {
    ...(positions === undefined ? {} : { source, positions }),
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

/** The input object types whose fields lead, at any depth, to an input type containing itself. */
function unboundedInputTypes(schema: GraphQLSchema): Set<string> {
  const children = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInputObjectType(type)) continue;
    children.set(type.name, Object.values(type.getFields()).map((field) => getNamedType(field.type)).filter(isInputObjectType).map((child) => child.name));
  }
  const reachable = (start: string): Set<string> => {
    const seen = new Set<string>();
    const pending = [...children.get(start)!];
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      if (seen.has(name)) continue;
      seen.add(name);
      pending.push(...children.get(name)!);
    }
    return seen;
  };
  const reach = new Map([...children.keys()].map((name) => [name, reachable(name)]));
  const cyclic = (name: string) => reach.get(name)!.has(name);
  return new Set([...reach].filter(([name, reached]) => cyclic(name) || [...reached].some(cyclic)).map(([name]) => name));
}

/** What the cache holds for a document: its compiled form, or null when graphql-js executes it. */
type Compiled = CompiledQuery | null;

export function compiledExecutionGateway(schema: GraphQLSchema, cacheSize = COMPILED_QUERY_CACHE_SIZE): Gateway {
  const compiled = new LeastRecentlyUsed<Compiled>(cacheSize);
  const listeners = new Set<SchemaListener>();
  const unbounded = unboundedInputTypes(schema);

  /** Whether graphql-jit can compile the operation's variables (none of an unbounded input type). */
  function variablesCompile(document: DocumentNode, operationName: string | null): boolean {
    const definitions = getOperationAST(document, operationName)?.variableDefinitions ?? [];
    return definitions.every((definition) => {
      const type = typeFromAST(schema, definition.type);
      return type === undefined || !unbounded.has(getNamedType(type).name);
    });
  }

  function compiledFor(document: DocumentNode, source: string, operationName: string | null): Compiled {
    const key = `${operationName ?? ''}\n${source}`;
    let entry = compiled.get(key);
    if (entry === undefined) {
      const result = variablesCompile(document, operationName) ? compileQuery(schema, document, operationName ?? undefined) : null;
      entry = result !== null && isCompiledQuery(result) ? result : null;
      compiled.set(key, entry);
    }
    return entry;
  }

  /** Whether the request's variables coerce to the operation's variable definitions (graphql-js's own coercion). */
  function variablesCoerce(document: DocumentNode, operationName: string | null, variables: Record<string, unknown> | undefined): boolean {
    const operation = getOperationAST(document, operationName);
    const definitions = operation?.variableDefinitions ?? [];
    return definitions.length === 0 || getVariableValues(schema, definitions, variables ?? {}, { maxErrors: 1 }).errors === undefined;
  }

  const executor: GatewayExecutor = async (requestContext: GatewayRequestContext) => {
    const { document, source, operationName, request, context } = requestContext;
    const query = compiledFor(document, source, operationName);
    if (query === null || !variablesCoerce(document, operationName, request.variables)) {
      return execute({ schema, document, contextValue: context, variableValues: request.variables, operationName });
    }
    const result: ExecutionResult = await query.query(undefined, context, request.variables);
    if (result.errors === undefined) return result;
    const body = document.loc?.source;
    return { ...result, errors: result.errors.map((error) => asGraphqlJsError(error, body)) };
  };

  return {
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      const schemaContext = { apiSchema: schema, coreSupergraphSdl: printSchema(schema) };
      for (const listener of listeners) listener(schemaContext);
      return { executor };
    },
    async stop() {
      compiled.clear();
      listeners.clear();
    },
  };
}
