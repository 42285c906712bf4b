import fc from 'fast-check';
import { customerText } from './customer-text.js';
import { DIRECT_TARGETS, type DirectHarness, type DirectTarget } from './direct-targets.js';
import { StatsRecorder, type FuzzReport } from './fuzz-report.js';

export interface DirectFuzzOptions {
  harness: DirectHarness;
  seed: number;
  runs: number;
  /** A call slower than this fails the property (an order-of-magnitude bound; the bench has the real figure). */
  boundMs: number;
  /** Replays one failing case (fast-check's path, printed with a failure). */
  path?: string;
  /** The customer text to try (default: the store-blind generators; a store's: customerTextFor). */
  text?: fc.Arbitrary<string>;
}

/**
 * Property: for any customer text, each step (router, offline responder, product search,
 * guard) returns without an exception within `boundMs`. fast-check shrinks a failure to a
 * small input and reports the seed and path that replay it.
 */
export async function fuzzDirect(opts: DirectFuzzOptions): Promise<FuzzReport> {
  const stats = new StatsRecorder();
  const property = fc.asyncProperty(fc.constantFrom<DirectTarget>(...DIRECT_TARGETS), opts.text ?? customerText(), async (target, text) => {
    const t0 = performance.now();
    await opts.harness.run(target, text);
    const ms = performance.now() - t0;
    stats.record(target, ms, text);
    if (ms > opts.boundMs) throw new Error(`${target} took ${ms.toFixed(0)} ms (bound ${opts.boundMs} ms) on a ${text.length}-character message`);
  });
  const details = await fc.check(property, { seed: opts.seed, numRuns: opts.runs, path: opts.path, endOnFailure: false });
  return {
    kind: 'direct',
    seed: opts.seed,
    runs: opts.runs,
    cases: stats.cases,
    targets: stats.toJSON(),
    failure: details.failed
      ? {
          message: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
          seed: details.seed,
          path: details.counterexamplePath ?? undefined,
          counterexample: JSON.stringify(details.counterexample),
        }
      : null,
  };
}
