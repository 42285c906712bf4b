/** withLock defaults when the caller gives none: long enough for a model turn, short enough to recover from a dead holder. */
export const DEFAULT_LOCK_TTL_MS = 30_000;
export const DEFAULT_LOCK_WAIT_MS = 10_000;
