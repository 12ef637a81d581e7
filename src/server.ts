/**
 * createServer({ db, config }): the HTTP application without listening, so tests drive it in
 * process. Routes: POST/GET /graphql (Apollo; a browser GET gets GraphiQL), /graphiql-assets
 * (GraphiQL's own files from node_modules), GET /healthz, GET /plots/<analysis>.svg|.json,
 * GET /export/<table>.<format>, GET /export/results/<result>.<csv|json>, and the cohort explorer
 * page at / (web/, built into dist/web by `npm run build:web`).
 *
 * Audited (one row per request, src/http/audit-middleware.ts): everything under /graphql, /plots
 * and /export, and /healthz when it carries a key (its counters are for administrators). Not
 * audited: /healthz without a key (a load balancer's probe, answered `{status:"ok"}`; the counters
 * only for `/healthz?counters` with an administrator's key, or without keys), and the static files
 * of GraphiQL and of the explorer page (/graphiql-assets, /assets, /), which hold no data.
 * test/access/audit-completeness fails for a route that is in neither list.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import http from 'node:http';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { storedDisclosureSecret } from './store/disclosure-secret.js';
import { createContext, type Context } from './context.js';
import { isAdministrator, type Principal } from './access/principal.js';
import { isStoreReachable, type Store } from './store/database.js';
import { ApiError, createFormatError } from './errors.js';
import { GraphQLError } from 'graphql';
import { auditPlugin } from './graphql/audit-plugin.js';
import { peerGatePlugin } from './graphql/peer-gate.js';
import { startAnalysisExecutor } from './analyses/execution/start-executor.js';
import type { ServerAnalysisExecutor } from './analyses/execution/executor.js';
import { AuditQueue, type AuditQueueStats } from './access/audit-queue.js';
import { openAuditWriter } from './store/audit-log.js';
import { auditRequests, requestAudit } from './http/audit-middleware.js';
import { createAuthenticator } from './access/authentication.js';
import { GRAPHIQL_ASSETS_PATH, graphiqlLandingPage } from './graphql/graphiql.js';
import { createSchema } from './graphql/schema.js';
import { compiledExecutionGateway } from './graphql/compiled-execution.js';
import { uncacheableResponsesPlugin } from './graphql/uncacheable-responses.js';
import { mountExportRoutes } from './http/exports.js';
import { mountPlotRoutes } from './http/plots.js';
import { mountResultRoutes } from './http/result-downloads.js';
import { EXPLORER_PAGE_FOLDER } from './project-paths.js';

export interface CreateServerOptions {
  db: Store;
  config: Config;
  logger?: Logger;
}

export interface AppServer {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** The analysis executor every request's context carries (the worker pool or inline, behind the result cache). */
  analyses: ServerAnalysisExecutor;
  /** The audit write queue's counters (rows pending while the database is locked, written, dropped). */
  auditStats(): AuditQueueStats;
  /** Starts Apollo and mounts the routes; call before listening or handling requests. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** Where each GraphiQL asset lives inside node_modules. */
