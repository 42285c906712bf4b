import type { Clock } from '../core/clock.js';
import type { RetrievalWords } from '../locale/retrieval-section.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/store.js';
import { computeTopics, type TopicsResult } from './topics.js';

/** Computed topics of a period, shared by every process (one computes, all read). */
export const TOPICS_COLLECTION = 'insights-topics';
/** A result younger than this is served as it is. */
const FRESH_MS = 10 * 60 * 1000;
/** Longest a computation may hold its claim (a process that died frees it after this). */
const CLAIM_SECONDS = 120;

export interface TopicsAnswer {
  /** ready: fresh; stale: an older result while a new one is computed; computing: nothing yet. */
  status: 'ready' | 'stale' | 'computing';
  result: TopicsResult | null;
}

export interface TopicService {
  get(from: string, to: string, opts?: { waitMs?: number; refresh?: boolean }): Promise<TopicsAnswer>;
  /** The last computed result of a period, whatever its age. */
  cached(from: string, to: string): Promise<TopicsResult | null>;
  idle(): Promise<void>;
}

/**
 * Topics are grouped in the background: a request for a period whose result is missing or old
 * starts one computation (claimed in the store, so two processes do not both run it) and gets
 * the last result meanwhile; the page asks again until it is ready.
 */
export function createTopicService(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  retentionSeconds: number;
  /** The locale packs' retrieval words and stemming (LOCALES_DIR's); the repository's by default. */
  retrieval?: RetrievalWords;
}): TopicService {
  const { store, clock, logger } = deps;
  const running = new Map<string, Promise<TopicsResult | null>>();
  const key = (from: string, to: string) => `${from}_${to}`;

  const cached = (from: string, to: string) => store.getRecord<TopicsResult>(TOPICS_COLLECTION, key(from, to));

  function start(from: string, to: string): Promise<TopicsResult | null> | null {
    const k = key(from, to);
    const existing = running.get(k);
    if (existing) return existing;
    const job = (async () => {
      if (!(await store.claimOnce(`insights:topics:${k}`, CLAIM_SECONDS))) return null;
      try {
        const started = performance.now();
        const result = await computeTopics({ store, from, to, now: clock.now(), retrieval: deps.retrieval });
        await store.putRecord(TOPICS_COLLECTION, k, result, { ttlSeconds: Math.min(deps.retentionSeconds, 7 * 24 * 3600) });
        logger.info({ from, to, topics: result.topics.length, sampled: result.unanswered.read, ms: Math.round(performance.now() - started) }, 'insights: topics grouped');
        return result;
      } finally {
        await store.releaseOnce(`insights:topics:${k}`);
      }
    })()
      .catch((err: unknown) => {
        logger.warn({ err, from, to }, 'insights: topic grouping failed');
        return null;
      })
      .finally(() => running.delete(k));
    running.set(k, job);
    return job;
  }

  return {
    cached,
    async get(from, to, opts = {}) {
      let result = await cached(from, to);
      const fresh = result !== null && !opts.refresh && clock.now() - result.computedAt < FRESH_MS;
      if (fresh) return { status: 'ready', result };
      const job = start(from, to);
      if (opts.waitMs && opts.waitMs > 0) {
        const deadline = Date.now() + opts.waitMs;
        const local = job ? await Promise.race([job, new Promise<null>((r) => setTimeout(() => r(null), opts.waitMs).unref())]) : null;
        if (local) return { status: 'ready', result: local };
        // Another process holds the claim: its result lands in the store.
        while (Date.now() < deadline) {
          const now = await cached(from, to);
          if (now && now.computedAt !== result?.computedAt) return { status: 'ready', result: now };
          await new Promise((r) => setTimeout(r, 100));
        }
        result = await cached(from, to);
      }
      return { status: result ? 'stale' : 'computing', result };
    },
    async idle() {
      await Promise.allSettled([...running.values()]);
    },
  };
}
