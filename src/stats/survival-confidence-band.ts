/**
 * Pointwise confidence band of a survival curve, as survival 3.5-3 R/survfit.R survfit_confint with
 * conf.lower = "usual" (docs/statistics-spec.md §1.4); z = qnorm(1 - (1 - confLevel)/2), se = the
 * Greenwood standard error of log S:
 *   log      S e^{±z se}, upper clipped at 1; NA where S = 0
 *   log-log  exp(-exp(log(-log S) ∓ z se / log S)); NA where S = 0 or S = 1
 *   plain    S ± z se S, clipped to [0, 1]
 *   logit    1 - 1/(1 + exp(log(S/(1-S)) ∓ z se (1 + S/(1-S)))); NA where S = 0, NaN where S = 1
 *   arcsin   sin²(asin(√S) ∓ z se √(S/(1-S)) / 2), clipped to [0, π/2]; NaN where S = 1
 * (survival >= 3.8-4 turns the S = 1 rows of log-log/logit into [1, 1]; 3.5-3 does not.)
 * NaN stands for R's NA in the returned Float64Arrays.
 */

export type ConfidenceType = 'log' | 'log-log' | 'plain' | 'logit' | 'arcsin';

/** Pointwise band of survfit_confint (R/survfit.R, survival 3.5-3), conf.lower = "usual". */
export function confidenceBand(
  survival: Float64Array,
  stdErr: Float64Array,
  z: number,
  confType: ConfidenceType,
): { lower: Float64Array; upper: Float64Array } {
  const rows = survival.length;
  const lower = new Float64Array(rows);
  const upper = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const p = survival[i]!;
    const se = stdErr[i]!;
    switch (confType) {
      case 'log': {
        // exp(log S ± z se) as S e^{±z se}: one exp a row instead of two and a log.
        const factor = p === 0 ? Number.NaN : Math.exp(z * se);
        lower[i] = p / factor;
        upper[i] = Math.min(p * factor, 1);
        break;
      }
      case 'log-log': {
        const x = p === 0 || p === 1 ? Number.NaN : p;
        const halfWidth = (z * se) / Math.log(x);
        const logMinusLog = Math.log(-Math.log(x));
        lower[i] = Math.exp(-Math.exp(logMinusLog - halfWidth));
        upper[i] = Math.exp(-Math.exp(logMinusLog + halfWidth));
        break;
      }
      case 'plain': {
        const halfWidth = se * p * z;
        lower[i] = Math.max(p - halfWidth, 0);
        upper[i] = Math.min(p + halfWidth, 1);
        break;
      }
      case 'logit': {
        const x = p === 0 ? Number.NaN : p;
        const halfWidth = z * se * (1 + x / (1 - x));
        const logit = Math.log(p / (1 - p));
        lower[i] = 1 - 1 / (1 + Math.exp(logit - halfWidth));
        upper[i] = 1 - 1 / (1 + Math.exp(logit + halfWidth));
        break;
      }
      case 'arcsin': {
        const x = p === 0 ? Number.NaN : p;
        const halfWidth = 0.5 * z * se * Math.sqrt(x / (1 - x));
        const angle = Math.asin(Math.sqrt(x));
        const low = Math.sin(Math.max(0, angle - halfWidth));
        const high = Math.sin(Math.min(Math.PI / 2, angle + halfWidth));
        lower[i] = low * low;
        upper[i] = high * high;
        break;
      }
    }
  }
  return { lower, upper };
}
