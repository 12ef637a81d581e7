/**
 * A registry database file seeded with the demo generator (src/records/demo-database.ts: the
 * cohort, its CTCAE grades, the study's saved subgroups), for the tests and the benchmark that
 * need what only a file gives: worker threads with their own connections.
 *
 * Seeding runs in memory and the file is written in one piece (better-sqlite3's serialize()): the
 * same rows through a file connection spend most of their time waiting on WAL writes and
 * checkpoints (85 s for 20,000 patients on the 2-core benchmark machine, against about 25 s of CPU).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase } from '../../src/store/database.js';
import { migrateDatabase } from '../../src/store/migrate.js';
import { seedDemoDatabase, type DemoSeedOptions } from '../../src/records/demo-database.js';

export async function writeSeededRegistry(file: string, options: DemoSeedOptions): Promise<void> {
  const memory = openDatabase(':memory:');
  await migrateDatabase(memory);
  await seedDemoDatabase(memory, options);
  const image = memory.$client.serialize();
  memory.$client.close();
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  writeFileSync(partial, image);
  renameSync(partial, file);
  // A writable connection switches the file to WAL, as the server does, so readers never block the writer.
  openDatabase(`file:${file}`).$client.close();
}
