/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC), the unit the generator
 * computes in; ISO `YYYY-MM-DD` text only at the edge, where rows are written.
 */
const MS_PER_DAY = 86_400_000;
const isoByDay = new Map<number, string>();

export function dayNumber(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY);
}

/** The ISO date of a day number (memoised: a large cohort formats the same few thousand days millions of times). */
export function isoDate(day: number): string {
  let iso = isoByDay.get(day);
  if (iso === undefined) {
    iso = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoByDay.set(day, iso);
  }
  return iso;
}
