import type { Clock } from '../../src/core/clock.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import { runEventBusContract } from './event-bus-contract.js';
import type { MakeHarness } from './harness.js';
import { runRateLimiterContract } from './rate-limiter-contract.js';
import { runStoreContract } from './store-contract.js';

/** A hand-wound clock: TTL tests advance it instead of sleeping. */
const makeMemory: MakeHarness = async (opts) => {
  let now = 1_767_225_600_000;
  const clock: Clock = { now: () => now };
  return {
    bundle: createMemoryStore({ ...opts, clock }),
    advance: async (ms) => {
      now += ms;
    },
  };
};

runStoreContract('memory', makeMemory);
runEventBusContract('memory', makeMemory);
runRateLimiterContract('memory', makeMemory);
