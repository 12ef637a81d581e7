import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/demo/prng.js';
import { WeightedPool } from '../../src/demo/weighted-pool.js';

describe('createRandom (xoshiro128**)', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const stream = (seed: number) => Array.from({ length: 5 }, createRandom(seed).uniform);
    expect(stream(20180601)).toEqual(stream(20180601));
    expect(stream(20180601)).not.toEqual(stream(20180602));
  });

  it('forks named streams that do not depend on how much the parent drew', () => {
    const untouched = createRandom(5);
    const drawn = createRandom(5);
    for (let i = 0; i < 100; i++) drawn.uniform();
    expect(untouched.fork('labs').uniform()).toBe(drawn.fork('labs').uniform());
    expect(untouched.fork('labs').uniform()).not.toBe(untouched.fork('imaging').uniform());
  });

  it('draws uniforms in [0, 1) and standard normals with mean 0 and SD 1', () => {
    const random = createRandom(3);
    const uniforms = Array.from({ length: 20_000 }, random.uniform);
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    const normals = Array.from({ length: 20_000 }, random.normal);
    const mean = normals.reduce((sum, x) => sum + x, 0) / normals.length;
    const variance = normals.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (normals.length - 1);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('draws integers over the whole inclusive range', () => {
    const random = createRandom(9);
    const seen = new Set(Array.from({ length: 500 }, () => random.integer(28, 42)));
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => 28 + i));
  });
});

describe('WeightedPool', () => {
  it('draws in proportion to weight and never a removed item', () => {
    const pool = new WeightedPool(4);
    [1, 3, 6, 10].forEach((weight, index) => pool.add(index, weight));
    pool.remove(3);
    expect(pool.total).toBe(10);
    const random = createRandom(17);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) {
      const item = pool.draw(random);
      counts[item] = (counts[item] ?? 0) + 1;
    }
    expect(counts[3]).toBe(0);
    const shares = counts.slice(0, 3).map((count) => count / 20_000);
    [0.1, 0.3, 0.6].forEach((expected, k) => expect(Math.abs((shares[k] ?? 0) - expected)).toBeLessThan(0.02));
  });
});
