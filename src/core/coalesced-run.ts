/**
 * One run at a time: a call while a run is in flight gets that run's promise and asks for
 * exactly one more run afterwards (with the latest argument), however many calls land
 * meanwhile. For live reloads, where a burst of file events must end in one reload of the
 * final state. `current()` is the run in flight, if any (to wait for it on close).
 */
export function coalescedRun<A, R>(run: (arg: A) => Promise<R>, stopped: () => boolean): { (arg: A): Promise<R>; current(): Promise<R> | null } {
  let running: Promise<R> | null = null;
  let pending: { arg: A } | null = null;
  const call = (arg: A): Promise<R> => {
    if (running) {
      pending = { arg };
      return running;
    }
    running = (async () => {
      let outcome = await run(arg);
      while (pending !== null && !stopped()) {
        const next: { arg: A } = pending;
        pending = null;
        outcome = await run(next.arg);
      }
      return outcome;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  return Object.assign(call, { current: () => running });
}
