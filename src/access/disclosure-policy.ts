/** The disclosure policy a request runs under, and what it withheld: plain values, carried by every request context. */

export interface DisclosurePolicy {
  /** k: the smallest count released. */
  threshold: number;
  roundingBase: number;
}

/** One withheld value: where it was in the response, and why. */
export interface Suppression {
  path: string;
  reason: string;
}
