/**
 * Plot URLs for notebooks and documents: `GET /plots/<analysis>.svg` (the picture) and
 * `GET /plots/<analysis>.json` (its Vega-Lite spec), where <analysis> is any Cohort field whose
 * result has a `plot` (survival, compareSurvival, coxRegression, fineGray,
 * cumulativeIncidence, labTrajectory, toxicityTable).
 * The query parameters are that field's arguments, the cohort's (`where`, `id`) and the plot's
 * (`title`, ...), each JSON-encoded; a bare word is taken as a string, so `analyte=ALP` works.
 *
 * A request for a known plot is authenticated first, like /graphql (a refusal answers before any
 * parameter is read), then runs the equivalent GraphQL operation through Apollo with a fresh
 * context, so the arguments are validated, limited and reported exactly as on /graphql; errors
 * come back as `{ errors: [...] }` with `extensions.code` and an HTTP status from the first
 * error's code.
 * The parameters a URL accepts are read from the schema (schema/*.graphql), not listed here.
 */
import type { ApolloServer } from '@apollo/server';
import type express from 'express';
import { buildSchema, getNamedType, getNullableType, isEnumType, isObjectType, isScalarType, type GraphQLArgument } from 'graphql';
import type { Context } from '../context.js';
import { loadTypeDefs } from '../graphql/schema.js';
import { authenticatedContext, sendErrors } from './route-errors.js';

export interface PlotRouteDependencies {
  apollo: ApolloServer<Context>;
  /** The same per-request context /graphql builds (and, with keys, authenticates). */
  context: (request: express.Request) => Promise<Context>;
}

interface PlotOperation {
  /** Every accepted parameter with its GraphQL type. */
  parameters: Map<string, GraphQLArgument>;
  query: Record<PlotFormat, string>;
}

type PlotFormat = 'svg' | 'json';

const PLOT_FIELD: Record<PlotFormat, string> = { svg: 'svg', json: 'vegaLite' };


function operationText(analysis: string, cohortArgs: readonly GraphQLArgument[], fieldArgs: readonly GraphQLArgument[], plotArgs: readonly GraphQLArgument[], format: PlotFormat): string {
  const declarations = [...cohortArgs, ...fieldArgs, ...plotArgs].map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const pass = (args: readonly GraphQLArgument[]) => (args.length === 0 ? '' : `(${args.map((arg) => `${arg.name}: $${arg.name}`).join(', ')})`);
  return `query Plot(${declarations}) { cohort${pass(cohortArgs)} { ${analysis}${pass(fieldArgs)} { plot${pass(plotArgs)} { ${PLOT_FIELD[format]} } } } }`;
}

/** The plottable analyses: Cohort fields whose result type has a `plot` field. */
function plotOperations(): Map<string, PlotOperation> {
  const schema = buildSchema(loadTypeDefs().join('\n'));
  const cohortArgs = schema.getQueryType()?.getFields()['cohort']?.args ?? [];
  const cohort = schema.getType('Cohort');
  const operations = new Map<string, PlotOperation>();
  if (!isObjectType(cohort)) return operations;
  for (const field of Object.values(cohort.getFields())) {
    const result = getNamedType(field.type);
    const plot = isObjectType(result) ? result.getFields()['plot'] : undefined;
    if (plot === undefined) continue;
    const parameters = new Map<string, GraphQLArgument>();
    for (const arg of [...cohortArgs, ...field.args, ...plot.args]) {
      if (parameters.has(arg.name)) throw new Error(`/plots/${field.name}: the parameter "${arg.name}" would be ambiguous`);
      parameters.set(arg.name, arg);
    }
    operations.set(field.name, {
      parameters,
      query: { svg: operationText(field.name, cohortArgs, field.args, plot.args, 'svg'), json: operationText(field.name, cohortArgs, field.args, plot.args, 'json') },
    });
  }
  return operations;
}

class ParameterError extends Error {}

/** A parameter's value: JSON, or the bare text for a string, an ID or an enum value (`analyte=ALP`). */
function parameterValue(name: string, raw: unknown, arg: GraphQLArgument): unknown {
  if (typeof raw !== 'string') throw new ParameterError(`Give the parameter \`${name}\` once.`);
  const type = getNullableType(arg.type);
  const textual = isEnumType(type) || (isScalarType(type) && (type.name === 'String' || type.name === 'ID'));
  if (textual && !raw.startsWith('"')) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    throw new ParameterError(`The parameter \`${name}\` is not valid JSON (expected ${String(arg.type)}).`);
  }
}


export function mountPlotRoutes(app: express.Express, dependencies: PlotRouteDependencies): void {
  const operations = plotOperations();
  const analyses = [...operations.keys()];
  app.get('/plots/:file', async (request, response) => {
    const match = /^(\w+)\.(svg|json)$/.exec(request.params.file);
    const operation = match === null ? undefined : operations.get(match[1]!);
    if (match === null || operation === undefined) {
      sendErrors(response, [{ message: `No plot at ${request.path}: use /plots/<analysis>.svg or .json with <analysis> one of ${analyses.join(', ')}.`, extensions: { code: 'NOT_FOUND' } }]);
      return;
    }
    const contextValue = await authenticatedContext(dependencies.context, request, response);
    if (contextValue === undefined) return;
    const format = match[2] as PlotFormat;
    const variables: Record<string, unknown> = {};
    try {
      for (const [name, raw] of Object.entries(request.query)) {
        const arg = operation.parameters.get(name);
        if (arg === undefined) throw new ParameterError(`Unknown parameter \`${name}\`; /plots/${match[1]} takes ${[...operation.parameters.keys()].join(', ')}.`);
        variables[name] = parameterValue(name, raw, arg);
      }
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      sendErrors(response, [{ message: error.message, extensions: { code: 'BAD_USER_INPUT' } }]);
      return;
    }
    const result = await dependencies.apollo.executeOperation({ query: operation.query[format], variables }, { contextValue });
    if (result.body.kind !== 'single') throw new Error('a plot query answered incrementally');
    const { data, errors } = result.body.singleResult;
    if (errors !== undefined && errors.length > 0) {
      sendErrors(response, errors);
      return;
    }
    const plot = (data as { cohort: Record<string, { plot: Record<string, unknown> }> }).cohort[match[1]!]!.plot[PLOT_FIELD[format]];
    if (format === 'svg') response.type('image/svg+xml').send(plot);
    else response.json(plot);
  });
}
