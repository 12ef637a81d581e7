/**
 * A registry too large to generate in reasonable time, simulated: the demo registry copied
 * `copies` times over, each copy's patients under new ids (and external ids suffixed with the
 * copy number, unique within their site) with all their records. The copies repeat the source's
 * distributions exactly, so per-patient costs stay comparable and only the size changes.
 * Built once, without syncing (a failed build is simply rebuilt), into a git-ignored file under
 * bench/.data/: about 3 minutes and 3.7 GB for a million patients.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { BENCH_DATA_FOLDER } from './registry-database.js';

const RECORD_TABLES = ['prior_therapies', 'treatments', 'lab_results', 'imaging_studies', 'follow_up_therapies'] as const;

function columnsOf(db: Database.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((column) => column.name);
}

export function ensureSimulatedRegistry(source: string, copies: number): string {
  const sourcePatients = new Database(source, { readonly: true });
  const patients = sourcePatients.prepare('SELECT count(*) FROM patients').pluck().get() as number;
  sourcePatients.close();
  const file = join(BENCH_DATA_FOLDER, `registry-${(patients * copies) / 1_000_000}m-simulated.sqlite`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  copyFileSync(source, partial);
  const db = new Database(partial);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -2000000');
  const lastId = db.prepare('SELECT max(id) FROM patients').pluck().get() as number;
  const patientColumns = columnsOf(db, 'patients');
  for (let copy = 1; copy < copies; copy++) {
    const offset = copy * lastId;
    const patientValues = patientColumns.map((name) => (name === 'id' ? `id + ${offset}` : name === 'external_id' ? `external_id || '-${copy}'` : name));
    db.exec(`INSERT INTO patients (${patientColumns.join(', ')}) SELECT ${patientValues.join(', ')} FROM patients WHERE id <= ${lastId}`);
    for (const table of RECORD_TABLES) {
      const columns = columnsOf(db, table).filter((name) => name !== 'id');
      const values = columns.map((name) => (name === 'patient_id' ? `patient_id + ${offset}` : name));
      db.exec(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${table} WHERE patient_id <= ${lastId} ORDER BY patient_id`);
    }
  }
  db.close();
  renameSync(partial, file);
  return file;
}
