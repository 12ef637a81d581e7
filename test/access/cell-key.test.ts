/**
 * Cell-key perturbation (src/access/cell-key.ts): record keys, cell keys, the perturbation table,
 * the small-count rule, and the properties the defence rests on — the same set always gets the
 * same noise, overlapping sets get independent noise, and padding with own-site rows moves the
 * released count by exactly the padding.
 */
import { describe, expect, it } from 'vitest';
import { CellKeyCounter, MAX_NOISE, PERTURBATION_TABLE, RecordKeys, cellKey, noiseFor, perturb, recordKey } from '../../src/access/cell-key.js';
import { mulberry32, randomInt } from '../helpers/prng.js';

const SECRET = 'a'.repeat(64);

describe('record and cell keys', () => {
  it('a record key is a permanent unsigned 32-bit function of secret and patient id', () => {
    const key = recordKey(SECRET, 42);
    expect(Number.isInteger(key) && key >= 0 && key < 2 ** 32).toBe(true);
    expect(recordKey(SECRET, 42)).toBe(key);
    expect(recordKey(SECRET, 43)).not.toBe(key);
    expect(recordKey('b'.repeat(64), 42)).not.toBe(key);
  });

  it('a cell key is the sum of record keys mod 2^32, whatever the order', () => {
    const keys = [1, 2, 3, 4, 5].map((id) => recordKey(SECRET, id));
    expect(cellKey(keys)).toBe(keys.reduce((a, b) => (a + b) % 2 ** 32, 0));
    expect(cellKey([...keys].reverse())).toBe(cellKey(keys));
    expect(cellKey([])).toBe(0);
    expect(cellKey([2 ** 32 - 1, 2])).toBe(1);
  });
});

describe('the perturbation table', () => {
  it('has probabilities summing to 1, symmetric noise within ±MAX_NOISE, mean 0', () => {
    const total = PERTURBATION_TABLE.reduce((s, e) => s + e.probability, 0);
    expect(total).toBeCloseTo(1, 12);
    expect(PERTURBATION_TABLE.reduce((s, e) => s + e.noise * e.probability, 0)).toBeCloseTo(0, 12);
    expect(Math.max(...PERTURBATION_TABLE.map((e) => Math.abs(e.noise)))).toBe(MAX_NOISE);
  });

  it('gives each noise value with its probability over uniform cell keys', () => {
    const random = mulberry32(7);
    const draws = 100_000;
    const seen = new Map<number, number>();
    for (let i = 0; i < draws; i++) {
      const noise = noiseFor(randomInt(random, 2 ** 32));
      seen.set(noise, (seen.get(noise) ?? 0) + 1);
    }
    for (const { noise, probability } of PERTURBATION_TABLE) {
      expect(Math.abs((seen.get(noise) ?? 0) / draws - probability)).toBeLessThan(0.01);
    }
  });
});

describe('perturb', () => {
  it('keeps zero, withholds 0 < n < k, never releases below k nor a false zero', () => {
    const random = mulberry32(11);
    expect(perturb(0, 12345, 5)).toBe(0);
    for (let n = 1; n < 5; n++) expect(perturb(n, randomInt(random, 2 ** 32), 5)).toBeNull();
    for (let i = 0; i < 2_000; i++) {
      const n = 5 + randomInt(random, 20);
      const released = perturb(n, randomInt(random, 2 ** 32), 5);
      if (released === null) {
        expect(n).toBeLessThan(5 + MAX_NOISE);
      } else {
        expect(released).toBeGreaterThanOrEqual(5);
        expect(Math.abs(released - n)).toBeLessThanOrEqual(MAX_NOISE);
      }
    }
    for (let i = 0; i < 200; i++) expect(perturb(1, randomInt(random, 2 ** 32), 1)).not.toBe(0);
  });
});

describe('CellKeyCounter', () => {
  const ids = Array.from({ length: 400 }, (_, i) => i + 1);

  it('gives the same set the same count, in any order and however often it is asked', () => {
    const counter = new CellKeyCounter({ secret: SECRET, threshold: 5 });
    const set = ids.slice(0, 50);
    const first = counter.count(set);
    expect(first).not.toBeNull();
    expect(Math.abs(first! - 50)).toBeLessThanOrEqual(MAX_NOISE);
    expect(counter.count([...set].reverse())).toBe(first);
    expect(new CellKeyCounter({ secret: SECRET, threshold: 5 }).count(set)).toBe(first);
  });

  it('gives sets that differ by one patient independent noise, so their difference does not average to the truth faster than noise allows', () => {
    const counter = new CellKeyCounter({ secret: SECRET, threshold: 5 });
    const random = mulberry32(3);
    const differences: number[] = [];
    for (let trial = 0; trial < 2_000; trial++) {
      const base = ids.filter(() => random() < 0.5).filter((id) => id !== 1);
      differences.push(counter.count([...base, 1])! - counter.count(base)!);
    }
    const mean = differences.reduce((a, b) => a + b, 0) / differences.length;
    const variance = differences.reduce((a, b) => a + (b - mean) ** 2, 0) / (differences.length - 1);
    // Independent noises of variance 1.2 each: the difference has variance 2.4; it is exactly 1 in only 26% of pairs.
    expect(variance).toBeGreaterThan(2.0);
    expect(variance).toBeLessThan(2.8);
    expect(differences.filter((d) => d === 1).length / differences.length).toBeLessThan(0.32);
  });

  it('counts own-site records exactly and perturbs only the rest, so padding adds exactly the padding', () => {
    const own = new Set(ids.slice(200));
    const counter = new CellKeyCounter({ secret: SECRET, threshold: 5, isOwn: (id) => own.has(id) });
    const outside = ids.slice(0, 30);
    const base = counter.count(outside)!;
    for (let j = 1; j <= 40; j++) expect(counter.count([...outside, ...ids.slice(200, 200 + j)])).toBe(base + j);
  });

  it('withholds a count whose part outside the own site is small, however many own patients pad it', () => {
    const own = new Set(ids.slice(200));
    const counter = new CellKeyCounter({ secret: SECRET, threshold: 5, isOwn: (id) => own.has(id) });
    for (let outside = 1; outside < 5; outside++) {
      for (const padding of [0, 1, 5, 50]) expect(counter.count([...ids.slice(0, outside), ...ids.slice(200, 200 + padding)])).toBeNull();
    }
    expect(counter.count(ids.slice(200, 203))).toBe(3);
  });
});

describe('the record keys held per process', () => {
  it('give each id its HMAC record key, dense ids and ids past the dense range alike, one table per secret', () => {
    const keys = RecordKeys.for(SECRET);
    expect(RecordKeys.for(SECRET)).toBe(keys);
    for (const id of [0, 1, 42, 1023, 1024, 250_000, 2 ** 24, 2 ** 31 + 7]) {
      expect(keys.of(id)).toBe(recordKey(SECRET, id));
      expect(keys.of(id)).toBe(recordKey(SECRET, id));
    }
    const other = RecordKeys.for('b'.repeat(64));
    expect(other).not.toBe(keys);
    expect(other.of(42)).toBe(recordKey('b'.repeat(64), 42));
    expect(other.of(42)).not.toBe(keys.of(42));
  });
});
