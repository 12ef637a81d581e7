/**
 * A bounded in-memory cache of analysis results, least recently used first out, bounded both by
 * entries and by approximate bytes (each entry's size is given by whoever computed it), with
 * single flight: concurrent requests for a key being computed wait for that one computation
 * instead of starting their own, so a dashboard opened by 64 users costs one Cox model, not 64.
 *
 * The caller puts everything a result depends on into the key (cached-executor.ts: analysis,
 * arguments, cohort, principal's visibility, data version). A result is stored only when
 * `stillCurrent()` holds once it is computed, so a computation that overlapped a write never
 * lands in the cache under the version it started with. Failures are never stored.
 * With maxEntries = 0 the cache is off: every request computes, none waits for another.
 */
export interface CacheLimits {
  maxEntries: number;
  maxBytes: number;
}

export interface Sized<Value> {
  value: Value;
  /** Approximate memory the value holds. */
  bytes: number;
}

export interface CacheStats {
  /** Served from a stored result. */
  hits: number;
  /** Served by waiting for the same computation another request had started. */
  coalesced: number;
  /** Computed. */
  misses: number;
  /** Computed but not stored: the data changed meanwhile. */
  stale: number;
  evictions: number;
  entries: number;
  bytes: number;
  /** Computations under way. */
  inFlight: number;
  maxEntries: number;
  maxBytes: number;
}

export class AnalysisCache<Value> {
  private readonly entries = new Map<string, Sized<Value>>();
  private readonly running = new Map<string, Promise<Value>>();
  private bytes = 0;
  private counts = { hits: 0, coalesced: 0, misses: 0, stale: 0, evictions: 0 };

  constructor(private readonly limits: CacheLimits) {}

  get enabled(): boolean {
    return this.limits.maxEntries > 0;
  }

  async getOrCompute(key: string, compute: () => Promise<Sized<Value>>, stillCurrent: () => boolean | Promise<boolean>): Promise<Value> {
    if (!this.enabled) {
      this.counts.misses += 1;
      return (await compute()).value;
    }
    const stored = this.entries.get(key);
    if (stored !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, stored);
      this.counts.hits += 1;
      return stored.value;
    }
    const running = this.running.get(key);
    if (running !== undefined) {
      this.counts.coalesced += 1;
      return running;
    }
    this.counts.misses += 1;
    const computation = compute().then(async (computed) => {
      if (await stillCurrent()) this.store(key, computed);
      else this.counts.stale += 1;
      return computed.value;
    });
    this.running.set(key, computation);
    try {
      return await computation;
    } finally {
      this.running.delete(key);
    }
  }

  private store(key: string, computed: Sized<Value>): void {
    if (computed.bytes > this.limits.maxBytes) return;
    this.entries.set(key, computed);
    this.bytes += computed.bytes;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.entries.delete(oldestKey);
      this.bytes -= oldest.bytes;
      this.counts.evictions += 1;
    }
  }

  /** Drops every stored value (computations under way go on, and store when still current). */
  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  stats(): CacheStats {
    return { ...this.counts, entries: this.entries.size, bytes: this.bytes, inFlight: this.running.size, ...this.limits };
  }
}