const GRAPHIQL_ASSETS: Record<string, string> = {
  'graphiql.min.js': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
  'graphiql.min.css': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
  'react.production.min.js': join(dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'),
  'react-dom.production.min.js': join(dirname(require.resolve('react-dom/package.json')), 'umd/react-dom.production.min.js'),
};

/**
 * Limits a query must pass before it runs (graphql-armor); a rejected query costs one parse.
 * The token limit is graphql-js's own parse option: armor's token plugin re-parses inside an Apollo
 * hook and turns a plain syntax error into an HTTP 500.
 */
const MAX_TOKENS = 5_000;
const QUERY_LIMITS = new ApolloArmor({
  maxDepth: { n: 12, exposeLimits: true },
  maxAliases: { n: 30, exposeLimits: true },
  maxDirectives: { n: 30, exposeLimits: true },
  maxTokens: { enabled: false },
  costLimit: { maxCost: 50_000, exposeLimits: true },
  blockFieldSuggestion: { enabled: false },
});

/** HTTP statuses of refusals raised while authenticating. */
const REFUSAL_STATUS: Partial<Record<string, number>> = { UNAUTHENTICATED: 401, RATE_LIMITED: 429, DATABASE_BUSY: 503 };

/** How long shutdown waits for a locked database to take the last audit rows. */
const AUDIT_DRAIN_TIMEOUT_MS = 5_000;

export async function createServer(options: CreateServerOptions): Promise<AppServer> {
  const { db, config, logger } = options;
  const app = express();
  const httpServer = http.createServer(app);
  const armor = QUERY_LIMITS.protect();
  // The cell-key secret is read, or created, once here rather than by the first request.
  if (config.disclosureSecret === null) await storedDisclosureSecret(db);
  const analyses = startAnalysisExecutor(db, config);
  const authenticator = createAuthenticator(db, { authMode: config.authMode, failureLimits: config.authFailureLimits, logger });
  const auditQueue = new AuditQueue(openAuditWriter(db, config.auditBusyTimeoutMs), config.auditQueueMax, logger);
  const apollo = new ApolloServer<Context>({
    // Operations run compiled (graphql-jit); Apollo's per-field hooks are off (cache control: no
    // hints in the schema, so every response was `no-store`, which uncacheableResponsesPlugin sends; usage reporting).
    gateway: compiledExecutionGateway(createSchema()),
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: MAX_TOKENS },
    plugins: [
      ...(armor.plugins as unknown as ApolloServerPlugin<Context>[]),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      uncacheableResponsesPlugin(),
      graphiqlLandingPage('/graphql'),
      auditPlugin(),
      peerGatePlugin(),
    ],
    allowBatchedHttpRequests: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: config.development,
    formatError: createFormatError({
      development: config.development,
      onInternalError: (error) => logger?.error({ err: error }, 'internal error in a GraphQL request'),
    }),
  });

  /** The context of an authenticated request; a refusal (its code noted for the audit row) is thrown. */
  const contextFor = async (request: express.Request): Promise<Context> => {
    const audit = requestAudit(request.res);
    try {
      return await createContext(db, config, await authenticator.authenticate(request.headers.authorization, request.ip), analyses, audit);
    } catch (error) {
      if (error instanceof ApiError && audit !== undefined) audit.outcome = error.code;
      throw error;
    }
  };
  const graphqlContextFor = async (request: express.Request): Promise<Context> => {
    try {
      return await contextFor(request);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw new GraphQLError(error.message, { extensions: { ...error.details, code: error.code, http: { status: REFUSAL_STATUS[error.code] ?? 400 } } });
    }
  };

  const auditHealthChecks = auditRequests('health', auditQueue);

  return {
    app,
    httpServer,
    apollo,
    analyses,
    auditStats: () => auditQueue.stats(),
    async start() {
      await apollo.start();
      app.disable('x-powered-by');
      app.set('trust proxy', config.trustProxy);
      app.get('/healthz', (request, response, next) => {
        if (request.headers.authorization === undefined) next();
        else auditHealthChecks(request, response, next);
      }, async (request, response) => {
        const ok = await isStoreReachable(db);
        const status = { status: ok ? 'ok' : 'database unavailable' };
        // The counters only when asked for (`?counters`), so that a probe sees exactly {status};
        // without keys (the synthetic demo) everyone has an administrator's reach, counters included.
        if (request.headers.authorization === undefined && config.authMode === 'keys') {
          response.status(ok ? 200 : 503).json(status);
          return;
        }
        let principal: Principal;
        try {
          principal = (await contextFor(request)).principal;
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          response.status(REFUSAL_STATUS[error.code] ?? 400).json({ errors: [{ message: error.message, extensions: { ...error.details, code: error.code } }] });
          return;
        }
        // Pool and queue counters tell how busy the registry is: for administrators only.
        const countersAsked = request.query['counters'] !== undefined;
        const details = countersAsked && isAdministrator(principal) ? { analyses: analyses.stats(), audit: auditQueue.stats() } : {};
        response.status(ok ? 200 : 503).json({ ...status, ...details });
      });
      app.get(`${GRAPHIQL_ASSETS_PATH}/:file`, (request, response) => {
        const file = GRAPHIQL_ASSETS[request.params.file];
        if (file === undefined) response.status(404).end();
        else response.sendFile(file, { maxAge: '1d' });
      });
      app.use(
        '/graphql',
        auditRequests('graphql', auditQueue),
        express.json({ limit: '1mb' }),
        expressMiddleware(apollo, { context: async ({ req }) => graphqlContextFor(req) }),
      );
      app.use('/plots', auditRequests('plot', auditQueue));
      mountPlotRoutes(app, { apollo, context: contextFor });
      app.use('/export', auditRequests('export', auditQueue));
      mountExportRoutes(app, { db, config, contextFor });
      mountResultRoutes(app, { apollo, context: contextFor });
      app.use('/assets', express.static(join(EXPLORER_PAGE_FOLDER, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }));
      app.get('/', (_request, response) => response.sendFile(join(EXPLORER_PAGE_FOLDER, 'index.html'), (error) => {
        if (error) response.status(503).type('text/plain').send('The explorer page is not built: run `npm run build:web` (npm start and npm test build it).');
      }));
    },
    async stop() {
      await apollo.stop();
      await analyses.close();
      await auditQueue.drain(AUDIT_DRAIN_TIMEOUT_MS);
    },
  };
}
