/**
 * The analysis result cache on its own: least recently used out first, by entries and by bytes;
 * one computation for concurrent requests of a key; nothing stored that overlapped a data change,
 * and no failure stored.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisCache, type Sized } from '../../src/analyses/execution/analysis-cache.js';

const sized = (value: string, bytes = 10): Sized<string> => ({ value, bytes });
const always = () => true;

function counting(cache: AnalysisCache<string>) {
  const computed: string[] = [];
  return {
    computed,
    get: (key: string, bytes = 10) => cache.getOrCompute(key, async () => { computed.push(key); return sized(`value of ${key}`, bytes); }, always),
  };
}

describe('AnalysisCache', () => {
  it('computes a key once, then serves it', async () => {
    const cache = new AnalysisCache<string>({ maxEntries: 10, maxBytes: 1_000 });
    const { computed, get } = counting(cache);
    expect(await get('a')).toBe('value of a');
    expect(await get('a')).toBe('value of a');
    expect(computed).toEqual(['a']);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1, bytes: 10 });
  });

  it('evicts the least recently used entry beyond its entry bound', async () => {
    const cache = new AnalysisCache<string>({ maxEntries: 2, maxBytes: 1_000 });
    const { computed, get } = counting(cache);
    await get('a');
    await get('b');
    await get('a');
    await get('c');
    await get('a');
    await get('b');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.stats()).toMatchObject({ entries: 2, evictions: 2 });
  });

  it('evicts by approximate bytes, and never stores a value larger than the whole bound', async () => {
    const cache = new AnalysisCache<string>({ maxEntries: 100, maxBytes: 100 });
    const { computed, get } = counting(cache);
    await get('a', 60);
    await get('b', 30);
    await get('c', 30);
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 60 });
    await get('huge', 101);
    await get('huge', 101);
    expect(computed).toEqual(['a', 'b', 'c', 'huge', 'huge']);
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 60 });
  });

  it('lets concurrent requests of a key share one computation', async () => {
    const cache = new AnalysisCache<string>({ maxEntries: 10, maxBytes: 1_000 });
    let release: (value: Sized<string>) => void = () => undefined;
    let computations = 0;
    const compute = () => { computations += 1; return new Promise<Sized<string>>((resolve) => { release = resolve; }); };
    const requests = [cache.getOrCompute('k', compute, always), cache.getOrCompute('k', compute, always), cache.getOrCompute('k', compute, always)];
    expect(cache.stats().inFlight).toBe(1);
    release(sized('shared'));
    expect(await Promise.all(requests)).toEqual(['shared', 'shared', 'shared']);
    expect(computations).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 1, coalesced: 2, inFlight: 0, entries: 1 });
  });

  it('does not store a result computed while the data changed', async () => {
    const cache = new AnalysisCache<string>({ maxEntries: 10, maxBytes: 1_000 });
    let computations = 0;
    const compute = async () => { computations += 1; return sized('stale'); };
    await cache.getOrCompute('k', compute, () => false);
    await cache.getOrCompute('k', compute, always);
    expect(computations).toBe(2);
    expect(cache.stats()).toMatchObject({ stale: 1, entries: 1 });
  });

  it('stores no failure, and tells every waiting request about it', async () => {
    const cache = new AnalysisCache<string>({ maxEntries: 10, maxBytes: 1_000 });
    const failing = async (): Promise<Sized<string>> => { throw new Error('bad input'); };
    const results = await Promise.allSettled([cache.getOrCompute('k', failing, always), cache.getOrCompute('k', failing, always)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await cache.getOrCompute('k', async () => sized('fine'), always)).toBe('fine');
    expect(cache.stats()).toMatchObject({ misses: 2, coalesced: 1, entries: 1 });
  });

  it('computes every request when switched off', async () => {
    const cache = new AnalysisCache<string>({ maxEntries: 0, maxBytes: 1_000 });
    const { computed, get } = counting(cache);
    await Promise.all([get('a'), get('a')]);
    await get('a');
    expect(computed).toEqual(['a', 'a', 'a']);
    expect(cache.stats()).toMatchObject({ hits: 0, coalesced: 0, misses: 3, entries: 0 });
  });
});
