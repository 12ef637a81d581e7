/**
 * `npm run seed:demo [-- --patients N --sites K --seed S]`: fills the database named by
 * DATABASE_URL (default: the embedded data/demo.sqlite), migrated first, with the synthetic demo
 * cohort (src/demo/, docs/demo-cohort.md) and what `npm start` adds to it on first use: the labs'
 * CTCAE grades and the study's saved subgroups. Refuses a database that already holds patients
 * (exit 1), as it does invalid options. With the defaults the cohort is the 93-patient
 * calibration to Tomozawa et al. 2018; other sizes keep its proportions, spread over K sites
 * (SITE01, SITE02, ...).
 */
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { closeStore, openDatabase } from '../store/database.js';
import { migrateDatabase } from '../store/migrate.js';
import { countPatients } from '../store/patients.js';
import { ALL_ROWS } from '../store/row-scope.js';
import { DEFAULT_DEMO_SEED, DemoOptionsError, resolveDemoOptions, type DemoCohortOptions } from '../demo/index.js';
import { seedDemoDatabase } from '../records/demo-database.js';

const EXIT_REFUSED = 1;

function integer(value: string): number {
  const parsed = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed)) throw new InvalidArgumentError('expected an integer');
  return parsed;
}

function printSummary(counts: Record<string, number>, seconds: number): void {
  const rows = Object.entries(counts).map(([table, count]) => [table, count.toLocaleString('en-US')] as const);
  const width = Math.max(...rows.map(([table]) => table.length));
  const countWidth = Math.max(...rows.map(([, count]) => count.length));
  for (const [table, count] of rows) console.log(`${table.padEnd(width)}  ${count.padStart(countWidth)}`);
  console.log(`Seeded in ${seconds.toFixed(1)} s.`);
}

async function run(options: Required<DemoCohortOptions>): Promise<number> {
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateDatabase(db);
    const existing = await countPatients(db, undefined, ALL_ROWS);
    if (existing > 0) {
      console.error(`seed:demo: refused: ${config.databaseUrl} already holds ${existing.toLocaleString('en-US')} patients; the demo cohort is only written to a database without patients.`);
      return EXIT_REFUSED;
    }
    console.error(`Seeding ${options.patients.toLocaleString('en-US')} synthetic patients on ${options.sites} site(s), seed ${options.seed}, into ${config.databaseUrl} ...`);
    const started = performance.now();
    const { rows, gradedLabs, savedCohorts } = await seedDemoDatabase(db, options);
    printSummary({ ...rows, gradedLabResults: gradedLabs, savedCohorts }, (performance.now() - started) / 1000);
    return 0;
  } finally {
    await closeStore(db);
  }
}

const program = new Command()
  .name('npm run seed:demo --')
  .description('Fill the database named by DATABASE_URL (default: the embedded data/demo.sqlite) with the synthetic demo cohort.')
  .option('--patients <n>', 'number of patients (93 reproduces the published cohort exactly)', integer, 93)
  .option('--sites <k>', 'number of sites the patients are spread over', integer, 1)
  .option('--seed <s>', 'random seed; the same seed gives the same data', integer, DEFAULT_DEMO_SEED)
  .showHelpAfterError()
  .action(async (options: Required<DemoCohortOptions>) => {
    try {
      process.exitCode = await run(resolveDemoOptions(options));
    } catch (error) {
      if (!(error instanceof DemoOptionsError)) throw error;
      program.error(`error: ${error.message}`);
    }
  });

await program.parseAsync();
