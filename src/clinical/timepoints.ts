/**
 * Study timepoints as windows of days from the index date (day 0 = first TARE session), and the
 * rule that picks one observation per patient per window.
 *
 * The study drew labs at baseline, ~6 months and ~1 year, then yearly up to 4 years
 * (domain/net-tare-study.md). Outside the study, follow-up after radioembolization is usually
 * every ~3 months in the first year, so the default windows are cut to hold the intended visit
 * and exclude its neighbours:
 *
 * | timepoint | target day | window (inclusive) | why                                             |
 * |-----------|-----------:|--------------------|-------------------------------------------------|
 * | BASELINE  |          0 | −90 … 0            | pre-treatment work-up within 3 months; day 0 is |
 * |           |            |                    | pre-treatment (labs are drawn before the TARE)  |
 * | MONTH_6   |        183 | 123 … 243 (±60)    | after the 3-month visit (~day 91), before the   |
 * |           |            |                    | 9-month visit (~day 274)                        |
 * | YEAR_n    |      365·n | 365·n ± 90         | ±3 months: excludes the half-years between      |
 * |           |            |                    | yearly visits, and day 274 (9 months)           |
 *
 * Windows never overlap, so a day belongs to at most one timepoint; days between windows (an
 * early post-treatment lab on day 30, a 9-month lab, an 18-month lab) belong to none.
 *
 * Pick rule: within the window, the observation closest to the target day; at equal distance
 * the earlier one; on the same day the first given. The baseline window always ends at its
 * target, so there this is "the latest observation on or before day 0" (or the overridden end).
 *
 * Month and year conversions use the mean Gregorian year: 365.25 days, month = 365.25 / 12.
 */
import { ClinicalInputError } from './input-error.js';

export const TIMEPOINTS = ['BASELINE', 'MONTH_6', 'YEAR_1', 'YEAR_2', 'YEAR_3', 'YEAR_4'] as const;

export type Timepoint = (typeof TIMEPOINTS)[number];

export interface TimepointWindow {
  readonly targetDay: number;
  /** First day of the window, inclusive. */
  readonly startDay: number;
  /** Last day of the window, inclusive. */
  readonly endDay: number;
}

export type TimepointWindows = Readonly<Record<Timepoint, TimepointWindow>>;

export const DEFAULT_TIMEPOINT_WINDOWS: TimepointWindows = {
  BASELINE: { targetDay: 0, startDay: -90, endDay: 0 },
  MONTH_6: { targetDay: 183, startDay: 123, endDay: 243 },
  YEAR_1: { targetDay: 365, startDay: 275, endDay: 455 },
  YEAR_2: { targetDay: 730, startDay: 640, endDay: 820 },
  YEAR_3: { targetDay: 1095, startDay: 1005, endDay: 1185 },
  YEAR_4: { targetDay: 1460, startDay: 1370, endDay: 1550 },
};

export type TimepointWindowOverrides = Partial<Record<Timepoint, Partial<TimepointWindow>>>;

/**
 * The default windows with `overrides` applied, checked: every bound finite, start ≤ target ≤
 * end, the baseline ending on or before day 0 with its target at its end, and each window
 * ending before the next starts.
 */
export function timepointWindows(overrides: TimepointWindowOverrides = {}): TimepointWindows {
  const windows = Object.fromEntries(
    TIMEPOINTS.map((timepoint) => [timepoint, { ...DEFAULT_TIMEPOINT_WINDOWS[timepoint], ...overrides[timepoint] }]),
  ) as Record<Timepoint, TimepointWindow>;

  let previous: { timepoint: Timepoint; endDay: number } | null = null;
  for (const timepoint of TIMEPOINTS) {
    const { targetDay, startDay, endDay } = windows[timepoint];
    const field = `windows.${timepoint}`;
    if (![targetDay, startDay, endDay].every(Number.isFinite)) {
      throw new ClinicalInputError(field, 'targetDay, startDay and endDay must be finite numbers');
    }
    if (!(startDay <= targetDay && targetDay <= endDay)) {
      throw new ClinicalInputError(field, `needs startDay ≤ targetDay ≤ endDay, got ${startDay} ≤ ${targetDay} ≤ ${endDay}`);
    }
    if (timepoint === 'BASELINE' && endDay > 0) {
      throw new ClinicalInputError(field, `the baseline is pre-treatment: endDay must be ≤ 0, got ${endDay}`);
    }
    if (timepoint === 'BASELINE' && targetDay !== endDay) {
      throw new ClinicalInputError(field, `the baseline picks the latest value: targetDay must equal endDay, got ${targetDay} and ${endDay}`);
    }
    if (previous && startDay <= previous.endDay) {
      throw new ClinicalInputError(field, `starts on day ${startDay}, inside ${previous.timepoint} (ends on day ${previous.endDay})`);
    }
    previous = { timepoint, endDay };
  }
  return windows;
}

/** The timepoint whose window holds `dayFromIndex`, or null between windows. */
export function assignTimepoint(dayFromIndex: number, windows: TimepointWindows = DEFAULT_TIMEPOINT_WINDOWS): Timepoint | null {
  return TIMEPOINTS.find((timepoint) => {
    const { startDay, endDay } = windows[timepoint];
    return startDay <= dayFromIndex && dayFromIndex <= endDay;
  }) ?? null;
}

/** One patient's observation for `timepoint` by the pick rule of the header, or null when none falls in its window. */
export function pickValuePerWindow<Observation extends { readonly dayFromIndex: number; readonly value: number }>(
  observations: readonly Observation[],
  timepoint: Timepoint,
  windows: TimepointWindows = DEFAULT_TIMEPOINT_WINDOWS,
): Observation | null {
  const { targetDay, startDay, endDay } = windows[timepoint];
  let picked: Observation | null = null;
  for (const observation of observations) {
    const day = observation.dayFromIndex;
    if (day < startDay || day > endDay) continue;
    if (picked === null) {
      picked = observation;
      continue;
    }
    const distance = Math.abs(day - targetDay);
    const pickedDistance = Math.abs(picked.dayFromIndex - targetDay);
    if (distance < pickedDistance || (distance === pickedDistance && day < picked.dayFromIndex)) picked = observation;
  }
  return picked;
}

export const DAYS_PER_YEAR = 365.25;
export const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;

export type TimeUnit = 'DAYS' | 'MONTHS' | 'YEARS';

export function daysToMonths(days: number): number {
  return days / DAYS_PER_MONTH;
}

export function daysToYears(days: number): number {
  return days / DAYS_PER_YEAR;
}

/** `days` expressed in `unit` (the contract's SurvivalOptions.timeUnit). */
export function convertDays(days: number, unit: TimeUnit): number {
  switch (unit) {
    case 'DAYS': return days;
    case 'MONTHS': return daysToMonths(days);
    case 'YEARS': return daysToYears(days);
  }
}
