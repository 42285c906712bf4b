import fc from 'fast-check';
import type { SeededRng } from './seeded-rng.js';

/** A generator's random choices drawn from fast-check, so a failing case shrinks and replays from its seed and path. */
export function drawsFrom(g: fc.GeneratorValue): SeededRng {
  const unit = () => g(fc.double, { min: 0, max: 1, maxExcluded: true, noNaN: true });
  return {
    next: unit,
    int: (n: number) => g(fc.nat, Math.max(0, n - 1)),
    chance: (p: number) => unit() < p,
    pick: <T>(items: readonly T[]): T => items[g(fc.nat, items.length - 1)]!,
  };
}

/**
 * Runs `runs` generated cases through fast-check with a fixed seed: `one` gets the case's random
 * choices and its number and throws when the case fails; a failure reports the seed and path.
 */
export async function fuzzCases(seed: number, runs: number, one: (r: SeededRng, index: number) => Promise<void>): Promise<void> {
  let index = 0;
  await fc.assert(
    fc.asyncProperty(fc.gen(), async (g) => {
      await one(drawsFrom(g), index++);
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
}
