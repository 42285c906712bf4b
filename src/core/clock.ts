/** Time source, injectable so tests can pin "now" (order ages, return windows, TTLs). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
