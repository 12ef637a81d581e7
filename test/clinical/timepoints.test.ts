import { describe, expect, it } from 'vitest';
import {
  ClinicalInputError, DAYS_PER_MONTH, DEFAULT_TIMEPOINT_WINDOWS, TIMEPOINTS,
  assignTimepoint, convertDays, daysToMonths, daysToYears, pickValuePerWindow, timepointWindows,
} from '../../src/clinical/index.js';

describe('default timepoint windows', () => {
  it.each([
    [-91, null], [-90, 'BASELINE'], [-1, 'BASELINE'], [0, 'BASELINE'], [1, null],
    [91, null], [122, null], [123, 'MONTH_6'], [183, 'MONTH_6'], [243, 'MONTH_6'], [244, null],
    [274, null], [275, 'YEAR_1'], [365, 'YEAR_1'], [455, 'YEAR_1'], [456, null], [548, null],
    [639, null], [640, 'YEAR_2'], [820, 'YEAR_2'], [821, null],
    [1004, null], [1005, 'YEAR_3'], [1185, 'YEAR_3'], [1186, null],
    [1369, null], [1370, 'YEAR_4'], [1550, 'YEAR_4'], [1551, null],
  ] as const)('day %d belongs to %s (edges inclusive)', (day, expected) => {
    expect(assignTimepoint(day)).toBe(expected);
  });

  it('are what timepointWindows() returns without overrides, and pass its checks', () => {
    expect(timepointWindows()).toEqual(DEFAULT_TIMEPOINT_WINDOWS);
  });

  it('put every target inside its window and leave a gap between neighbours', () => {
    for (const [index, timepoint] of TIMEPOINTS.entries()) {
      const window = DEFAULT_TIMEPOINT_WINDOWS[timepoint];
      expect(window.startDay).toBeLessThanOrEqual(window.targetDay);
      expect(window.targetDay).toBeLessThanOrEqual(window.endDay);
      const next = TIMEPOINTS[index + 1];
      if (next) expect(DEFAULT_TIMEPOINT_WINDOWS[next].startDay).toBeGreaterThan(window.endDay + 1);
    }
  });
});

describe('timepointWindows with overrides', () => {
  it('applies a partial override and keeps the other bounds', () => {
    const windows = timepointWindows({ MONTH_6: { startDay: 100 }, BASELINE: { startDay: -30 } });
    expect(windows.MONTH_6).toEqual({ targetDay: 183, startDay: 100, endDay: 243 });
    expect(windows.BASELINE).toEqual({ targetDay: 0, startDay: -30, endDay: 0 });
    expect(windows.YEAR_1).toEqual(DEFAULT_TIMEPOINT_WINDOWS.YEAR_1);
    expect(assignTimepoint(100, windows)).toBe('MONTH_6');
    expect(assignTimepoint(-31, windows)).toBeNull();
  });

  it.each([
    [{ MONTH_6: { endDay: 300 } }, 'windows.YEAR_1', /inside MONTH_6/],
    [{ MONTH_6: { endDay: 275 } }, 'windows.YEAR_1', /starts on day 275, inside MONTH_6/],
    [{ YEAR_1: { startDay: 200 } }, 'windows.YEAR_1', /inside MONTH_6/],
    [{ BASELINE: { endDay: 7, targetDay: 7 } }, 'windows.BASELINE', /pre-treatment/],
    [{ BASELINE: { endDay: -1 } }, 'windows.BASELINE', /startDay ≤ targetDay ≤ endDay/],
    [{ BASELINE: { targetDay: -7 } }, 'windows.BASELINE', /latest value/],
    [{ YEAR_2: { targetDay: 900 } }, 'windows.YEAR_2', /startDay ≤ targetDay ≤ endDay/],
    [{ YEAR_3: { startDay: Number.NaN } }, 'windows.YEAR_3', /finite/],
  ])('rejects %j at %s', (overrides, field, message) => {
    expect(() => timepointWindows(overrides)).toThrow(ClinicalInputError);
    expect(() => timepointWindows(overrides)).toThrow(new RegExp(`^${field.replace('.', '\\.')}: `));
    expect(() => timepointWindows(overrides)).toThrow(message);
  });
});

describe('pickValuePerWindow', () => {
  const at = (...days: number[]) => days.map((dayFromIndex, index) => ({ dayFromIndex, value: index + 1 }));

  it('picks the observation closest to the target day', () => {
    expect(pickValuePerWindow(at(130, 190, 240), 'MONTH_6')?.dayFromIndex).toBe(190);
    expect(pickValuePerWindow(at(300, 420, 350), 'YEAR_1')?.dayFromIndex).toBe(350);
  });

  it('breaks a tie of distance in favour of the earlier day, whatever the input order', () => {
    expect(pickValuePerWindow(at(193, 173), 'MONTH_6')?.dayFromIndex).toBe(173);
    expect(pickValuePerWindow(at(173, 193), 'MONTH_6')?.dayFromIndex).toBe(173);
  });

  it('keeps the first given of two observations on the same day', () => {
    expect(pickValuePerWindow(at(180, 180), 'MONTH_6')?.value).toBe(1);
  });

  it('takes the latest observation on or before day 0 for the baseline', () => {
    expect(pickValuePerWindow(at(-60, -5, -30, 3), 'BASELINE')?.dayFromIndex).toBe(-5);
    expect(pickValuePerWindow(at(-60, 0, -1), 'BASELINE')?.dayFromIndex).toBe(0);
  });

  it('returns null when nothing falls inside the window', () => {
    expect(pickValuePerWindow(at(-120, 1, 2), 'BASELINE')).toBeNull();
    expect(pickValuePerWindow(at(100, 260), 'MONTH_6')).toBeNull();
    expect(pickValuePerWindow([], 'YEAR_4')).toBeNull();
  });

  it('returns the observation itself, with the caller\'s other fields', () => {
    const observations = [{ id: 'lab-7', dayFromIndex: 370, value: 250.8 }];
    expect(pickValuePerWindow(observations, 'YEAR_1')).toBe(observations[0]);
  });

  it('uses overridden windows', () => {
    const windows = timepointWindows({ MONTH_6: { startDay: 100, targetDay: 120 } });
    expect(pickValuePerWindow(at(110, 183), 'MONTH_6', windows)?.dayFromIndex).toBe(110);
  });
});

describe('time units', () => {
  it('converts days to months of 30.4375 days and years of 365.25 days', () => {
    expect(DAYS_PER_MONTH).toBe(30.4375);
    expect(daysToMonths(30.4375)).toBe(1);
    expect(daysToMonths(456.5625)).toBe(15);
    expect(daysToYears(365.25)).toBe(1);
    expect(daysToYears(1461)).toBe(4);
  });

  it('converts by the contract\'s TimeUnit', () => {
    expect(convertDays(730.5, 'DAYS')).toBe(730.5);
    expect(convertDays(730.5, 'MONTHS')).toBe(24);
    expect(convertDays(730.5, 'YEARS')).toBe(2);
  });
});
