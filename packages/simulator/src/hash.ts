/**
 * Small, fast integer hashing. The dataset is a pure function of (seed, index), so every
 * property of a video is a hash of its index rather than a draw from a stateful generator:
 * video 9_999_999 costs the same as video 0 and nothing is held in memory.
 */

/** A 32-bit avalanche mix (the lowbias32 finaliser). */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The seed's share of {@link hash32}: a dataset computes it once (see {@link hashMixed}). */
export function mixSeed(seed: number): number {
  return mix32(seed ^ 0x9e3779b9);
}

/** {@link hash32} of a seed already passed through {@link mixSeed}: a quarter less work. */
export function hashMixed(mixedSeed: number, a: number, b = 0, c = 0): number {
  let h = mixedSeed;
  h = mix32(h ^ (a >>> 0) ^ Math.imul((a / 0x100000000) | 0, 0x85ebca6b));
  h = mix32(h ^ Math.imul(b | 0, 0xc2b2ae35) ^ 0x27d4eb2f);
  h = mix32(h ^ Math.imul(c | 0, 0x165667b1));
  return h;
}

/** Hash of a seed and up to three integers, as an unsigned 32-bit number. */
export function hash32(seed: number, a: number, b = 0, c = 0): number {
  return hashMixed(mixSeed(seed), a, b, c);
}

/** Uniform float in [0, 1) from the same inputs as {@link hash32}. */
export function unit(seed: number, a: number, b = 0, c = 0): number {
  return hash32(seed, a, b, c) / 0x100000000;
}

/** A seed given as a number or a string, reduced to 32 bits. */
export function seedNumber(seed: number | string): number {
  if (typeof seed === 'number' && Number.isInteger(seed)) return mix32(seed ^ (seed / 0x100000000));
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** Hash of a string (FNV-1a then mixed), for keys such as usernames. */
export function hashString(seed: number, text: string): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A seeded sequence (mulberry32) for decisions taken per request, such as fault injection. */
export function sequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  };
}
