/**
 * Attack: a cross-tab cell withheld for being small comes back from the released Fisher test.
 * With the table's margins (from `characteristics`, released ±2) and the total known, a 2 x 2
 * table has one free cell, and the exact p and odds ratio pick it out of the few candidates.
 *
 * Defence (src/analyses/crosstab.ts): with a withheld cell the test is withheld; otherwise it is
 * computed from the released counts and coarsened, so it carries nothing the counts do not. The
 * first test runs the enumeration against the old release (exact p and odds ratio), where it
 * finds the true table, then against the new one, where it cannot; the second shows that with
 * every cell released the exact test would still single the true table out of the candidates the
 * counts leave, and that the released test is the released counts' own (a function of what is
 * already public, so it cannot narrow them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fisherExact } from '../../../src/stats/index.js';
import { coarsenP, coarsenStatistic } from '../../../src/access/coarsened-statistics.js';
import { startAttackServer, type AttackServer } from './attack-server.js';

type Table = [[number, number], [number, number]];
interface Release { counts: (number | null)[][]; n: number | null; p: number | null; oddsRatio: number | null }

const FLAGS = ['ascitesAtBaseline', 'extrahepaticMetastases', 'anyPriorTherapy', 'priorTherapy.TACE', 'priorTherapy.RESECTION', 'priorTherapy.ABLATION', 'priorTherapy.SYSTEMIC_CHEMOTHERAPY'];
const SPREAD = 2;

let attack: AttackServer;
beforeAll(async () => { attack = await startAttackServer({ patients: 400, sites: 2 }); });
afterAll(async () => { await attack?.close(); });

const CROSS_TAB = `query($r: String!, $c: String!) { cohort { crossTab(rows: { variable: $r }, columns: { variable: $c }) { counts n fisher { p oddsRatio } }
  characteristics(variables: [$r, $c]) { missing levels { level count } } suppressions { path reason } } }`;

async function release(role: 'ADMIN' | 'CONSORTIUM_ANALYST', rows: string, columns: string) {
  const cohort = (await attack.ask(role, CROSS_TAB, { r: rows, c: columns })).data!.cohort;
  const margin = (index: number) => ['false', 'true'].map((level) => cohort.characteristics[index].levels.find((l: any) => l.level === level).count as number | null);
  return {
    table: { counts: cohort.crossTab.counts, n: cohort.crossTab.n, p: cohort.crossTab.fisher.p, oddsRatio: cohort.crossTab.fisher.oddsRatio } as Release,
    rowMargins: margin(0),
    columnMargins: margin(1),
    missing: cohort.characteristics.map((c: any) => c.missing as number),
    suppressions: cohort.suppressions as { path: string; reason: string }[],
  };
}

const near = (value: number, released: number | null) => released === null || Math.abs(value - released) <= SPREAD;
const same = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
const fisher = (table: Table) => { const test = fisherExact({ table }); return { p: test.p, oddsRatio: test.oddsRatio ?? null }; };

/** Every 2 x 2 table the attacker cannot rule out from the released margins, cells and total (each ±2). */
function candidates(released: Release, rowMargins: (number | null)[], columnMargins: (number | null)[]): Table[] {
  const found: Table[] = [];
  const range = (centre: number | null, limit: number) => (centre === null ? [...Array(limit + 1).keys()] : [...Array(2 * SPREAD + 1).keys()].map((i) => centre - SPREAD + i).filter((v) => v >= 0));
  const total = released.n!;
  for (const r0 of range(rowMargins[0]!, total + SPREAD)) {
    for (const c0 of range(columnMargins[0]!, total + SPREAD)) {
      for (const n of range(total, total + SPREAD)) {
        const r1 = n - r0;
        const c1 = n - c0;
        if (r1 < 0 || c1 < 0 || !near(r1, rowMargins[1]!) || !near(c1, columnMargins[1]!)) continue;
        for (let a = Math.max(0, c0 - r1); a <= Math.min(r0, c0); a++) {
          const table: Table = [[a, r0 - a], [c0 - a, r1 - c0 + a]];
          if (table.every((row, r) => row.every((cell, c) => near(cell, released.counts[r]![c]!)))) found.push(table);
        }
      }
    }
  }
  return found;
}

const key = (table: Table) => JSON.stringify(table);

describe('Fisher reconstruction of withheld cells', () => {
  it('finds the true table from an exact p and odds ratio, and nothing from the released cross-tab', async () => {
    let tried = 0;
    for (const rows of FLAGS) {
      for (const columns of FLAGS) {
        if (rows >= columns) continue;
        const truth = await release('ADMIN', rows, columns);
        const exact = truth.table.counts as Table;
        const smallest = Math.min(...exact.flat());
        if (!(smallest > 0 && smallest < 5) || truth.missing.some((m: number) => m !== 0)) continue;
        tried += 1;
        const attacked = await release('CONSORTIUM_ANALYST', rows, columns);
        expect(attacked.table.counts.flat()).toContain(null);

        // The old release: counts withheld or rounded as now, margins and total rounded to 5, the exact test.
        const round = (n: number) => Math.round(n / 5) * 5;
        const oldRelease: Release = { ...attacked.table, n: round(truth.table.n!), p: truth.table.p, oddsRatio: truth.table.oddsRatio };
        const oldMargins = [truth.rowMargins.map((m: number | null) => round(m!)), truth.columnMargins.map((m: number | null) => round(m!))];
        const oldPool = candidates(oldRelease, oldMargins[0]!, oldMargins[1]!);
        const oldMatches = oldPool.filter((table) => { const t = fisher(table); return same(t.p, oldRelease.p) && same(t.oddsRatio, oldRelease.oddsRatio); });
        expect(oldPool.length).toBeGreaterThan(1);
        expect(oldMatches.map(key)).toEqual([key(exact)]);

        // The new release: the test is withheld with its cell, so every candidate stays.
        expect(attacked.table.p).toBeNull();
        expect(attacked.table.oddsRatio).toBeNull();
        expect(attacked.suppressions.map((s) => s.path)).toContain('crossTab.fisher');
        const pool = candidates(attacked.table, attacked.rowMargins, attacked.columnMargins);
        expect(pool.map(key)).toContain(key(exact));
        expect(pool.length).toBeGreaterThan(1);
      }
    }
    expect(tried).toBeGreaterThan(0);
  });

  it('computes the test of a fully released table from the released counts: the exact test would narrow the candidates to the truth, this one says nothing more', async () => {
    let tried = 0;
    for (const rows of FLAGS) {
      for (const columns of FLAGS) {
        if (rows >= columns) continue;
        const truth = await release('ADMIN', rows, columns);
        const exact = truth.table.counts as Table;
        if (Math.min(...exact.flat()) < 10 || truth.missing.some((m: number) => m !== 0)) continue;
        const attacked = await release('CONSORTIUM_ANALYST', rows, columns);
        const pool = candidates(attacked.table, attacked.rowMargins, attacked.columnMargins);
        if (pool.length < 2) continue;
        tried += 1;
        expect(pool.map(key)).toContain(key(exact));
        const exactMatches = pool.filter((table) => { const t = fisher(table); return same(t.p, truth.table.p) && same(t.oddsRatio, truth.table.oddsRatio); });
        expect(exactMatches.map(key)).toEqual([key(exact)]);
        const released = attacked.table.counts as Table;
        const fromReleased = fisher(released);
        expect(attacked.table.p).toBe(coarsenP(fromReleased.p));
        expect(attacked.table.oddsRatio).toBe(coarsenStatistic(fromReleased.oddsRatio));
      }
    }
    expect(tried).toBeGreaterThan(0);
  });
});
