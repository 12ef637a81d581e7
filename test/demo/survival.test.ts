/**
 * The survival of the 93-patient cohort against the published analysis (approximate targets),
 * with the project's statistics engine: Kaplan–Meier median 28.0 ± 3 months, shorter survival
 * with ascites and with extrahepatic disease, and univariate Cox hazard ratios of the five
 * significant factors within 10 % of the published ones (the calibration aims at them).
 */
import { describe, expect, it } from 'vitest';
import { generateDemoCohort } from '../../src/demo/index.js';
import { UNIVARIATE_HAZARD_RATIOS } from '../../src/demo/published-study.js';
import { coxRegression, kaplanMeier } from '../../src/stats/index.js';
import { describeCohort } from './cohort-facts.js';

const facts = describeCohort(generateDemoCohort());
const time = facts.patients.map((p) => facts.followUpMonths(p));
const event = facts.patients.map((p) => (p.vitalStatus === 'DEAD' ? 1 : 0));

function medianOf(group?: (p: (typeof facts.patients)[number]) => boolean): Record<string, number | null> {
  const result = kaplanMeier({ time, event, group: group ? facts.patients.map((p) => (group(p) ? 'present' : 'absent')) : null });
  return Object.fromEntries(result.curves.map((curve) => [curve.stratum, curve.medians.print.estimate]));
}

describe('overall survival', () => {
  it('has a Kaplan–Meier median within 28.0 ± 3 months', () => {
    const { all } = medianOf();
    expect(all).toBeGreaterThanOrEqual(25);
    expect(all).toBeLessThanOrEqual(31);
  });

  it.each([
    ['ascites', (p: (typeof facts.patients)[number]) => p.ascitesAtBaseline],
    ['extrahepatic disease', (p: (typeof facts.patients)[number]) => p.extrahepaticMetastases],
  ])('is shorter with %s', (_, present) => {
    const medians = medianOf(present);
    expect(medians['present']).not.toBeNull();
    expect(medians['present'] ?? Infinity).toBeLessThan((medians['absent'] ?? Infinity) / 2);
  });

  it.each([
    ['ascites', (p: (typeof facts.patients)[number]) => p.ascitesAtBaseline],
    ['extrahepaticMetastases', (p: (typeof facts.patients)[number]) => p.extrahepaticMetastases],
    ['priorSystemicChemotherapy', (p: (typeof facts.patients)[number]) => facts.hasPriorTherapy(p, 'SYSTEMIC_CHEMOTHERAPY')],
    ['alpGrade2OrWorse', (p: (typeof facts.patients)[number]) => {
      const alp = facts.lab(p, 'ALP', 'BASELINE');
      return alp !== undefined && alp.value > 2.5 * (alp.upperLimitOfNormal ?? Infinity);
    }],
    ['childPughBOrC', (p: (typeof facts.patients)[number]) => p.childPugh !== 'A'],
  ] as const)('has a univariate hazard ratio for %s within 10 % of the published one', (name, present) => {
    const fit = coxRegression({ time, event, covariates: { [name]: facts.patients.map((p) => (present(p) ? 1 : 0)) } });
    const ratio = (fit.hazardRatio[0] ?? 0) / UNIVARIATE_HAZARD_RATIOS[name];
    expect(Math.abs(Math.log(ratio))).toBeLessThan(Math.log(1.1));
  });
});
