/**
 * The same attacks on the study's Tables 3 to 5. Toxicity tables: a small count of ungradable
 * results withheld alone would come back as measured − Σ grades, and a small cohort's table is a
 * list of its patients' grades. Lab trajectories: per-timepoint means difference like any mean,
 * and the ANOVA's exact df would give back the exact count of complete patients.
 *
 * Defences (src/analyses/toxicity.ts, lab-trajectory.ts): grades and notGradable form one level
 * set under secondary suppression, small counts are withheld and never published as 0, cohorts
 * under k are refused; trajectory summaries are released like Table 1 rows, the ANOVA coarsened
 * with df2 as for the released nComplete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { significantDigits, startAttackServer, type AttackServer, type Role } from './attack-server.js';

let attack: AttackServer;
let ages: number[];
const siteOf = new Map<number, string>();
beforeAll(async () => {
  attack = await startAttackServer({ patients: 400, sites: 2 });
  const rows = (await attack.ask('ADMIN', '{ patients(first: 500) { nodes { ageAtIndex site { code } } } }')).data!.patients.nodes;
  for (const row of rows) siteOf.set(row.ageAtIndex, row.site.code);
  ages = rows.map((r: any) => r.ageAtIndex as number).sort((a: number, b: number) => a - b);
});
afterAll(async () => { await attack?.close(); });

const TOXICITY = `query($w: PatientFilter) { cohort(where: $w) { toxicityTable(worstWithin: { fromDay: 1, toDay: 365 }) {
  rows { analyte timepoint measured notGradable patientsByGrade { grade patients } }
  worstWithin { rows { analyte measured notGradable patientsByGrade { patients } } } } suppressions { path } } }`;

describe('toxicity tables', () => {
  it('refuses a cohort under k patients', async () => {
    const result = await attack.ask('CONSORTIUM_ANALYST', TOXICITY, { w: { variable: 'ageAtIndex', gte: ages[ages.length - 3] } }, true);
    expect(result.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });

  it.each([['the registry', null], ['a 60-patient cohort', 60]])('never leaves one withheld cell in a row of grades and ungradable results, nor a false 0 (%s)', async (_, size) => {
    const where = size === null ? null : { variable: 'ageAtIndex', lt: ages[size] };
    const exact = (await attack.ask('ADMIN', TOXICITY, { w: where })).data!.cohort;
    const released = (await attack.ask('CONSORTIUM_ANALYST', TOXICITY, { w: where })).data!.cohort;
    const paths = released.suppressions.map((s: any) => s.path);
    const rowsOf = (table: any) => [...table.toxicityTable.rows, ...table.toxicityTable.worstWithin.rows];
    const exactRows = rowsOf(exact);
    let withheld = 0;
    rowsOf(released).forEach((row: any, r: number) => {
      const cells = [...row.patientsByGrade.map((g: any) => g.patients), row.notGradable];
      const truth = [...exactRows[r].patientsByGrade.map((g: any) => g.patients), exactRows[r].notGradable];
      expect(cells.filter((c: number | null) => c === null).length).not.toBe(1);
      cells.forEach((cell: number | null, i: number) => {
        if (truth[i] > 0 && truth[i] < 5) expect(cell).toBeNull();
        if (cell === 0) expect(truth[i]).toBe(0);
        if (cell !== null) expect(Math.abs(cell - truth[i])).toBeLessThanOrEqual(2);
        if (cell === null) withheld += 1;
      });
    });
    expect(withheld).toBeGreaterThan(0);
    expect(paths.filter((p: string) => p.startsWith('toxicityTable.')).length).toBeGreaterThanOrEqual(withheld);
  });
});

describe('lab trajectories', () => {
  const TRAJECTORY = `query($w: PatientFilter) { cohort(where: $w) { labTrajectory(analyte: ALP, by: { variable: "ascitesAtBaseline" }) {
    summary { n mean sd median min max } anova { nComplete F df1 df2 p greenhouseGeisser { epsilon p } }
    groups { n summary { n mean } } } } }`;

  it('refuses a cohort under k patients', async () => {
    const result = await attack.ask('CONSORTIUM_ANALYST', TRAJECTORY, { w: { variable: 'ageAtIndex', gte: ages[ages.length - 4] } }, true);
    expect(result.errors![0]!.extensions!['code']).toBe('FORBIDDEN');
  });

  it('perturbs per-timepoint means within c·σ/n, never shows extremes, and coarsens the ANOVA with df2 from the released n', async () => {
    const exact = (await attack.ask('ADMIN', TRAJECTORY, { w: null })).data!.cohort.labTrajectory;
    const released = (await attack.ask('CONSORTIUM_ANALYST', TRAJECTORY, { w: null })).data!.cohort.labTrajectory;
    released.summary.forEach((point: any, t: number) => {
      const truth = exact.summary[t];
      expect([point.min, point.max]).toEqual([null, null]);
      const moved = Math.abs(point.mean - truth.mean);
      expect(moved).toBeGreaterThan(0);
      expect(moved).toBeLessThanOrEqual((1.5 * 2 * truth.sd) / truth.n + 1e-9);
    });
    const anova = released.anova;
    expect(significantDigits(anova.p)).toBeLessThanOrEqual(2);
    expect(significantDigits(anova.F)).toBeLessThanOrEqual(3);
    expect(anova.df2).toBeCloseTo((anova.nComplete - 1) * anova.df1, 9);
    expect(exact.anova.df2).toBeCloseTo((exact.anova.nComplete - 1) * exact.anova.df1, 9);
  });

  it.each(['CONSORTIUM_ANALYST', 'SITE_ANALYST'] as Role[])('defeats differencing of a timepoint mean (%s)', async (role) => {
    const mean = async (who: Role, where: unknown) => (await attack.ask(who, TRAJECTORY, { w: where })).data!.cohort.labTrajectory.summary[0];
    const errors: number[] = [];
    const others = ages.filter((age) => role === 'CONSORTIUM_ANALYST' || siteOf.get(age) !== attack.ownSite);
    for (const age of others.filter((_, i) => i >= 20 && i % 4 === 0).slice(0, 30)) {
      const below = { variable: 'ageAtIndex', lt: age };
      const upTo = { variable: 'ageAtIndex', lte: age };
      const [e1, e2] = [await mean('ADMIN', below), await mean('ADMIN', upTo)];
      if (e2.n !== e1.n + 1) continue;
      const x = (e1.n + 1) * e2.mean - e1.n * e1.mean;
      const [r1, r2] = [await mean(role, below), await mean(role, upTo)];
      if (r1.mean === null || r2.mean === null) continue;
      errors.push(Math.abs((e1.n + 1) * r2.mean - e1.n * r1.mean - x) / e2.sd);
    }
    expect(errors.length).toBeGreaterThanOrEqual(10);
    expect(errors.filter((e) => e > 0.25).length).toBeGreaterThanOrEqual((2 / 3) * errors.length);
  });
});
