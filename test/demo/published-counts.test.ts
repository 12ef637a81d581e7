/**
 * Every exact target of the 93-patient demo cohort (Table 1 and Table 6 of Tomozawa et al. 2018,
 * docs/founding-study.md), computed from the generated rows. The counts are exact by
 * construction for any seed, so three seeds are checked, the default first.
 */
import { describe as summarize } from '../../src/stats/index.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEMO_SEED, generateDemoCohort } from '../../src/demo/index.js';
import { describeCohort, dayNumber, type CohortFacts } from './cohort-facts.js';

const SEEDS = [DEFAULT_DEMO_SEED, 1, 424242];
const cohorts = new Map<number, CohortFacts>(SEEDS.map((seed) => [seed, describeCohort(generateDemoCohort({ seed }))]));

function tally<T>(values: readonly T[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[String(value)] = (counts[String(value)] ?? 0) + 1;
  return counts;
}

describe.each(SEEDS)('seed %i', (seed) => {
  const facts = cohorts.get(seed) as CohortFacts;
  const { patients } = facts;

  it('has Table 1\'s categorical counts', () => {
    expect(patients).toHaveLength(93);
    expect(tally(patients.map((p) => p.sex))).toEqual({ MALE: 46, FEMALE: 47 });
    expect(tally(patients.map((p) => p.ecog))).toEqual({ 0: 47, 1: 41, 2: 5 });
    expect(tally(patients.map((p) => p.tumorType))).toEqual({ CARCINOID: 66, ISLET_CELL: 27 });
    expect(tally(patients.map((p) => p.differentiation))).toEqual({ WELL: 56, MODERATE_POOR: 15, UNKNOWN: 22 });
    expect(tally(patients.map((p) => p.tumorBurden))).toEqual({ UNDER_25: 36, FROM_25_TO_50: 31, OVER_50: 26 });
    expect(tally(patients.map((p) => p.ascitesAtBaseline))).toEqual({ true: 16, false: 77 });
    expect(tally(patients.map((p) => p.extrahepaticMetastases))).toEqual({ true: 32, false: 61 });
    expect(tally(patients.map((p) => p.childPugh))).toEqual({ A: 75, B: 17, C: 1 });
  });

  it('has the prior therapies of Table 1, reconciled: 58 patients with at least one', () => {
    const withTherapy = (therapy: string) => patients.filter((p) => facts.hasPriorTherapy(p, therapy)).length;
    expect([withTherapy('TACE'), withTherapy('RESECTION'), withTherapy('SYSTEMIC_CHEMOTHERAPY'), withTherapy('ABLATION')]).toEqual([24, 21, 15, 10]);
    expect(new Set(facts.cohort.priorTherapies.map((row) => row.patientId)).size).toBe(93 - 35);
  });

  it('has baseline ALP above 2.5 × the result\'s ULN in 16 patients', () => {
    const elevated = patients.filter((p) => {
      const alp = facts.lab(p, 'ALP', 'BASELINE');
      return alp !== undefined && alp.upperLimitOfNormal !== null && alp.value > 2.5 * alp.upperLimitOfNormal;
    });
    expect(elevated).toHaveLength(16);
  });

  it('has the treatment figures: 168 sessions 37/43/7/6, 8 segmental, whole liver only after resection, 48/45', () => {
    expect(facts.cohort.treatments).toHaveLength(168);
    expect(tally(patients.map((p) => facts.sessions(p).length))).toEqual({ 1: 37, 2: 43, 3: 7, 4: 6 });
    expect(facts.cohort.treatments.filter((t) => t.target === 'SEGMENTAL')).toHaveLength(8);
    const wholeLiver = patients.filter((p) => facts.sessions(p).some((t) => t.target === 'WHOLE_LIVER'));
    expect(wholeLiver).toHaveLength(3);
    for (const p of wholeLiver) expect(facts.hasPriorTherapy(p, 'RESECTION')).toBe(true);
    expect(tally(patients.map((p) => (facts.bilobar(p) ? 'BILOBAR' : 'UNILOBAR')))).toEqual({ UNILOBAR: 48, BILOBAR: 45 });
    for (const p of patients.filter((p) => facts.sessions(p).length === 1)) expect(facts.bilobar(p)).toBe(false);
  });

  it('stages sessions 4–6 weeks apart from the index date, each of 0.3–3.5 GBq', () => {
    for (const p of patients) {
      const days = facts.sessions(p).map((t) => dayNumber(t.date)).sort((a, b) => a - b);
      expect(days[0]).toBe(dayNumber(p.indexDate));
      for (let k = 1; k < days.length; k++) expect((days[k] ?? 0) - (days[k - 1] ?? 0)).toBeGreaterThanOrEqual(28);
      for (let k = 1; k < days.length; k++) expect((days[k] ?? 0) - (days[k - 1] ?? 0)).toBeLessThanOrEqual(42);
    }
    for (const t of facts.cohort.treatments) {
      expect(t.activityGbq).toBeGreaterThanOrEqual(0.3);
      expect(t.activityGbq).toBeLessThanOrEqual(3.5);
    }
  });

  it('has the published moments at their printed precision', () => {
    const age = summarize(patients.map((p) => p.ageAtIndex));
    expect([age.mean?.toFixed(2), age.sd?.toFixed(2)]).toEqual(['58.60', '13.70']);
    expect([age.min, age.max].map((x) => Math.floor(x ?? 0))).toEqual([22, 88]);
    const activity = summarize(patients.map((p) => facts.totalActivity(p)));
    expect([activity.mean?.toFixed(2), activity.sd?.toFixed(2)]).toEqual(['1.92', '0.91']);
    const diagnosis = summarize(patients.map((p) => (dayNumber(p.indexDate) - dayNumber(p.liverMetastasisDiagnosisDate ?? p.indexDate)) / 30.4375));
    expect(Math.round(diagnosis.mean ?? 0)).toBe(27);
    expect([Math.floor(diagnosis.min ?? 0), Math.floor(diagnosis.max ?? 0)]).toEqual([1, 216]);
  });

  it('has the follow-up of Table 1: groups, deaths, median 15.0 and IQR 7.0–31.0 months', () => {
    const underAYear = patients.filter((p) => facts.followUpMonths(p) < 12);
    expect(underAYear).toHaveLength(41);
    expect(underAYear.filter((p) => p.vitalStatus === 'ALIVE')).toHaveLength(23);
    expect(underAYear.filter((p) => p.vitalStatus === 'DEAD')).toHaveLength(18);
    expect(facts.followedAYear).toHaveLength(52);
    expect(facts.followedFourYears).toHaveLength(11);
    expect(patients.filter((p) => p.vitalStatus === 'DEAD')).toHaveLength(42);
    const months = summarize(patients.map((p) => facts.followUpMonths(p)));
    expect([months.median, months.q1, months.q3].map((x) => x?.toFixed(1))).toEqual(['15.0', '7.0', '31.0']);
  });

  it('has first sessions within the enrolment window, February 2007 to November 2015', () => {
    const indexDates = patients.map((p) => p.indexDate).sort();
    expect(indexDates[0]?.slice(0, 7)).toBe('2007-02');
    expect(indexDates[indexDates.length - 1]?.slice(0, 7)).toBe('2015-11');
  });

  it('has Table 6: 1-year imaging for the 52 (23 unilobar, 29 bilobar), new findings only, 15 with a sign', () => {
    const oneYear = facts.followedAYear.map((p) => ({ p, study: facts.imaging(p, 'YEAR_1') }));
    expect(oneYear.every(({ study }) => study !== undefined)).toBe(true);
    expect(facts.cohort.imagingStudies).toHaveLength(93 + 52);
    expect(tally(facts.followedAYear.map((p) => (facts.bilobar(p) ? 'BILOBAR' : 'UNILOBAR')))).toEqual({ UNILOBAR: 23, BILOBAR: 29 });
    const expected = { ascites: [1, 5], cirrhosisLikeMorphology: [1, 6], splenomegaly: [3, 6], varices: [0, 2] } as const;
    for (const [finding, [unilobar, bilobar]] of Object.entries(expected)) {
      const present = oneYear.filter(({ study }) => study?.[finding as keyof typeof expected]);
      expect([present.filter(({ p }) => !facts.bilobar(p)).length, present.filter(({ p }) => facts.bilobar(p)).length]).toEqual([unilobar, bilobar]);
      for (const { p } of present) expect(facts.imaging(p, 'BASELINE')?.[finding as keyof typeof expected]).toBe(false);
    }
    expect(oneYear.filter(({ study }) => study && (study.ascites || study.cirrhosisLikeMorphology || study.splenomegaly || study.varices))).toHaveLength(15);
    expect(tally(oneYear.map(({ study }) => study?.recist))).toEqual({ PR: 13, SD: 35, PD: 4 });
  });

  it('has baseline imaging for all 93, its ascites the baseline ascites', () => {
    for (const p of patients) expect(facts.imaging(p, 'BASELINE')?.ascites).toBe(p.ascitesAtBaseline);
  });

  it('has the follow-up therapies of the first year: everolimus 7, capecitabine-temozolomide 2, HAI 1', () => {
    const therapies = facts.cohort.followUpTherapies;
    expect(tally(therapies.map((t) => `${t.kind}:${t.agent}`))).toEqual({
      'SYSTEMIC:everolimus': 7,
      'SYSTEMIC:capecitabine-temozolomide': 2,
      'HEPATIC_ARTERIAL_INFUSION:hepatic arterial infusion chemotherapy': 1,
    });
    const byId = new Map(patients.map((p) => [p.id, p]));
    for (const t of therapies) {
      const p = byId.get(t.patientId);
      const day = dayNumber(t.startDate) - dayNumber(p?.indexDate ?? t.startDate);
      expect(day).toBeGreaterThan(0);
      expect(day).toBeLessThan(365);
      expect(dayNumber(t.startDate)).toBeLessThanOrEqual(dayNumber(p?.lastFollowUpDate ?? t.startDate));
    }
  });
});
