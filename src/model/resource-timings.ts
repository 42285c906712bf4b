/**
 * Keeps node's resource timing buffer from filling up. Node's fetch (undici) records a
 * PerformanceResourceTiming entry for every request in a process-wide buffer of 250 entries;
 * once it is full, every further request queues a setImmediate that builds and dispatches a
 * 'resourcetimingbufferfull' Event on `performance`, and the entry is dropped anyway. Nothing
 * in the app reads resource timings, so after the first 250 model calls each one paid for that
 * event: about 0.04 ms of CPU per call on the bench machine (a fetch of an 8 KB body to a local
 * server, 0.31-0.61 ms with the buffer full vs 0.31-0.44 cleared), and the overhead profile
 * showed it in the app and in the floor (dispatchBufferFull, 0.03-0.05 ms per turn). Clearing
 * the buffer before each request keeps it at most as long as the calls in flight.
 */
export function withoutResourceTimings(baseFetch: typeof fetch): typeof fetch {
  return (input, init) => {
    performance.clearResourceTimings();
    return baseFetch(input, init);
  };
}
