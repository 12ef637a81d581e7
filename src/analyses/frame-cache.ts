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
 * the version is returned but not held. The frames are held by the result cache's own mechanism
 * (execution/analysis-cache.ts: least recently used first out, bounded by entries and by bytes,
 * frameBytes here; a frame larger than the byte bound is not held; one read for concurrent asks).
 *
 * Frames are shared between the analyses that read them: analyses read a frame's arrays and
 * never write them (they build new arrays for subsets: analysis-frame.ts).
 */
import type { Store } from '../store/database.js';
import { currentDataVersion } from '../store/data-version.js';
import { frameBytes, type AnalysisFrame, type FrameStatement } from '../store/analysis-frame.js';
import { AnalysisCache } from './execution/analysis-cache.js';

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
  private readonly held: AnalysisCache<AnalysisFrame>;

  constructor(limits: FrameCacheLimits, private readonly currentVersion: () => Promise<string>) {
    this.held = new AnalysisCache(limits);
  }

  async frameOf(statement: FrameStatement): Promise<AnalysisFrame> {
    const version = await this.currentVersion();
    if (version !== this.version) {
      this.held.clear();
      this.version = version;
    }
    const read = async () => {
      const frame = await statement.read();
      return { value: frame, bytes: frameBytes(frame) };
    };
    return this.held.getOrCompute(statement.key, read, () => this.version === version);
  }

  stats(): FrameCacheStats {
    const { hits, misses, entries, bytes } = this.held.stats();
    return { hits, misses, entries, bytes, version: this.version };
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
