/** Writes a served cohort's CSV exports into a folder: the interchange files an import reads back. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const INTERCHANGE_TABLES = ['patients', 'treatments', 'labs', 'imaging'] as const;

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
