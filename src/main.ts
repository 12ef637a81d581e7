/**
 * The composition root: config → database (migrated; the embedded demo seeded on first start) →
 * server → listen.
 */
import { pino } from 'pino';
import { openServedDatabase } from './bootstrap.js';
import { closeStore } from './store/database.js';
import { loadConfig } from './config.js';
import { createServer } from './server.js';

const config = loadConfig();
const logger = pino({ level: config.logLevel });
const db = await openServedDatabase(config, logger);

const server = await createServer({ db, config, logger });
await server.start();
server.httpServer.listen(config.port, config.host, () => {
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info(`NET TARE cohort API on http://localhost:${port}/graphql (database ${config.databaseUrl}, auth ${config.authMode})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void server.stop().finally(async () => {
      await closeStore(db);
      process.exit(0);
    });
  });
}
