/** What Shopify reports after each call (extensions.cost.throttleStatus). */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface CostBucket {
  /** Records a call's requested cost and the bucket it left. */
  observe(operation: string, requestedCost: number | null, status: ThrottleStatus | null): void;
  /** How long to wait (ms) before `operation` so the bucket, refilling at its restore rate, can pay its last requested cost. */
  waitBefore(operation: string): number;
}

/** Longest single wait: a bucket that claims it needs longer is not believed (the next answer corrects it). */
const MAX_WAIT_MS = 30_000;

/**
 * Shopify's leaky bucket as last seen: each operation's last requested cost and the points left
 * at that moment, refilled at the restore rate since. Waiting here before a call that could not
 * be paid avoids a THROTTLED round trip; the first call of an operation (cost unknown) is sent
 * at once.
 */
export function createCostBucket(now: () => number = Date.now): CostBucket {
  const costs = new Map<string, number>();
  let last: (ThrottleStatus & { at: number }) | null = null;
  return {
    observe(operation, requestedCost, status) {
      if (requestedCost !== null && Number.isFinite(requestedCost) && requestedCost >= 0) costs.set(operation, requestedCost);
      if (status) last = { ...status, at: now() };
    },
    waitBefore(operation) {
      const cost = costs.get(operation);
      if (cost === undefined || !last || last.restoreRate <= 0) return 0;
      const available = Math.min(last.maximumAvailable, last.currentlyAvailable + ((now() - last.at) / 1000) * last.restoreRate);
      if (available >= cost) return 0;
      return Math.min(MAX_WAIT_MS, Math.ceil(((cost - available) / last.restoreRate) * 1000));
    },
  };
}
