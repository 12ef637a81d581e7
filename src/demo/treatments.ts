/**
 * TARE sessions per patient, matching Table 1 of Tomozawa et al. 2018: 168 sessions on 93
 * patients (1/2/3/4 sessions: 37/43/7/6), 8 of them segmental, whole-liver sessions only in 3
 * patients with a prior lobar resection, unilobar 48 / bilobar 45 (bilobar = at least one right-
 * and one left-lobe session, the API's rule), and a per-patient total activity of mean 1.92,
 * SD 0.91 GBq.
 *
 * Each patient gets a plan, a sequence of session targets, from the table below (counts at 93;
 * rescaled for other sizes). Bilobar plans go to the patients with the largest hepatic burden;
 * single-session plans are all unilobar. Sessions are staged 4–6 weeks apart from the index
 * date (day 0).
 */
import type { Device, TreatmentTarget } from '../../db/schema/enums.js';
import { apportion } from './apportion.js';
import type { Baseline } from './baseline.js';
import { matchMoments } from './moments.js';
import type { Random } from './prng.js';
import { TABLE_1 } from './published-study.js';
import { topByScore } from './ranked-assignment.js';

interface PlanKind {
  readonly targets: readonly TreatmentTarget[];
  /** Patients with this plan among the study's 93. */
  readonly patients: number;
}

const R = 'RIGHT_LOBE';
const L = 'LEFT_LOBE';
const S = 'SEGMENTAL';
const W = 'WHOLE_LIVER';

/**
 * Plans whose counts reproduce every treatment figure of Table 1: single sessions 24 + 8 + 3 + 2
 * = 37; two sessions 5 + 2 + 2 + 1 + 1 + 26 + 6 = 43; three 7; four 6; segmental sessions
 * 3 + 2 + 1 + 2 = 8; whole-liver patients 2 + 1 = 3; bilobar 26 + 6 + 7 + 6 = 45.
 */
const PLAN_KINDS: readonly PlanKind[] = [
  { targets: [R], patients: 24 },
  { targets: [L], patients: 8 },
  { targets: [S], patients: 3 },
  { targets: [W], patients: 2 },
  { targets: [R, R], patients: 5 },
  { targets: [L, L], patients: 2 },
  { targets: [R, S], patients: 2 },
  { targets: [L, S], patients: 1 },
  { targets: [W, W], patients: 1 },
  { targets: [R, L], patients: 26 },
  { targets: [L, R], patients: 6 },
  { targets: [R, L, S], patients: 2 },
  { targets: [R, L, R], patients: 3 },
  { targets: [R, L, L], patients: 2 },
  { targets: [R, L, R, L], patients: 6 },
];

/** The API's rule (api-contract.md): bilobar ⇔ at least one right-lobe and one left-lobe session. */
function isBilobar(targets: readonly TreatmentTarget[]): boolean {
  return targets.includes(R) && targets.includes(L);
}

/** Median activity per session by target, GBq (resin-microsphere practice: a lobe gets its share of a whole-liver dose). */
const MEDIAN_ACTIVITY_GBQ: Readonly<Record<TreatmentTarget, number>> = {
  RIGHT_LOBE: 1.2,
  LEFT_LOBE: 0.7,
  SEGMENTAL: 0.5,
  WHOLE_LIVER: 1.8,
};
const ACTIVITY_LOG_SD = 0.3;
const SESSION_ACTIVITY_GBQ = { min: 0.3, max: 3.5 } as const;
/** Rescale-and-clamp rounds; clamping is rare, so one or two rounds usually suffice. */
const ACTIVITY_ROUNDS = 20;
/** Staged sessions 4–6 weeks apart. */
const STAGING_DAYS = { min: 28, max: 42 } as const;
const GLASS_SHARE = 0.15;
/** Lung shunt fraction from 99mTc-MAA: log-normal around 6 %, below the study's 20 % exclusion limit. */
const LUNG_SHUNT = { medianPercent: 6, logSd: 0.45, maxPercent: 19.5, minPercent: 1 } as const;

export interface Session {
  dayFromIndex: number;
  target: TreatmentTarget;
  device: Device;
  activityGbq: number;
  lungShuntFractionPercent: number;
}

export interface TreatmentCourse {
  sessions: Session[];
  bilobar: boolean;
  /** Day of the last session: the patient must be alive and followed until then. */
  lastSessionDay: number;
}

