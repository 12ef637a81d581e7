/**
 * Therapies before the first TARE session, with the counts of Table 1 of Tomozawa et al. 2018:
 * TAE/TACE 24, resection 21, systemic chemotherapy 15, ablation 10, none 35. The 70 therapies
 * fall on 58 patients, so 12 patients had two or more: each pre-treated patient first gets one
 * therapy, the remaining ones go to pre-treated patients who lack them.
 *
 * Who gets what follows plausible practice: systemic chemotherapy goes with islet-cell
 * (pancreatic) tumours and active disease, resection and ablation with low hepatic burden.
 */
import type { PriorTherapy } from '../../db/schema/enums.js';
import { apportion } from './apportion.js';
import type { Baseline } from './baseline.js';
import type { Random } from './prng.js';
import { STUDY_SIZE, TABLE_1 } from './published-study.js';
import { latentScore, topByScore } from './ranked-assignment.js';

/** The order in which first therapies are dealt: the most selective first, TACE takes the rest. */
const DEALING_ORDER: readonly PriorTherapy[] = ['SYSTEMIC_CHEMOTHERAPY', 'RESECTION', 'ABLATION', 'TACE'];

function affinity(random: Random, baseline: Baseline, therapy: PriorTherapy): number {
  const lowBurden = baseline.tumorBurden === 'UNDER_25' ? 1 : 0;
  switch (therapy) {
    case 'SYSTEMIC_CHEMOTHERAPY':
      return latentScore(random, baseline.tumourActivity, 0.4) + (baseline.tumorType === 'ISLET_CELL' ? 0.9 : 0);
    case 'RESECTION':
      return random.normal() + 0.6 * lowBurden;
    case 'ABLATION':
      return random.normal() + 0.8 * lowBurden;
    case 'TACE':
      return random.normal();
  }
}

export function assignPriorTherapies(random: Random, baselines: readonly Baseline[]): PriorTherapy[][] {
  const size = baselines.length;
  const [, pretreatedCount = 0] = apportion([TABLE_1.noPriorTherapy, STUDY_SIZE - TABLE_1.noPriorTherapy], size);
  const counts = DEALING_ORDER.map((therapy) => {
    const count = TABLE_1.priorTherapy[therapy];
    return Math.min(pretreatedCount, apportion([count, STUDY_SIZE - count], size)[0] ?? 0);
  });
  const extraCount = Math.max(0, counts.reduce((sum, count) => sum + count, 0) - pretreatedCount);
  const extras = apportion(counts, extraCount);

  const therapies: PriorTherapy[][] = baselines.map(() => []);
  const pretreated = random.shuffle(baselines.map((_, index) => index)).slice(0, pretreatedCount);
  const scores = DEALING_ORDER.map((therapy) => baselines.map((baseline) => affinity(random, baseline, therapy)));

  let waiting = pretreated;
  DEALING_ORDER.forEach((therapy, t) => {
    const firstCount = t === DEALING_ORDER.length - 1 ? waiting.length : (counts[t] ?? 0) - (extras[t] ?? 0);
    const chosen = new Set(topByScore(waiting, (index) => scores[t]?.[index] ?? 0, firstCount));
    for (const index of chosen) therapies[index]?.push(therapy);
    waiting = waiting.filter((index) => !chosen.has(index));
  });
  DEALING_ORDER.forEach((therapy, t) => {
    const lacking = pretreated.filter((index) => !therapies[index]?.includes(therapy));
    for (const index of topByScore(lacking, (i) => scores[t]?.[i] ?? 0, extras[t] ?? 0)) therapies[index]?.push(therapy);
  });
  return therapies;
}
