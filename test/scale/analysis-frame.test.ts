/**
 * The analysis frame read as columns (src/store/analysis-frame.ts over the driver's queryColumns)
 * gives every patient's values exactly as the row-wise Drizzle read of the same expressions does;
 * the frame cache of a worker's connection (src/analyses/frame-cache.ts) reads a frame once per
 * data version, drops what it holds when the version moves, and stays within its bounds; the
 * result cache's size walk (src/analyses/execution/result-size.ts) grows with the result and
 * counts a shared part once.
 */
import { asc, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patients } from '../../db/schema/index.js';
import { analysisFrameStatement, valueAt, type AnalysisFrame, type FrameStatement } from '../../src/store/analysis-frame.js';
import { ColumnsBuilder } from '../../src/store/columnar.js';
import type { Store } from '../../src/store/database.js';
import { wholeDaysBetween } from '../../src/store/dialect.js';
import { queryRows, runStatement } from '../../src/store/driver.js';
import { compilePatientFilter } from '../../src/store/patient-filter.js';
import { findSqlVariable } from '../../src/store/patient-variables.js';
import { listSiteCodes } from '../../src/store/sites.js';
import { seedDemoDatabase } from '../../src/records/demo-database.js';
import { FrameCache, frameOf, holdFramesOn } from '../../src/analyses/frame-cache.js';
import { approximateBytes } from '../../src/analyses/execution/result-size.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const VARIABLES = ['sex', 'ageAtIndex', 'ecog', 'tumorBurden', 'ascitesAtBaseline', 'priorTherapy.TACE', 'treatmentDistribution', 'totalActivityGbq', 'lab.ALBUMIN.BASELINE', 'grade.AST.MONTH_6', 'imaging.recist.MONTH_6'];

let test: TestDatabase;
let db: Store;
let siteCodes: string[];

beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await seedDemoDatabase(db, { patients: 300, sites: 3 });
  siteCodes = await listSiteCodes(db);
});
afterAll(async () => await test.close());

const variables = () => VARIABLES.map((name) => findSqlVariable(name)!);
const siteCondition = () => compilePatientFilter({ site: [siteCodes[1]!] }, { siteCodes });

/** The same statement read row by row through Drizzle, one object per patient (the frame's former read). */
async function rowWise(condition: SQL | undefined): Promise<Record<string, unknown>[]> {
  const selection: Record<string, SQL> = { id: sql`${patients.id}`, days: wholeDaysBetween(sql`coalesce(${patients.deathDate}, ${patients.lastFollowUpDate})`, patients.indexDate) };
  variables().forEach((variable, index) => { selection[`v${index}`] = variable.expression; });
  return (await queryRows(db, db.select(selection).from(patients).where(condition).orderBy(asc(patients.id)))) as Record<string, unknown>[];
}

describe('the columnar analysis frame', () => {
  it.each(['the whole registry', 'a site'])('holds the values of the row-wise read, missing ones as missing (%s)', async (cohort) => {
    const condition = cohort === 'a site' ? siteCondition() : undefined;
    const frame = await analysisFrameStatement(db, condition, variables()).read();
    const rows = await rowWise(condition);
    expect(rows.length).toBeGreaterThan(0);
    expect(frame.patientIds).toEqual(rows.map((row) => row['id']));
    expect(frame.survivalDays).toEqual(rows.map((row) => row['days']));
    VARIABLES.forEach((name, index) => {
      const column = frame.columns.get(name)!;
      expect(column.kind, name).toBe(findSqlVariable(name)!.valueType === 'text' ? 'text' : 'number');
      expect(rows.map((_, i) => valueAt(column, i)), name).toEqual(rows.map((row) => row[`v${index}`] ?? null));
    });
    expect(VARIABLES.filter((name) => rows.some((_, i) => valueAt(frame.columns.get(name)!, i) === null))).toContain('grade.AST.MONTH_6');
  });

  it('codes text by its distinct values and numbers as doubles, NaN and -1 where missing', () => {
    const builder = new ColumnsBuilder(['text', 'number']);
    for (const row of [['A', 1.5], [null, null], ['B', '2'], ['A', 3]]) builder.push(row);
    const { columns } = builder.finish();
    expect(columns[0]).toEqual({ kind: 'text', codes: Int32Array.from([0, -1, 1, 0]), levels: ['A', 'B'] });
    expect(columns[1]).toEqual({ kind: 'number', values: Float64Array.from([1.5, Number.NaN, 2, 3]) });
  });
});

