/** The reproduction report as data: titled sections of tables, rendered to Markdown and HTML by render.ts. */
export interface ReportTable {
  header: string[];
  rows: string[][];
}

export interface ReportSection {
  title: string;
  note?: string;
  table: ReportTable;
}

export interface Report {
  title: string;
  preamble: string[];
  sections: ReportSection[];
}

/** A number to `digits` decimals; an em dash for a missing value. */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

/** P as journals print it: "< .001", else three decimals without the leading zero. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.001 ? '< .001' : p.toFixed(3).replace(/^0/, '');
}

/** "estimate (lower–upper)"; a missing limit reads NR (not reached, as survival tables print it); no limits, the estimate alone. */
export function formatInterval(estimate: number | null | undefined, lower: number | null | undefined, upper: number | null | undefined, digits = 1): string {
  const limit = (value: number | null | undefined) => (value === null || value === undefined || !Number.isFinite(value) ? 'NR' : value.toFixed(digits));
  if ((lower === null || lower === undefined) && (upper === null || upper === undefined)) return formatNumber(estimate, digits);
  return `${formatNumber(estimate, digits)} (${limit(lower)}–${limit(upper)})`;
}