/** Plans dealt to patients: whole-liver plans to resected patients, bilobar plans to the largest burdens. */
function dealPlans(random: Random, baselines: readonly Baseline[], resected: readonly boolean[]): (readonly TreatmentTarget[])[] {
  const size = baselines.length;
  const counts = apportion(PLAN_KINDS.map((kind) => kind.patients), size);
  const plans = new Array<readonly TreatmentTarget[]>(size).fill([R]);
  let free = random.shuffle(baselines.map((_, index) => index));
  const give = (chosen: readonly number[], targets: readonly TreatmentTarget[]): void => {
    const taken = new Set(chosen);
    for (const index of chosen) plans[index] = targets;
    free = free.filter((index) => !taken.has(index));
  };

  PLAN_KINDS.forEach((kind, k) => {
    if (!kind.targets.includes(W)) return;
    give(free.filter((index) => resected[index]).slice(0, counts[k] ?? 0), kind.targets);
  });

  const burdenScore = baselines.map((baseline) => {
    const level = baseline.tumorBurden === 'OVER_50' ? 2 : baseline.tumorBurden === 'FROM_25_TO_50' ? 1 : 0;
    return level + 0.9 * random.normal();
  });
  const bilobarKinds = PLAN_KINDS.map((kind, k) => ({ kind, count: counts[k] ?? 0 }))
    .filter(({ kind }) => isBilobar(kind.targets))
    .sort((a, b) => b.kind.targets.length - a.kind.targets.length);
  for (const { kind, count } of bilobarKinds) give(topByScore(free, (index) => burdenScore[index] ?? 0, count), kind.targets);

  PLAN_KINDS.forEach((kind, k) => {
    if (kind.targets.includes(W) || isBilobar(kind.targets)) return;
    give(free.slice(0, counts[k] ?? 0), kind.targets);
  });
  return plans;
}

/**
 * Session activities rescaled so that per-patient totals have Table 1's mean and SD while each
 * session stays within SESSION_ACTIVITY_GBQ, then rounded to 0.01 GBq with the rounding
 * residue put back one cent at a time on the largest sessions not at a bound, so that the mean
 * total is exact.
 */
function calibrateActivities(activities: number[][]): number[][] {
  const { mean, sd } = TABLE_1.totalActivityGbq;
  const { min, max } = SESSION_ACTIVITY_GBQ;
  let current = activities;
  for (let round = 0; round < ACTIVITY_ROUNDS; round++) {
    const totals = current.map((sessions) => sessions.reduce((sum, activity) => sum + activity, 0));
    const bounds = current.map((sessions) => ({ lower: min * sessions.length, upper: max * sessions.length }));
    const targets = matchMoments(totals, bounds, { mean, sd });
    let clamped = false;
    current = current.map((sessions, p) => sessions.map((activity) => {
      const scaled = (activity * (targets[p] ?? 0)) / (totals[p] ?? 1);
      const kept = Math.min(max, Math.max(min, scaled));
      if (kept !== scaled) clamped = true;
      return kept;
    }));
    if (!clamped) break;
  }
  const cents = current.map((sessions) => sessions.map((activity) => Math.round(activity * 100)));
  let residue = Math.round(mean * 100 * cents.length) - cents.flat().reduce((sum, value) => sum + value, 0);
  const largestFirst = cents
    .flatMap((sessions, p) => sessions.map((value, s) => ({ p, s, value })))
    .filter(({ value }) => value > min * 100 && value < max * 100)
    .sort((a, b) => b.value - a.value || a.p - b.p || a.s - b.s);
  for (let k = 0; residue !== 0 && largestFirst.length > 0; k++) {
    const entry = largestFirst[k % largestFirst.length];
    const row = entry ? cents[entry.p] : undefined;
    if (!entry || !row) break;
    const step = Math.sign(residue);
    row[entry.s] = (row[entry.s] ?? 0) + step;
    residue -= step;
  }
  return cents.map((sessions) => sessions.map((value) => value / 100));
}

export function planTreatments(random: Random, baselines: readonly Baseline[], resected: readonly boolean[]): TreatmentCourse[] {
  const plans = dealPlans(random, baselines, resected);
  const rawActivities = plans.map((targets) => targets.map((target) => MEDIAN_ACTIVITY_GBQ[target] * Math.exp(ACTIVITY_LOG_SD * random.normal())));
  const activities = calibrateActivities(rawActivities);
  return plans.map((targets, p) => {
    const device: Device = random.chance(GLASS_SHARE) ? 'GLASS' : 'RESIN';
    const shunt = LUNG_SHUNT.medianPercent * Math.exp(LUNG_SHUNT.logSd * random.normal());
    const lungShuntFractionPercent = Math.round(Math.min(LUNG_SHUNT.maxPercent, Math.max(LUNG_SHUNT.minPercent, shunt)) * 10) / 10;
    let day = 0;
    const sessions = targets.map((target, s) => {
      if (s > 0) day += random.integer(STAGING_DAYS.min, STAGING_DAYS.max);
      return { dayFromIndex: day, target, device, activityGbq: activities[p]?.[s] ?? 0, lungShuntFractionPercent };
    });
    return { sessions, bilobar: isBilobar(targets), lastSessionDay: day };
  });
}
