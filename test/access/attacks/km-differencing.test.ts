/**
 * Attack: Kaplan–Meier step ratios. An exact curve gives the exact number at risk at every death,
 * n = d / (1 − S_i/S_{i−1}), so a withheld size is known; the curves of a cohort with and without
 * an isolated patient (here the oldest, isolated by `ageAtIndex` above the midpoint of the two
 * oldest) differ by exactly one at risk until that patient leaves, which brackets the censoring
 * day. Run with a consortium analyst's key over GraphQL over HTTP, against the defence of
 * docs/disclosure.md (coarsened times, curves rebuilt from cell-key perturbed counts); and the
 * same key must still get useful curves and tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../../src/access/api-keys.js';
import { loadAnalysisFrame } from '../../../src/store/analysis-frame.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const GRID_DAYS = 30.4375;
let server: TestServer;
let consortium: Record<string, string>;
let admin: Record<string, string>;
let ages: number[];
let isolateOldest: Record<string, unknown>;
/** How many patients isolateOldest holds: 1 unless the oldest ages tie. */
let isolated: number;

interface Point { time: number; nRisk: number; nEvent: number; nCensor: number; survival: number }
interface Estimate { n: number; events: number | null; curve: Point[]; median: { estimate: number | null } }

async function survival(where: Record<string, unknown> | null, headers: Record<string, string>, unit = 'DAYS'): Promise<Estimate> {
  const result = await server.gql(
    `query($w: PatientFilter) { cohort(where: $w) { survival(options: { timeUnit: ${unit} }) { n events median { estimate } curve { time nRisk nEvent nCensor survival } } } }`,
    { w: where }, headers);
  expect(result.errors).toBeUndefined();
  return result.data!.cohort.survival;
}

/** The attacker's reconstruction: the number at risk implied by each death step. */
function stepRatioAtRisk(curve: readonly Point[]): { time: number; n: number }[] {
  return curve.flatMap((point, i) => {
    const previous = i === 0 ? 1 : curve[i - 1]!.survival;
    return point.nEvent > 0 && point.survival < previous ? [{ time: point.time, n: point.nEvent / (1 - point.survival / previous) }] : [];
  });
}