describe('the frame cache', () => {
  /** A statement whose reads are counted. */
  const counted = (key: string, frame: AnalysisFrame) => {
    const reads = { count: 0 };
    const statement: FrameStatement = { key, read: async () => { reads.count += 1; return frame; } };
    return { statement, reads };
  };
  const frameOfSize = (patients: number): AnalysisFrame => ({
    patientIds: Array.from({ length: patients }, (_, i) => i), survivalDays: new Array<number>(patients).fill(1), event: new Array<number>(patients).fill(0), columns: new Map(),
  });

  it('reads a frame once per data version and drops every frame when the version moves', async () => {
    let version = '1';
    const cache = new FrameCache({ maxEntries: 4, maxBytes: 1e9 }, async () => version);
    const a = counted('a', frameOfSize(10));
    const b = counted('b', frameOfSize(10));
    expect(await cache.frameOf(a.statement)).toBe(await cache.frameOf(a.statement));
    await cache.frameOf(b.statement);
    expect([a.reads.count, b.reads.count]).toEqual([1, 1]);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, entries: 2, version: '1' });
    version = '2';
    await cache.frameOf(a.statement);
    expect(a.reads.count).toBe(2);
    expect(cache.stats()).toMatchObject({ entries: 1, version: '2' });
  });

  it('holds at most its entries and bytes, least recently used out first, and no frame larger than the bound', async () => {
    const cache = new FrameCache({ maxEntries: 2, maxBytes: 2 * 24 * 50 }, async () => '1');
    const frames = ['a', 'b', 'c'].map((key) => counted(key, frameOfSize(50)));
    for (const { statement } of frames) await cache.frameOf(statement);
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 2 * 24 * 50 });
    await cache.frameOf(frames[0]!.statement);
    expect(frames[0]!.reads.count).toBe(2);
    const large = counted('large', frameOfSize(101));
    await cache.frameOf(large.statement);
    await cache.frameOf(large.statement);
    expect(large.reads.count).toBe(2);
  });

  it('does not hold a frame read while the version moved', async () => {
    let version = '1';
    const cache = new FrameCache({ maxEntries: 4, maxBytes: 1e9 }, async () => version);
    const slow: FrameStatement = { key: 'slow', read: async () => { version = '2'; await cache.frameOf(counted('other', frameOfSize(1)).statement); return frameOfSize(5); } };
    await cache.frameOf(slow);
    expect(cache.stats()).toMatchObject({ entries: 1, version: '2' });
  });

  it('on a connection that keeps frames, reads the database again after a write moved the data version', async () => {
    const separate = await createTestDatabase();
    try {
      await seedDemoDatabase(separate.db, { patients: 40, sites: 2 });
      const cache = holdFramesOn(separate.db);
      const ecog = [findSqlVariable('ecog')!];
      const first = await frameOf(separate.db, analysisFrameStatement(separate.db, undefined, ecog));
      expect(await frameOf(separate.db, analysisFrameStatement(separate.db, undefined, ecog))).toBe(first);
      const patientId = first.patientIds[0]!;
      const before = valueAt(first.columns.get('ecog')!, 0);
      const after = before === 4 ? 3 : 4;
      await runStatement(separate.db, 'UPDATE patients SET ecog = ? WHERE id = ?', [after, patientId]);
      const next = await frameOf(separate.db, analysisFrameStatement(separate.db, undefined, ecog));
      expect(next).not.toBe(first);
      expect(valueAt(next.columns.get('ecog')!, 0)).toBe(after);
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 2 });
    } finally {
      await separate.close();
    }
  });
});

describe('the size of a result', () => {
  it('grows with the result, counts a shared part once and ends on a cycle', () => {
    const point = (i: number) => ({ time: i, survival: 1 - i / 1000, lower: null, upper: 1 });
    const curve = (points: number) => ({ label: 'tumorBurden = LOW', curve: Array.from({ length: points }, (_, i) => point(i)) });
    const small = approximateBytes(curve(100));
    const large = approximateBytes(curve(1_000));
    expect(large).toBeGreaterThan(9 * small);
    expect(large).toBeLessThan(11 * small);
    const shared = curve(1_000);
    expect(approximateBytes({ a: shared, b: shared })).toBeLessThan(large + 100);
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic['self'] = cyclic;
    expect(approximateBytes(cyclic)).toBeGreaterThan(0);
    expect(approximateBytes({ text: 'é'.repeat(1_000) })).toBeGreaterThanOrEqual(2_000);
    expect(approximateBytes(new Float64Array(1_000))).toBeGreaterThanOrEqual(8_000);
  });
});
