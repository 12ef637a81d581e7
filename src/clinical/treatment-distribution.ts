/**
 * Unilobar vs bilobar treatment, derived from a patient's TARE sessions as the founding study
 * groups its patients (Table 1: unilobar 48, bilobar 45): BILOBAR when both the right and the left
 * lobe were treated (usually in staged sessions 4–6 weeks apart), otherwise UNILOBAR. Segmental
 * sessions and whole-liver sessions after a prior lobar resection treat one lobe's territory, so
 * they do not make a patient bilobar. No session: null.
 */
export type TreatmentDistributionLevel = 'UNILOBAR' | 'BILOBAR';

export function deriveTreatmentDistribution(targets: readonly string[]): TreatmentDistributionLevel | null {
  if (targets.length === 0) return null;
  return targets.includes('RIGHT_LOBE') && targets.includes('LEFT_LOBE') ? 'BILOBAR' : 'UNILOBAR';
}
