/**
 * Laboratory reference ranges of the demo sites (canonical units), written to
 * site_reference_ranges and carried on every lab result. The first site's ranges are common
 * adult ranges of US hospital laboratories; ALT 7–35 U/L and bilirubin 0.2–1.0 mg/dL sit at the
 * low end of usual upper limits, which lets the demo hold Table 4's grade counts of Tomozawa et
 * al. 2018 with Table 3's spread (grade 2 ALT needs > 3 × ULN). Further sites vary each limit
 * by up to ±8 %, as laboratories do.
 */
import type { Random } from './prng.js';
import type { DemoAnalyte } from './published-study.js';

export interface ReferenceRange {
  readonly lowerLimitOfNormal: number;
  readonly upperLimitOfNormal: number;
}

export type SiteReferenceRanges = Readonly<Record<DemoAnalyte, ReferenceRange>>;

/** Decimals each analyte is reported with (canonical unit). */
export const REPORTED_DECIMALS: Readonly<Record<DemoAnalyte, number>> = {
  ALBUMIN: 1, ALP: 0, AST: 0, ALT: 0, BILIRUBIN: 1, HEMOGLOBIN: 1, PLATELETS: 0, LEUKOCYTES: 1,
};

const FIRST_SITE: SiteReferenceRanges = {
  ALBUMIN: { lowerLimitOfNormal: 3.5, upperLimitOfNormal: 5.0 },
  ALP: { lowerLimitOfNormal: 40, upperLimitOfNormal: 120 },
  AST: { lowerLimitOfNormal: 10, upperLimitOfNormal: 40 },
  ALT: { lowerLimitOfNormal: 7, upperLimitOfNormal: 35 },
  BILIRUBIN: { lowerLimitOfNormal: 0.2, upperLimitOfNormal: 1.0 },
  HEMOGLOBIN: { lowerLimitOfNormal: 12.0, upperLimitOfNormal: 16.0 },
  PLATELETS: { lowerLimitOfNormal: 150, upperLimitOfNormal: 400 },
  LEUKOCYTES: { lowerLimitOfNormal: 4.0, upperLimitOfNormal: 11.0 },
};

const SITE_VARIATION = 0.08;

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

export function siteReferenceRanges(random: Random, siteCount: number): SiteReferenceRanges[] {
  return Array.from({ length: siteCount }, (_, site) => {
    if (site === 0) return FIRST_SITE;
    const entries = (Object.keys(FIRST_SITE) as DemoAnalyte[]).map((analyte) => {
      const { lowerLimitOfNormal, upperLimitOfNormal } = FIRST_SITE[analyte];
      const vary = (limit: number): number => roundTo(limit * (1 + SITE_VARIATION * random.between(-1, 1)), REPORTED_DECIMALS[analyte]);
      return [analyte, { lowerLimitOfNormal: vary(lowerLimitOfNormal), upperLimitOfNormal: vary(upperLimitOfNormal) }] as const;
    });
    return Object.fromEntries(entries) as Record<DemoAnalyte, ReferenceRange>;
  });
}
