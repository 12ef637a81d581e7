/**
 * Cell-key perturbation of counts, after the Australian Bureau of Statistics' TableBuilder
 * (Fraser & Wooton 2005; Thompson, Broadfoot & Elazar 2013, "Methodology for the automatic
 * confidentialisation of statistical outputs from remote servers at the ABS"): the defence against
 * differencing and averaging that thresholds and rounding alone do not give (docs/disclosure.md).
 *
 *   - every patient has a permanent record key: the first 32 bits of HMAC-SHA256(secret, patient id);
 *   - a cell's key is the sum of its records' keys mod 2^32, so it depends on the set of records
 *     only: the same set reached through any filter gets the same key, and so the same noise
 *     (repeating a query, or rephrasing it, never averages the noise out);
 *   - the released count is n + noise(cellKey), the noise drawn from a fixed perturbation table
 *     with values in [−2, +2] and mean 0, indexed by the cell key (uniform over 2^32 because each
 *     record key is); two sets that differ by one record have independent keys, so the difference
 *     of their released counts is 1 plus the difference of two independent noises;
 *   - zero stays zero (an empty cell has no records), a count with 0 < n < k is withheld, and so is
 *     a perturbed count that falls below k: a small count is never published, and never as 0.
 *
 * Own-site rule: a site role may read its own site's rows, so it can pad any query with patients it
 * knows. The records of the principal's own site therefore contribute nothing to the key, and the
 * small-count rule and the noise apply to the part of the count outside its site only; the released
 * count is (own part, exact) + (outside part, perturbed). Adding j known own patients adds exactly j
 * and changes neither the noise nor whether the value is withheld, so padding gives no lever.
 *
 * Pure: the secret and the own-site test are arguments (cell-key-context.ts builds a counter for
 * a request).
 */
import { createHmac } from 'node:crypto';

const TWO_TO_32 = 2 ** 32;

/**
 * The perturbation table: the noise for a cell is the entry whose cumulative probability band
 * contains cellKey / 2^32. Symmetric (mean 0, variance 1.2); P(noise = 0) = 0.4.
 */
export const PERTURBATION_TABLE: readonly { noise: number; probability: number }[] = [
  { noise: -2, probability: 0.1 },
  { noise: -1, probability: 0.2 },
  { noise: 0, probability: 0.4 },
  { noise: 1, probability: 0.2 },
  { noise: 2, probability: 0.1 },
];

/** The largest absolute noise the table adds. */
export const MAX_NOISE = 2;

/** A patient's permanent record key: HMAC-SHA256(secret, id), first 4 bytes as an unsigned 32-bit integer. */
export function recordKey(secret: string, patientId: number): number {
  return createHmac('sha256', secret).update(String(patientId)).digest().readUInt32BE(0);
}

/**
 * Record keys under one secret, each computed once per process: an HMAC costs about 4 µs, so a
 * count over a 100,000-patient registry would otherwise pay 0.4 s on every request. Patient ids
 * are the store's dense integer row ids, so the keys sit in typed arrays indexed by id (5 bytes a
 * patient); an id past DENSE_ID_LIMIT goes to a map instead.
 */
export class RecordKeys {
  private static readonly bySecret = new Map<string, RecordKeys>();
  private static readonly DENSE_ID_LIMIT = 1 << 24;
  private keys = new Uint32Array(0);
  private known = new Uint8Array(0);
  private readonly sparse = new Map<number, number>();

  private constructor(private readonly secret: string) {}

  /** The process's record keys for `secret` (a server uses one secret; tests may use a few). */
  static for(secret: string): RecordKeys {
    let keys = RecordKeys.bySecret.get(secret);
    if (keys === undefined) {
      keys = new RecordKeys(secret);
      RecordKeys.bySecret.set(secret, keys);
    }
    return keys;
  }

  of(patientId: number): number {
    if (!Number.isInteger(patientId) || patientId < 0 || patientId >= RecordKeys.DENSE_ID_LIMIT) return this.sparseKey(patientId);
    if (patientId >= this.keys.length) this.grow(patientId);
    if (this.known[patientId] === 0) {
      this.keys[patientId] = recordKey(this.secret, patientId);
      this.known[patientId] = 1;
    }
    return this.keys[patientId]!;
  }

  private sparseKey(patientId: number): number {
    let key = this.sparse.get(patientId);
    if (key === undefined) {
      key = recordKey(this.secret, patientId);
      this.sparse.set(patientId, key);
    }
    return key;
  }

  private grow(patientId: number): void {
    const length = Math.min(RecordKeys.DENSE_ID_LIMIT, Math.max(1024, 2 * (patientId + 1)));
    const keys = new Uint32Array(length);
    keys.set(this.keys);
    const known = new Uint8Array(length);
    known.set(this.known);
    this.keys = keys;
    this.known = known;
  }
}

/** A cell's key: the sum of its records' keys mod 2^32 (0 for an empty cell). */
export function cellKey(recordKeys: Iterable<number>): number {
  let sum = 0;
  for (const key of recordKeys) sum = (sum + key) % TWO_TO_32;
  return sum;
}

/** The noise the perturbation table gives a cell key. */
export function noiseFor(key: number): number {
  const u = key / TWO_TO_32;
  let cumulative = 0;
  for (const entry of PERTURBATION_TABLE) {
    cumulative += entry.probability;
    if (u < cumulative) return entry.noise;
  }
  return PERTURBATION_TABLE[PERTURBATION_TABLE.length - 1]!.noise;
}

/**
 * A count of n records with the given cell key as released: 0 stays 0; null (withheld) when
 * 0 < n < k or when n + noise < k; otherwise n + noise.
 */
export function perturb(n: number, key: number, threshold: number): number | null {
  if (n === 0) return 0;
  const smallest = Math.max(threshold, 1);
  if (n < smallest) return null;
  const released = n + noiseFor(key);
  return released < smallest ? null : released;
}

export interface CellKeyCounterOptions {
  secret: string;
  /** k: counts (of the part outside the principal's site) with 0 < n < k are withheld. */
  threshold: number;
  /** True for a patient of the principal's own site (site roles); such records are counted exactly and carry key 0. */
  isOwn?: (patientId: number) => boolean;
}

/**
 * Counts sets of patients as a request may see them. `count(ids)` is the whole API: the released
 * count of that set, or null when it must be withheld (the caller records the suppression).
 */
export class CellKeyCounter {
  private readonly recordKeys: RecordKeys;
  private readonly threshold: number;
  private readonly isOwn: (patientId: number) => boolean;

  constructor(options: CellKeyCounterOptions) {
    this.recordKeys = RecordKeys.for(options.secret);
    this.threshold = options.threshold;
    this.isOwn = options.isOwn ?? (() => false);
  }


  /** The released count of this set of distinct patients: own-site part exact, the rest perturbed; null when withheld. */
  count(patientIds: Iterable<number>): number | null {
    let own = 0;
    let outside = 0;
    let key = 0;
    for (const id of patientIds) {
      if (this.isOwn(id)) {
        own += 1;
      } else {
        outside += 1;
        key = (key + this.recordKeys.of(id)) % TWO_TO_32;
      }
    }
    const released = perturb(outside, key, this.threshold);
    return released === null ? null : own + released;
  }
}