beforeAll(async () => {
  server = await startTestServer({ seed: { patients: 400, sites: 2 }, env: { AUTH_MODE: 'keys', DISCLOSURE_SECRET: 'km-differencing-attack-test-secret-0123456789' } });
  consortium = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'CONSORTIUM_ANALYST' })).key}` };
  admin = { authorization: `Bearer ${(await createApiKey(server.db, { role: 'ADMIN' })).key}` };
  ages = (await server.gql('{ patients(first: 500) { nodes { ageAtIndex } } }', {}, admin)).data!.patients.nodes.map((n: any) => n.ageAtIndex).sort((a: number, b: number) => b - a);
  // The midpoint of the two oldest distinct ages (ages are whole years, so the oldest may tie).
  const below = ages.find((age) => age < ages[0]!)!;
  isolateOldest = { variable: 'ageAtIndex', gt: (ages[0]! + below) / 2 };
  isolated = ages.filter((age) => age > below).length;
});
afterAll(async () => { await server.close(); });

describe('KM step ratios', () => {
  it('works on an exact curve (the row tier), which is why the aggregate tier must not get one', async () => {
    const exact = await survival(null, admin);
    const reconstructed = stepRatioAtRisk(exact.curve);
    expect(reconstructed.length).toBeGreaterThan(20);
    for (const { time, n } of reconstructed) expect(n).toBeCloseTo(exact.curve.find((p) => p.time === time)!.nRisk, 6);
  });

  it('gives the consortium only the released numbers at risk, which are not the true ones', async () => {
    const frame = await loadAnalysisFrame(server.db, undefined, []);
    const coarse = frame.survivalDays.map((days) => Math.ceil(days / GRID_DAYS) * GRID_DAYS);
    const trueAtRisk = (time: number) => coarse.filter((t) => t >= time - 1e-9).length;
    const released = await survival(null, consortium);
    const reconstructed = stepRatioAtRisk(released.curve);
    expect(reconstructed.length).toBeGreaterThan(10);
    // Self-consistent: the ratio gives back the released nRisk, nothing more.
    for (const { time, n } of reconstructed) expect(n).toBeCloseTo(released.curve.find((p) => p.time === time)!.nRisk, 6);
    const exactHits = reconstructed.filter(({ time, n }) => Math.round(n) === trueAtRisk(time)).length;
    expect(exactHits / reconstructed.length).toBeLessThan(0.6);
    expect(released.n).not.toBeNull();
  });

  it('does not give the size difference of a cohort with and without the isolated patient exactly', async () => {
    const cuts = ages.slice(40, 400).filter((_, i) => i % 30 === 0);
    const differences: number[] = [];
    for (const cut of cuts) {
      const younger = { variable: 'ageAtIndex', lt: cut };
      const withOldest = await survival({ or: [younger, isolateOldest] }, consortium);
      const without = await survival(younger, consortium);
      differences.push(withOldest.curve[0]!.nRisk - without.curve[0]!.nRisk);
    }
    expect(differences.length).toBeGreaterThanOrEqual(10);
    const mean = differences.reduce((a, b) => a + b, 0) / differences.length;
    const sd = Math.sqrt(differences.reduce((a, b) => a + (b - mean) ** 2, 0) / (differences.length - 1));
    expect(new Set(differences).size).toBeGreaterThan(1);
    expect(differences.filter((d) => d === isolated).length).toBeLessThan(differences.length / 2);
    expect(sd).toBeGreaterThan(0.8);
  });

  it('does not bracket the isolated patient\'s exit: the at-risk difference is no clean step down from the isolated count, and times are whole months', async () => {
    const younger = { variable: 'ageAtIndex', lt: ages[100]! };
    const withOldest = await survival({ or: [younger, isolateOldest] }, consortium);
    const without = await survival(younger, consortium);
    for (const point of [...withOldest.curve, ...without.curve]) {
      expect(Math.abs(point.time / GRID_DAYS - Math.round(point.time / GRID_DAYS))).toBeLessThan(1e-9);
    }
    const atRisk = (curve: Point[], time: number) => curve.find((p) => p.time >= time)?.nRisk ?? null;
    const times = without.curve.map((p) => p.time).filter((t) => atRisk(withOldest.curve, t) !== null);
    const gaps = times.map((t) => atRisk(withOldest.curve, t)! - atRisk(without.curve, t)!);
    expect(gaps.length).toBeGreaterThan(5);
    const cleanStep = gaps.every((gap, i) => gap === isolated || (gap < isolated && gap >= 0 && gaps.slice(i).every((g) => g <= gap)));
    expect(cleanStep).toBe(false);
  });

  it('gives the same set of patients the same curve, whatever filter reaches it (repeats do not average out)', async () => {
    const younger = { variable: 'ageAtIndex', lt: ages[100]! };
    const whole = await survival(null, consortium);
    const rephrased = await survival({ or: [younger, { not: younger }] }, consortium);
    const again = await survival(null, consortium);
    expect(rephrased).toEqual(whole);
    expect(again).toEqual(whole);
  });
});

describe('utility for the consortium', () => {
  it('keeps the whole-cohort median within a few percent of the exact one', async () => {
    const exact = await survival(null, admin, 'MONTHS');
    const released = await survival(null, consortium, 'MONTHS');
    expect(released.median.estimate).not.toBeNull();
    expect(Math.abs(released.median.estimate! / exact.median.estimate! - 1)).toBeLessThan(0.06);
  });

  it.each(['ascitesAtBaseline', 'sex'])('still answers a log-rank test by %s, with a p value on the exact one\'s scale', async (variable) => {
    const query = `{ cohort { compareSurvival(by: { variable: "${variable}" }) { n logRank { statistic p observed expected } groups { label estimate { n events median { estimate } } } } } }`;
    const exact = (await server.gql(query, {}, admin)).data!.cohort.compareSurvival;
    const result = await server.gql(query, {}, consortium);
    expect(result.errors).toBeUndefined();
    const released = result.data!.cohort.compareSurvival;
    expect(released.groups.map((g: any) => g.label)).toEqual(exact.groups.map((g: any) => g.label));
    expect(Math.abs(released.logRank.statistic / exact.logRank.statistic - 1)).toBeLessThan(0.1);
    expect(released.logRank.p < 0.05).toBe(exact.logRank.p < 0.05);
    expect(Number(released.logRank.p.toPrecision(2))).toBe(released.logRank.p);
    expect(Number(released.logRank.statistic.toPrecision(3))).toBe(released.logRank.statistic);
  });
});
