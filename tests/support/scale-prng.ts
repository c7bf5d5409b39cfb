// A small seeded PRNG (mulberry32) for the isolation-at-scale run: the same seed picks the same operations,
// callers and targets, so a failure is replayed with ISOLATION_SEED=<seed> (and ISOLATION_CONCURRENCY=1 for an
// exact replay — with several lanes the interleaving of server answers varies).

import { prng } from './prng';

export interface Rng {
  next(): number;
  int(maxExclusive: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  hex(length: number): string;
}

export function rng(seed: number): Rng {
  const base = prng(seed);
  return {
    ...base,
    chance: (probability) => base.next() < probability,
    hex: (length) => Array.from({ length }, () => base.int(16).toString(16)).join(''),
  };
}

/** Picks a key by weight. */
export function weighted<K extends string>(r: Rng, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  let roll = r.next() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    roll -= w;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1]![0];
}
