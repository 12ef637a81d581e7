/**
 * `npm run report`: regenerates the founding study's tables from the database named by
 * DATABASE_URL (default: the embedded demo, created on first use) through the GraphQL API, and
 * writes report/study.md and report/study.html.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { openServedDatabase } from '../bootstrap.js';
import { closeStore } from '../store/database.js';
import { loadConfig } from '../config.js';
import { createServer } from '../server.js';
import { createContext } from '../context.js';
import { OPEN_PRINCIPAL } from '../access/principal.js';
import { buildStudyReport, type GraphQLRunner } from '../report/study-report.js';
import { renderHtml, renderMarkdown } from '../report/render.js';

const program = new Command()
  .name('report')
  .description('Regenerate the founding study\'s Tables 1-6 and survival figures beside the published values.')
  .option('--out <dir>', 'output folder', 'report')
  .parse();

const { out } = program.opts<{ out: string }>();
// The report reads aggregates with full access: it runs locally, against a file the user opened.
const config = { ...loadConfig(), authMode: 'open' as const };
const db = await openServedDatabase(config);
const server = await createServer({ db, config });
await server.apollo.start();

const run: GraphQLRunner = async (query, variables) => {
  const response = await server.apollo.executeOperation({ query, variables }, { contextValue: await createContext(db, config, OPEN_PRINCIPAL, server.analyses) });
  if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
  const { data, errors } = response.body.singleResult;
  if (errors?.length) throw new Error(`GraphQL error: ${errors.map((e) => e.message).join('; ')}`);
  return data;
};

const report = await buildStudyReport(run, new Date().toISOString());
const folder = resolve(out);
mkdirSync(folder, { recursive: true });
writeFileSync(join(folder, 'study.md'), renderMarkdown(report));
writeFileSync(join(folder, 'study.html'), renderHtml(report));
await server.apollo.stop();
await server.analyses.close();
await closeStore(db);
console.log(`Wrote ${join(folder, 'study.md')} and ${join(folder, 'study.html')}.`);
