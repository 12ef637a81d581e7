/** The disclosure policy a request runs under, and what it withheld: plain values, carried by every request context. */

export interface DisclosurePolicy {
  /** k: the smallest count released. */
  threshold: number;
  /** The cell-key perturbation secret (cell-key.ts): record keys are HMAC-SHA256(secret, patient id). */
  secret: string;
  /** Aggregate-tier survival times are rounded up to a multiple of this many days. */
  survivalGridDays: number;
}

/** One withheld value: where it was in the response, and why. */
export interface Suppression {
  path: string;
  reason: string;
}
