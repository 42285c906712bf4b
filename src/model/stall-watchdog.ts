/**
 * Fires once when nothing has happened for `ms`. `kick()` on every received chunk. The
 * SDK's own timeout ends when response headers arrive, so without this a stream that
 * stops mid-reply would hold the customer (and a bulkhead slot) forever.
 */
export interface StallWatchdog {
  kick(): void;
  stop(): void;
  readonly fired: boolean;
}

export function startStallWatchdog(ms: number, onStall: () => void): StallWatchdog {
  let fired = false;
  let timer: NodeJS.Timeout | null = setTimeout(() => {
    timer = null;
    fired = true;
    onStall();
  }, ms);
  timer.unref?.();
  return {
    // refresh() restarts the same timer from now: a kick on every chunk of a reply made a new
    // Timeout (and cleared the old one) each time.
    kick() {
      if (!fired && timer) timer.refresh();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
    get fired() {
      return fired;
    },
  };
}
