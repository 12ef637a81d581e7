/**
 * Renders the pictures of docs/plots.md into docs/plots/*.svg from the synthetic demo cohort, by
 * fetching the very plot URLs the document shows from a server started here on a loopback port
 * (an in-memory database seeded like the embedded demo), so the pictures are what a notebook gets.
 *
 *   npx tsx scripts/render-doc-plots.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/store/database.js';
import { migrateDatabase } from '../src/store/migrate.js';
import { createServer } from '../src/server.js';
import { seedDemoDatabase } from '../src/records/demo-database.js';

/** docs/plots/<file>: the URL path and query of docs/plots.md. */
const DOC_PLOTS: Readonly<Record<string, string>> = {
  'survival.svg': '/plots/survival.svg',
  'survival-by-ascites.svg': '/plots/compareSurvival.svg?by={"variable":"ascitesAtBaseline"}',
  'cox-forest.svg': '/plots/coxRegression.svg?covariates=[{"variable":"ascitesAtBaseline"},{"variable":"extrahepaticMetastases"},{"variable":"tumorBurden"},{"variable":"ageAtIndex"}]',
  'alp-by-tumor-burden.svg': '/plots/labTrajectory.svg?analyte=ALP&by={"variable":"tumorBurden"}',
  'toxicity.svg': '/plots/toxicityTable.svg',
  'ttp-incidence-by-ascites.svg': '/plots/cumulativeIncidence.svg?endpoint={"preset":"TTP"}&by={"variable":"ascitesAtBaseline"}',
  'ttp-incidence-stacked.svg': '/plots/cumulativeIncidence.svg?endpoint={"preset":"TTP"}&by={"variable":"ascitesAtBaseline"}&layout=STACKED',
};

const folder = resolve(import.meta.dirname, '../docs/plots');
const db = openDatabase(':memory:');
await migrateDatabase(db);
await seedDemoDatabase(db);
const server = await createServer({ db, config: loadConfig({ DATABASE_URL: ':memory:', AUTH_MODE: 'open', LOG_LEVEL: 'silent' }) });
await server.start();
await new Promise<void>((ready) => server.httpServer.listen(0, '127.0.0.1', ready));
const { port } = server.httpServer.address() as AddressInfo;
mkdirSync(folder, { recursive: true });
let failed = false;
for (const [file, path] of Object.entries(DOC_PLOTS)) {
  const [route, query = ''] = path.split('?');
  const url = `http://127.0.0.1:${port}${route}?${new URLSearchParams(query)}`;
  const response = await fetch(url);
  const body = await response.text();
  if (response.status === 200) {
    writeFileSync(join(folder, file), body);
    console.log(`docs/plots/${file}  ${path}`);
  } else {
    console.error(`${path} answered ${response.status}: ${body}`);
    failed = true;
  }
}
await server.stop();
server.httpServer.close();
db.$client.close();
process.exit(failed ? 1 : 0);
