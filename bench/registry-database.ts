/**
 * The scaled registry the load benchmark serves: the demo generator's cohort (the same
 * deterministic function of seed, patients and sites as `npm run seed:demo`) with its CTCAE
 * grades and saved subgroups, written once to a git-ignored file under bench/.data/ and reused
 * while it exists (seeding 100,000 patients takes about 2.5 minutes and 1.7 GB of memory).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeStore, openDatabase } from '../src/store/database.js';
import { migrateDatabase } from '../src/store/migrate.js';
import { countPatients } from '../src/store/patients.js';
import { ALL_ROWS } from '../src/store/row-scope.js';
import { seedDemoDatabase } from '../src/records/demo-database.js';
import { writeSeededRegistry } from '../test/scale/seeded-registry.js';

export const BENCH_DATA_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '.data');

/** The registry's sites, as in the issue (`npm run seed:demo -- --patients 100000 --sites 8`). */
export const REGISTRY_SITES = 8;

export interface RegistryFile {
  file: string;
  patients: number;
  /** Null when an existing file was reused. */
  seedSeconds: number | null;
  sizeMb: number;
}

export function registryFileFor(patients: number): string {
  const label = patients % 1000 === 0 ? `${patients / 1000}k` : String(patients);
  return join(BENCH_DATA_FOLDER, `registry-${label}.sqlite`);
}

/** The registry of `patients` patients, seeded now unless its file exists; migrated to the current schema either way. */
export async function ensureRegistry(patients: number, file = registryFileFor(patients)): Promise<RegistryFile> {
  let seedSeconds: number | null = null;
  if (!existsSync(file)) {
    const started = performance.now();
    await writeSeededRegistry(file, { patients, sites: REGISTRY_SITES });
    seedSeconds = (performance.now() - started) / 1000;
  }
  const db = openDatabase(`file:${file}`);
  await migrateDatabase(db);
  await closeStore(db);
  return { file, patients, seedSeconds, sizeMb: statSync(file).size / 2 ** 20 };
}

/**
 * The same registry in the database at `url` (`--database postgres://...`): the generator is
 * deterministic, so seeding it there gives the rows of the file, which the floors read. An empty
 * database is seeded (the seconds are returned), one holding this registry is reused, any other
 * content is refused.
 */
export async function ensureRegistryAt(url: string, patients: number): Promise<{ url: string; seedSeconds: number | null }> {
  const db = openDatabase(url);
  try {
    await migrateDatabase(db);
    const present = await countPatients(db, undefined, ALL_ROWS);
    if (present === patients) return { url, seedSeconds: null };
    if (present !== 0) throw new Error(`${url} holds ${present} patients, not the ${patients} of this registry: give an empty database`);
    const started = performance.now();
    await seedDemoDatabase(db, { patients, sites: REGISTRY_SITES });
    return { url, seedSeconds: (performance.now() - started) / 1000 };
  } finally {
    await closeStore(db);
  }
}
