/**
 * The follow-up "slots" of the cohort: every patient's follow-up time and whether it ended in
 * death, before it is known who the patient is (survival.ts decides that). Fixing the slots
 * first is what makes the Table 1 follow-up figures of Tomozawa et al. 2018 exact:
 *
 * - 41 patients followed < 1 year: 18 died, 23 alive (lost to follow-up);
 * - 52 followed ≥ 1 year, 24 of whom died (42 deaths in all), 11 followed > 4 years;
 * - follow-up months (days / 30.4375), sorted: x(24) = 7.0, x(47) = 15.0, x(70) = 31.0, which
 *   are R's type-7 quartiles for n = 93 (h = (n − 1)p + 1 is an integer at p = ¼, ½, ¾).
 *
 * Four segments of sorted slots, each with piecewise-linear months over its local position
 * 0…1 and evenly spaced deaths. The knots put the quartiles on their order statistics; the
 * deaths per segment (18 / 18 / 2 / 4) put the Kaplan–Meier median near the published 28.0
 * months (29.2 with these slots, whoever occupies them) and leave enough late deaths for the
 * groups without ascites or extrahepatic disease to reach medians near the published 54 and 58. No slot lies within 10 days of
 * 1 or 4 years, so "followed ≥ 1 year" and "> 4 years" mean the same in days, months or years.
 * For other cohort sizes the segment sizes and deaths are rescaled and the knots kept.
 */
import { DAYS_PER_MONTH } from '../clinical/index.js';
import { apportion, rescaleCount } from './apportion.js';

interface Segment {
  /** Slots among the study's 93 patients. */
  readonly slots: number;
  readonly deaths: number;
  /** (local position 0…1, months) knots, increasing. */
  readonly knots: readonly (readonly [number, number])[];
}

const SEGMENTS: readonly Segment[] = [
  { slots: 41, deaths: 18, knots: [[0, 0.7], [23 / 40, 7.0], [1, 11.6]] },
  { slots: 28, deaths: 18, knots: [[0, 12.4], [5 / 27, 15.0], [1, 30.6]] },
  { slots: 13, deaths: 2, knots: [[0, 31.0], [1, 47.0]] },
  { slots: 11, deaths: 4, knots: [[0, 49.5], [0.5, 56], [1, 112]] },
];

/** Slots of the first segment end before one year: the first-year quotas (survival.ts) count them. */
export const FIRST_YEAR_SEGMENT = 0;

export interface FollowUpSlot {
  readonly days: number;
  readonly died: boolean;
  readonly segment: number;
}

function monthsAt(knots: Segment['knots'], position: number): number {
  for (let k = 1; k < knots.length; k++) {
    const [p0 = 0, m0 = 0] = knots[k - 1] ?? [];
    const [p1 = 1, m1 = 0] = knots[k] ?? [];
    if (position <= p1) return m0 + ((m1 - m0) * (position - p0)) / (p1 - p0);
  }
  return knots[knots.length - 1]?.[1] ?? 0;
}

/** The `size` slots, sorted by follow-up time. */
export function followUpSlots(size: number): FollowUpSlot[] {
  const slotCounts = apportion(SEGMENTS.map((segment) => segment.slots), size);
  return SEGMENTS.flatMap((segment, s) => {
    const count = slotCounts[s] ?? 0;
    const deaths = Math.min(count, rescaleCount(segment.deaths, segment.slots, count));
    const deathPositions = new Set(Array.from({ length: deaths }, (_, k) => Math.floor(((k + 0.5) * count) / deaths)));
    return Array.from({ length: count }, (_, j) => ({
      days: Math.round(monthsAt(segment.knots, count > 1 ? j / (count - 1) : 0.5) * DAYS_PER_MONTH),
      died: deathPositions.has(j),
      segment: s,
    }));
  });
}
