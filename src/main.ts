/**
 * The composition root: config → database (migrated; the embedded demo seeded on first start) →
 * server → listen.
 */
import { pino } from 'pino';
import { loadConfig } from './config.js';
import { openDatabase } from './data/database.js';
import { migrateDatabase } from './data/migrate.js';
import { countPatients } from './data/patients.js';
import { seedDemoCohort } from './demo/index.js';
import { createServer } from './server.js';

const config = loadConfig();
const logger = pino({ level: config.logLevel });

const db = openDatabase(config.databaseUrl);
migrateDatabase(db);
if (config.embeddedDemo && countPatients(db, undefined) === 0) {
  const summary = seedDemoCohort(db);
  logger.info({ summary }, 'created the embedded demo database with the synthetic NET TARE cohort');
}

const server = createServer({ db, config, logger });
await server.start();
server.httpServer.listen(config.port, config.host, () => {
  logger.info(`NET TARE cohort API on http://localhost:${config.port}/graphql (database ${config.databaseUrl}, auth ${config.authMode})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.stop().finally(() => {
      db.$client.close();
      process.exit(0);
    });
  });
}
