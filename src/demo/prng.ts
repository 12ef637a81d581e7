/**
 * The demo cohort's only source of randomness: xoshiro128** (Blackman & Vigna, "Scrambled
 * linear pseudorandom number generators", ACM TOMS 47(4), 2021), seeded through splitmix32.
 * Integer arithmetic only (Math.imul, shifts), so a seed gives the same stream on every platform.
 *
 * Each part of the generator draws from its own stream, `fork(label)`, derived from the root
 * seed and the label without consuming the parent: changing how one part draws leaves every
 * other part's data unchanged.
 */

export interface Random {
  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number;
  /** Uniform on [min, max). */
  between(min: number, max: number): number;
  /** Uniform integer in [min, max], both inclusive. */
  integer(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Standard normal (Marsaglia's polar method). */
  normal(): number;
  /** Fisher–Yates, in place; returns the array. */
  shuffle<T>(items: T[]): T[];
  /** An independent stream named `label`, derived from this stream's seed. */
  fork(label: string): Random;
}

const TWO_POW_26 = 2 ** 26;
const TWO_POW_53 = 2 ** 53;

function rotateLeft(x: number, bits: number): number {
  return (x << bits) | (x >>> (32 - bits));
}

/** splitmix32: spreads a 32-bit seed over the generator's 128-bit state. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/** FNV-1a over the label's UTF-16 code units, mixed with the parent seed. */
function deriveSeed(parentSeed: number, label: string): number {
  let hash = (0x811c9dc5 ^ parentSeed) >>> 0;
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return splitmix32(hash)();
}

export function createRandom(seed: number): Random {
  const seed32 = seed >>> 0;
  const seedState = splitmix32(seed32);
  let s0 = seedState();
  let s1 = seedState();
  let s2 = seedState();
  let s3 = seedState();
  let spareNormal: number | null = null;

  const nextUint32 = (): number => {
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotateLeft(s3, 11);
    return result;
  };

  const uniform = (): number => ((nextUint32() >>> 5) * TWO_POW_26 + (nextUint32() >>> 6)) / TWO_POW_53;

  const random: Random = {
    uniform,
    between: (min, max) => min + (max - min) * uniform(),
    integer: (min, max) => min + Math.floor(uniform() * (max - min + 1)),
    chance: (p) => uniform() < p,
    normal: () => {
      if (spareNormal !== null) {
        const spare = spareNormal;
        spareNormal = null;
        return spare;
      }
      for (;;) {
        const u = 2 * uniform() - 1;
        const v = 2 * uniform() - 1;
        const s = u * u + v * v;
        if (s > 0 && s < 1) {
          const factor = Math.sqrt((-2 * Math.log(s)) / s);
          spareNormal = v * factor;
          return u * factor;
        }
      }
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const held = items[i] as (typeof items)[number];
        items[i] = items[j] as (typeof items)[number];
        items[j] = held;
      }
      return items;
    },
    fork: (label) => createRandom(deriveSeed(seed32, label)),
  };
  return random;
}
