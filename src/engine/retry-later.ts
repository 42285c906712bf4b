/**
 * Retries a clean-up call in the background (doubling from `firstDelayMs` to 1 s) until it
 * succeeds or `untilMs` (epoch ms) has passed. For undo steps that fail because the store is
 * down at that moment: the store usually comes back within seconds, and a forgotten undo
 * would otherwise outlive the outage by its whole TTL. Timers are unref'd: they never keep
 * the process alive.
 */
export function retryLater(fn: () => Promise<unknown>, untilMs: number, firstDelayMs = 100): void {
  const attempt = (delayMs: number) => {
    if (Date.now() + delayMs >= untilMs) return;
    const timer = setTimeout(() => {
      fn().catch(() => attempt(Math.min(delayMs * 2, 1000)));
    }, delayMs);
    timer.unref();
  };
  attempt(firstDelayMs);
}
