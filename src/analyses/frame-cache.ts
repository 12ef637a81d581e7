/**
 * Frames kept between analyses on an analysis worker's connection (analysis-worker.ts turns it on
 * for its own connection: `holdFramesOn`), so that a second analysis over the same cohort and
 * variables reads nothing from the database. Inline analyses (in-memory databases) read every
 * frame; the result cache keeps their results.
 * A frame is named by its rendered statement (src/store/analysis-frame.ts: text and parameters,
 * which carry the cohort's condition and the variables) and held for one data version
 * (src/store/data-version.ts, moved by the database's triggers on every patient-data write): when
 * the version moves, every frame held is dropped. The version is read before the frame, so a
 * frame is never held under a version older than its data; a frame read while another call moved
 * the version is returned but not held. Least recently used first out, bounded by entries and by
 * bytes (frameBytes); a frame larger than the byte bound is not held.
 *
 * Frames are shared between the analyses that read them: analyses read a frame's arrays and
 * never write them (they build new arrays for subsets: analysis-frame.ts).
 */
import type { Store } from '../store/database.js';
import { currentDataVersion } from '../store/data-version.js';
import { frameBytes, type AnalysisFrame, type FrameStatement } from '../store/analysis-frame.js';

export interface FrameCacheLimits {
  maxEntries: number;
  maxBytes: number;
}

/** 16 frames, 128 MB: a 100,000-patient frame with six variables takes under 8 MB. */
export const FRAME_CACHE_LIMITS: FrameCacheLimits = { maxEntries: 16, maxBytes: 128 * 2 ** 20 };

export interface FrameCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
  version: string | null;
}

export class FrameCache {
  private version: string | null = null;
  private readonly entries = new Map<string, { frame: AnalysisFrame; bytes: number }>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(private readonly limits: FrameCacheLimits, private readonly currentVersion: () => Promise<string>) {}

  async frameOf(statement: FrameStatement): Promise<AnalysisFrame> {
    const version = await this.currentVersion();
    if (version !== this.version) this.dropAll(version);
    const stored = this.entries.get(statement.key);
    if (stored !== undefined) {
      this.entries.delete(statement.key);
      this.entries.set(statement.key, stored);
      this.hits += 1;
      return stored.frame;
    }
    this.misses += 1;
    const frame = await statement.read();
    if (this.version === version) this.hold(statement.key, frame);
    return frame;
  }

  stats(): FrameCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes, version: this.version };
  }

  private dropAll(version: string): void {
    this.entries.clear();
    this.bytes = 0;
    this.version = version;
  }

  private hold(key: string, frame: AnalysisFrame): void {
    const bytes = frameBytes(frame);
    if (this.limits.maxEntries === 0 || bytes > this.limits.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) this.bytes -= previous.bytes;
    this.entries.delete(key);
    this.entries.set(key, { frame, bytes });
    this.bytes += bytes;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.entries.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.entries.delete(oldestKey);
      this.bytes -= oldest.bytes;
    }
  }
}

const caches = new WeakMap<Store, FrameCache>();

/** Keeps frames for the connection from now on (gone with the connection); returns its cache. */
export function holdFramesOn(db: Store, limits: FrameCacheLimits = FRAME_CACHE_LIMITS): FrameCache {
  const cache = new FrameCache(limits, () => currentDataVersion(db));
  caches.set(db, cache);
  return cache;
}

/** The frame, from the connection's frame cache when it keeps frames, else read. */
export async function frameOf(db: Store, statement: FrameStatement): Promise<AnalysisFrame> {
  const cache = caches.get(db);
  return cache === undefined ? await statement.read() : await cache.frameOf(statement);
}
