/**
 * The limits of normal a lab value is graded against: the result's own LLN/ULN (printed by the
 * laboratory that measured it), else the site's range for the analyte, else the catalogue's
 * default adult range (analytes.ts). Each limit is resolved on its own, since laboratories
 * often print only the side that matters (the ULN of an enzyme). All limits are in the
 * analyte's canonical unit.
 */
import { ANALYTES, type AnalyteName, type ReferenceInterval } from './analytes.js';

export type ReferenceLimitSource = 'RESULT' | 'SITE' | 'DEFAULT';

export interface ReferenceLimits {
  readonly lowerLimitOfNormal?: number | null;
  readonly upperLimitOfNormal?: number | null;
}

export interface ResolvedReferenceRange extends ReferenceInterval {
  readonly lowerLimitSource: ReferenceLimitSource;
  readonly upperLimitSource: ReferenceLimitSource;
}

export interface ReferenceRangeSources {
  readonly result?: ReferenceLimits | null;
  readonly site?: ReferenceLimits | null;
  /** Picks the sex-specific default where the catalogue has one. */
  readonly sex?: 'MALE' | 'FEMALE' | null;
}

function firstGiven(
  limit: keyof ReferenceLimits,
  sources: ReferenceRangeSources,
  fallback: number,
): { value: number; source: ReferenceLimitSource } {
  const fromResult = sources.result?.[limit];
  if (fromResult !== null && fromResult !== undefined) return { value: fromResult, source: 'RESULT' };
  const fromSite = sources.site?.[limit];
  if (fromSite !== null && fromSite !== undefined) return { value: fromSite, source: 'SITE' };
  return { value: fallback, source: 'DEFAULT' };
}

/** The LLN and ULN to grade a value of `analyte` against, each with where it came from. */
export function resolveReferenceRange(analyte: AnalyteName, sources: ReferenceRangeSources = {}): ResolvedReferenceRange {
  const defaults = ANALYTES[analyte].defaultReferenceRange;
  const fallback = (sources.sex === 'FEMALE' ? defaults.female : sources.sex === 'MALE' ? defaults.male : undefined) ?? defaults;
  const lower = firstGiven('lowerLimitOfNormal', sources, fallback.lowerLimitOfNormal);
  const upper = firstGiven('upperLimitOfNormal', sources, fallback.upperLimitOfNormal);
  return {
    lowerLimitOfNormal: lower.value,
    upperLimitOfNormal: upper.value,
    lowerLimitSource: lower.source,
    upperLimitSource: upper.source,
  };
}
