/**
 * Utility: the defences must leave a consortium analyst a usable Table 1 of the demo cohort (93
 * patients). Counts within the perturbation (±2) of the truth, withheld only when small or to
 * protect a small one; means within 1.5·c·σ/n and 5 % of the truth, SDs within 10 %, quartiles
 * within the same bound as the means.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAttackServer, type AttackServer } from './attack-server.js';

const TABLE_1 = '{ cohort { size characteristics { variable kind n missing levels { level count } summary { n mean sd median q1 q3 } } } }';

let attack: AttackServer;
beforeAll(async () => { attack = await startAttackServer({}); });
afterAll(async () => { await attack?.close(); });

describe('Table 1 for a consortium analyst', () => {
  it('stays close to the truth on the demo cohort', async () => {
    const exact = (await attack.ask('ADMIN', TABLE_1)).data!.cohort;
    const released = (await attack.ask('CONSORTIUM_ANALYST', TABLE_1)).data!.cohort;
    expect(exact.size).toBe(93);
    let largeLevels = 0;
    let largeReleased = 0;
    released.characteristics.forEach((row: any, index: number) => {
      const truth = exact.characteristics[index];
      expect(row.variable).toBe(truth.variable);
      row.levels.forEach((level: any, l: number) => {
        const count = truth.levels[l].count as number;
        if (count === 0) expect([0, null]).toContain(level.count);
        else if (count < 5) expect(level.count).toBeNull();
        else {
          largeLevels += 1;
          if (level.count !== null) {
            largeReleased += 1;
            expect(Math.abs(level.count - count)).toBeLessThanOrEqual(2);
          }
        }
      });
      if (row.kind !== 'CONTINUOUS' || truth.summary.n < 5) return;
      const bound = (1.5 * 2 * truth.summary.sd) / truth.summary.n + 1e-9;
      const s = row.summary;
      expect(Math.abs(s.mean - truth.summary.mean)).toBeLessThanOrEqual(bound);
      if (Math.abs(truth.summary.mean) > 1) expect(Math.abs(s.mean / truth.summary.mean - 1)).toBeLessThan(0.05);
      expect(Math.abs(s.sd / truth.summary.sd - 1)).toBeLessThan(0.1);
      if (truth.summary.n >= 10) {
        for (const q of ['q1', 'median', 'q3']) expect(Math.abs(s[q] - truth.summary[q])).toBeLessThanOrEqual(bound);
      }
    });
    expect(largeReleased / largeLevels).toBeGreaterThanOrEqual(0.8);
  });
});
