/**
 * Deterministic randomness for the seed. Nothing here reads Math.random or the clock, so every emulator, in
 * every run, holds the same data and tests can name the same branches, slots and contacts.
 */

/** mulberry32: a small, fast generator that gives the same sequence for the same seed, for replayable runs. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a with a caller-chosen basis, so two bases give two independent hashes of one label. */
export function hash32(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // FNV alone mixes the last characters poorly; a murmur finaliser spreads them over every bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * An agentOS-looking object id (16 upper-case hex digits) derived from a stable label, so adding a record to
 * the seed never shifts the ids of the others.
 */
export function oidFor(label: string): string {
  const high = hash32(label, 0x811c9dc5).toString(16).padStart(8, '0');
  const low = hash32(label, 0x050c5d1f).toString(16).padStart(8, '0');
  return (high + low).toUpperCase();
}

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** mulberry32: tiny, fast and good enough for believable sample data. */
export function createRandom(seed: number | string): Random {
  let state = typeof seed === 'string' ? hash32(seed) : seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick() needs at least one item');
      return item;
    },
    chance: (probability) => next() < probability,
  };
}
