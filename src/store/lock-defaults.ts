/**
 * withLock defaults when the caller gives none. The lock is a short lease renewed by a
 * heartbeat while its holder works, so a holder that dies (kill -9, crash, lost host) blocks
 * the key for at most one lease, and a live one keeps it however long its work takes, up to
 * the maximum hold (a hung holder must not keep a conversation forever).
 */
export const DEFAULT_LOCK_TTL_MS = 10_000;
export const DEFAULT_LOCK_WAIT_MS = 10_000;
export const DEFAULT_LOCK_MAX_HOLD_MS = 5 * 60_000;

/** How often a held lease is renewed: three times per lease, so one late beat does not lose it. */
export function heartbeatEvery(ttlMs: number): number {
  return Math.max(1, Math.floor(ttlMs / 3));
}
