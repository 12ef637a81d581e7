/** Writes a served cohort's CSV exports into a folder: the interchange files an import reads back. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoDatabase } from '../../src/records/demo-database.js';
import { startTestServer } from '../helpers/server.js';

export const INTERCHANGE_TABLES = ['patients', 'treatments', 'labs', 'imaging', 'events'] as const;

/** Fetches `/export/<table>.csv` for every table and writes `<table>.csv` into `folder` (created); returns the texts. */
export async function exportFolder(baseUrl: string, folder: string): Promise<Record<(typeof INTERCHANGE_TABLES)[number], string>> {
  mkdirSync(folder, { recursive: true });
  const texts = {} as Record<(typeof INTERCHANGE_TABLES)[number], string>;
  for (const table of INTERCHANGE_TABLES) {
    const response = await fetch(`${baseUrl}/export/${table}.csv`);
    if (response.status !== 200) throw new Error(`/export/${table}.csv answered ${response.status}: ${await response.text()}`);
    texts[table] = await response.text();
    writeFileSync(join(folder, `${table}.csv`), texts[table]);
  }
  return texts;
}

/**
 * A generated registry of `patients` (the demo generator), served and exported as CSV into
 * `<workdir>/registry`: a large, valid import folder. The caller removes `workdir`.
 */
export async function generatedRegistryFolder(prefix: string, patients: number): Promise<{ workdir: string; registry: string }> {
  const workdir = mkdtempSync(join(tmpdir(), prefix));
  const registry = join(workdir, 'registry');
  const server = await startTestServer({ seed: false });
  try {
    await seedDemoDatabase(server.db, { patients });
    await exportFolder(server.url, registry);
  } finally {
    await server.close();
  }
  return { workdir, registry };
}
