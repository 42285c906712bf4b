import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { TurnObservation, TurnObserver } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import { OUT_OF_SCOPE } from '../core/skill.js';
import type { Store } from '../core/store.js';
import { dayFromNumber, dayNumber, dayOf } from './days.js';
import {
  ALL,
  METRICS,
  field,
  handoffMetric,
  handoffReason,
  methodMetric,
  skillDim,
  variantDim,
  type HandoffReason,
  type UnansweredKind,
} from './fields.js';
import type { InsightsConfig } from './insights-config.js';
import { ownValue } from '../core/own-keys.js';
import { boundedMemo } from '../core/bounded-memo.js';

/** The aggregate holding the per-day counters (`d:<day>`) and samples (`u:<day>` unanswered, `a:<day>` all messages). */
export const INSIGHTS_AGGREGATE = 'insights';
export const dayBucket = (day: string): string => `d:${day}`;
export const unansweredBucket = (day: string): string => `u:${day}`;
export const allBucket = (day: string): string => `a:${day}`;
/** Conversation episodes waiting for their outcome, scored by when it is known. */
export const DUE_SET = 'insights:due';
/** The customer's rating of a conversation (the last one counts), erased with the conversation. */
export const RATINGS_COLLECTION = 'insights-ratings';

/** An episode of a conversation ends after this long without a message; its outcome is counted then. */
export const EPISODE_END_MS = 24 * 3600 * 1000;
/** How much earlier than the last due check's lowest score a turn checks the due set again (see nothingDueBefore). */
const DUE_MARGIN_MS = 60_000;
/** A message on the same skill more than this after the previous one is the customer coming back, not a follow-up. */
export const SESSION_GAP_MS = 30 * 60 * 1000;
/** Per-conversation trackers outlive the end of their episode by a week, so a late finaliser still finds them. */
const TRACKER_TTL_SECONDS = 24 * 3600 + 7 * 24 * 3600;

/** One sampled message: where to find it in the transcript and what happened to it. No customer text. */
export interface SampleEntry {
  /** Conversation id. */
  c: string;
  /** Customer message id. */
  m: string;
  /** Day. */
  d: string;
  /** Skill it was routed to. */
  s: string | null;
  /** Why it is unanswered (unanswered samples only). */
  k?: UnansweredKind;
  /** 1 when the turn handed off. */
  h?: 1;
}

export type Rating = 'up' | 'down';

export interface InsightsRecorder extends TurnObserver {
  /** The customer rated the conversation (thumbs up or down); a new rating replaces their earlier one. */
  rate(conversationId: string, rating: Rating): Promise<{ changed: boolean }>;
  /** An agent took over a conversation that was not waiting for one: a hand-off the bot did not ask for. */
  tookOver(conversationId: string): Promise<void>;
  /** Counts the outcome of episodes whose end has passed (bounded per call); returns how many. */
  finalizeDue(limit?: number): Promise<number>;
  /** Resolves when every observation handed in so far is written (tests, shutdown). */
  idle(): Promise<void>;
}

export interface InsightsRecorderDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  config: Pick<InsightsConfig, 'retentionDays' | 'timeZone' | 'otherConfidence' | 'samplesPerDay'>;
}

/**
 * Trackers and the due set name a conversation by a digest of its id: they hold counts and times,
 * and need not name it. Kept for the last conversations seen (cleared when full): each of a
 * conversation's turns names its tracker, and a hash object per turn was measurable (issue 20).
 */
const DIGESTS_MAX = 4096;
const digestOf = boundedMemo(DIGESTS_MAX, (conversationId: string) => createHash('sha256').update(conversationId).digest('base64url').slice(0, 22));
const trackerOf = (conversationId: string) => `insights-conv.${digestOf(conversationId)}`;
/** A conversation's episode counters are the tracker's bucket `e:<start>`. */
const EPISODE_PREFIX = 'e:';
const episodeBucket = (episode: number) => `${EPISODE_PREFIX}${episode}`;

/** Skill and variant dimensions a tracker saw (its `s:` and `v:` fields). */
function dimsOf(tracker: Record<string, number>): string[] {
  const dims = [ALL];
  for (const key of Object.keys(tracker)) if (key.startsWith('s:') || key.startsWith('v:')) dims.push(key);
  return dims;
}

/**
 * Waits for every write sent together, then fails with the first failure: the next observation
 * of the conversation starts only after all of them (its writes stay in order).
 */
async function settled<T extends readonly unknown[]>(writes: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(writes);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
}

function addAll(target: Record<string, number>, dims: readonly string[], metric: string, n: number): void {
  if (n === 0) return;
  for (const dim of dims) {
    const key = field(dim, metric);
    target[key] = (ownValue(target, key) ?? 0) + n;
  }
}

/**
 * Per-day counters updated on every turn, next to the Prometheus metrics (the same
 * TurnObserver call): one atomic counter write per turn for the day, one for the conversation's
 * tracker, and bounded samples of message references for the topic and term analysis. The
 * outcome of a conversation (resolved automatically or not) is known 24 hours after its last
 * message; whichever process finds it due first counts it (the due set's remove is the claim).
 * Writes happen after the turn answered and never fail it.
 */
export function createInsightsRecorder(deps: InsightsRecorderDeps): InsightsRecorder {
  const { store, clock, logger, config } = deps;
  const ttlSeconds = config.retentionDays * 24 * 3600;
  const inFlight = new Set<Promise<void>>();
  /** Observations of one conversation are written in order within a process. */
  const chains = new Map<string, Promise<void>>();
  /**
   * No episode in the due set is due before this time: the lowest score the last due check left
   * there, less DUE_MARGIN_MS. Every entry is written as its episode's latest message time plus
   * EPISODE_END_MS, so one written after the check is due later, give or take a turn still in
   * flight with an earlier time or another process's clock up to the margin; a larger clock
   * difference only delays the count, as the periodic finalizeDue in main.ts (every 60 s) reads
   * the set whatever this says. Until then a turn skips its
   * due check, which read the due set on every turn to find nothing due (issue 20). A check
   * that fails leaves it where it was, so the next turn checks again.
   */
  let nothingDueBefore = 0;

  function track(conversationId: string, work: () => Promise<void>): void {
    const previous = chains.get(conversationId) ?? Promise.resolve();
    const next = previous.then(work).catch((err: unknown) => logger.warn({ err, conversationId }, 'insights: could not record a turn'));
    chains.set(conversationId, next);
    inFlight.add(next);
    void next.finally(() => {
      inFlight.delete(next);
      if (chains.get(conversationId) === next) chains.delete(conversationId);
    });
  }

  async function currentEpisode(conversationId: string): Promise<{ episode: number; tracker: Record<string, number> } | null> {
    const [ep] = await store.readCounters(trackerOf(conversationId), ['ep']);
    const episode = ep?.episode ?? 0;
    if (!episode) return null;
    const [tracker] = await store.readCounters(trackerOf(conversationId), [episodeBucket(episode)]);
    return tracker && tracker.turns ? { episode, tracker } : null;
  }

  function unansweredKind(o: TurnObservation): UnansweredKind | null {
    if (o.method === null) return null;
    if (o.handoff) return 'handoff';
    if (o.method === 'clarify') return 'clarify';
    if (o.method === 'fallback') return 'fallback';
    if (o.skill === OUT_OF_SCOPE && (o.confidence ?? 0) < config.otherConfidence) return 'other_low_confidence';
    return null;
  }

  /**
   * One turn's writes in two round trips, each a batch of commands issued together (node-redis
   * writes the commands of one event-loop turn in one socket write): the tracker (its episode
   * found and written in one store step), then everything that only needs its answer (the day's
   * counters, a return on the tracker, the samples, the due set and the due check).
   */
  async function record(o: TurnObservation): Promise<void> {
    const now = clock.now();
    const day = dayOf(now, config.timeZone);
    const digest = digestOf(o.conversationId);
    const trackerKey = `insights-conv.${digest}`;
    const skill = o.skill;
    const variant = skill && o.variant ? o.variant : null;
    const replied = o.status === 'sent' || o.status === 'draft' || o.status === 'busy';
    const tokens = o.cost ? o.cost.usage.promptTokens + o.cost.usage.completionTokens : 0;
    const costMicros = o.cost ? Math.round(o.cost.cost * 1_000_000) : 0;
    const handoff = o.handoff === true;
    const skillKey = skill ? skillDim(skill) : null;
    const variantKey = skill && variant ? variantDim(skill, variant) : null;

    const trackerAdd: Record<string, number> = { turns: 1, tokens, cost: costMicros };
    if (skillKey) trackerAdd[skillKey] = 1;
    if (variantKey) trackerAdd[variantKey] = 1;
    if (handoff) trackerAdd.handoffs = 1;
    if (replied) trackerAdd.replies = 1;
    const trackerMax: Record<string, number> = {};
    if (skill) trackerMax[`at:${skill}`] = now;
    // The episode's first turn also records the day it started on.
    const tracked = await store.updateEpisodeCounters(
      trackerKey,
      { marker: 'ep', prefix: EPISODE_PREFIX, at: now, idleMs: EPISODE_END_MS },
      { add: trackerAdd, max: trackerMax, freshMax: { start: dayNumber(day) } },
      { ttlSeconds: TRACKER_TTL_SECONDS },
    );
    const { episode, fresh } = tracked;
    const bucket = episodeBucket(episode);
    const previousAt = skill ? (ownValue(tracked.previous, `at:${skill}`) ?? null) : null;
    const returned = previousAt !== null && now - previousAt >= SESSION_GAP_MS;

    const dims = variantKey ? [ALL, skillKey!, variantKey] : skillKey ? [ALL, skillKey] : [ALL];
    const add: Record<string, number> = {};
    addAll(add, dims, METRICS.messages, 1);
    if (fresh) addAll(add, [ALL], METRICS.conversations, 1);
    if (skillKey && ownValue(tracked.added, skillKey) === 1) addAll(add, [skillKey], METRICS.conversations, 1);
    if (variantKey && ownValue(tracked.added, variantKey) === 1) addAll(add, [variantKey], METRICS.conversations, 1);
    if (o.method) addAll(add, dims, methodMetric(o.method), 1);
    if (replied) addAll(add, dims, METRICS.replies, 1);
    if (replied && o.offline) addAll(add, dims, METRICS.offline, 1);
    if (o.flags.includes('guard_triggered')) addAll(add, dims, METRICS.guard, 1);
    // Hand-offs count conversations: the first of an episode, with its reason.
    if (handoff && tracked.added.handoffs === 1) {
      const reason = handoffReason(o.flags, o.status === 'human' && o.method !== null);
      addAll(add, dims, METRICS.handoffs, 1);
      addAll(add, dims, handoffMetric(reason), 1);
    }
    const kind = unansweredKind(o);
    if (kind) addAll(add, dims, METRICS.unanswered, 1);
    addAll(add, dims, METRICS.tokens, tokens);
    addAll(add, dims, METRICS.costMicros, costMicros);
    if (returned) addAll(add, dims, METRICS.returned, 1);

    // Issued in one tick: one round trip (on a cluster, one write per node). The due check
    // reads the due set after this turn's entry (same key, same connection, in order).
    const writes: Array<Promise<unknown>> = [];
    if (returned) writes.push(store.updateCounters(trackerKey, bucket, { add: { returned: 1 } }, { ttlSeconds: TRACKER_TTL_SECONDS }));
    writes.push(store.updateCounters(INSIGHTS_AGGREGATE, dayBucket(day), { add }, { ttlSeconds }));
    if (o.method !== null) {
      const entry: SampleEntry = { c: o.conversationId, m: o.messageId, d: day, s: skill, ...(kind ? { k: kind } : {}), ...(handoff ? { h: 1 as const } : {}) };
      const value = JSON.stringify(entry);
      if (kind) writes.push(store.offerSample(INSIGHTS_AGGREGATE, unansweredBucket(day), value, { max: config.samplesPerDay.unanswered, ttlSeconds }));
      writes.push(store.offerSample(INSIGHTS_AGGREGATE, allBucket(day), value, { max: config.samplesPerDay.all, ttlSeconds }));
    }
    writes.push(store.zAdd(DUE_SET, `${digest} ${episode}`, now + EPISODE_END_MS));
    if (now >= nothingDueBefore) writes.push(finalizeDue(10));
    await settled(writes);
  }

  /** Counts one ended episode on the day it started: ended, resolved (with its tokens and cost). */
  async function finalize(member: string): Promise<void> {
    const sep = member.lastIndexOf(' ');
    const digest = member.slice(0, sep);
    const episode = Number(member.slice(sep + 1));
    if (!/^[A-Za-z0-9_-]{22}$/.test(digest) || !Number.isSafeInteger(episode)) return;
    const [tracker] = await store.readCounters(`insights-conv.${digest}`, [episodeBucket(episode)]);
    if (!tracker || !tracker.turns) return;
    const day = tracker.start !== undefined ? dayFromNumber(tracker.start) : dayOf(episode, config.timeZone);
    const resolved = (tracker.replies ?? 0) > 0 && !tracker.handoffs && !tracker.returned;
    const add: Record<string, number> = {};
    const dims = dimsOf(tracker);
    addAll(add, dims, METRICS.ended, 1);
    if (resolved) addAll(add, dims, METRICS.resolved, 1);
    await store.updateCounters(INSIGHTS_AGGREGATE, dayBucket(day), { add }, { ttlSeconds });
  }

  async function finalizeDue(limit = 100): Promise<number> {
    const now = clock.now();
    const due = await store.zRange(DUE_SET, { limit });
    let done = 0;
    // The lowest score left in the set: the first not yet due; all were due and taken: none left
    // but those written from now on (due a whole EPISODE_END_MS later); `limit` were due: maybe more.
    let next = due.length < limit ? now + EPISODE_END_MS : now;
    for (const { member, score } of due) {
      if (score > now) {
        next = score;
        break;
      }
      // Removing is the claim: of several processes, exactly one counts the episode.
      if (!(await store.zRemove(DUE_SET, member))) continue;
      await finalize(member);
      done++;
    }
    nothingDueBefore = next - DUE_MARGIN_MS;
    return done;
  }

  return {
    onTurn(o) {
      if (o.status === 'duplicate') return;
      track(o.conversationId, () => record(o));
    },

    async rate(conversationId, rating) {
      const previous = await store.getRecord<{ rating: Rating }>(RATINGS_COLLECTION, conversationId);
      if (previous?.rating === rating) return { changed: false };
      await store.putRecord(RATINGS_COLLECTION, conversationId, { conversationId, rating, at: clock.now() }, { ttlSeconds });
      const current = await currentEpisode(conversationId);
      const day = current?.tracker.start !== undefined ? dayFromNumber(current.tracker.start) : dayOf(clock.now(), config.timeZone);
      const dims = current ? dimsOf(current.tracker) : [ALL];
      const add: Record<string, number> = {};
      addAll(add, dims, rating === 'up' ? METRICS.ratingUp : METRICS.ratingDown, 1);
      if (previous) addAll(add, dims, previous.rating === 'up' ? METRICS.ratingUp : METRICS.ratingDown, -1);
      await store.updateCounters(INSIGHTS_AGGREGATE, dayBucket(day), { add }, { ttlSeconds });
      return { changed: true };
    },

    async tookOver(conversationId) {
      const current = await currentEpisode(conversationId);
      if (!current) return;
      const tracked = await store.updateCounters(trackerOf(conversationId), episodeBucket(current.episode), { add: { handoffs: 1 } }, { ttlSeconds: TRACKER_TTL_SECONDS });
      if (tracked.added.handoffs !== 1) return;
      const add: Record<string, number> = {};
      const reason: HandoffReason = 'agent_took_over';
      const dims = dimsOf(current.tracker);
      addAll(add, dims, METRICS.handoffs, 1);
      addAll(add, dims, handoffMetric(reason), 1);
      await store.updateCounters(INSIGHTS_AGGREGATE, dayBucket(dayOf(clock.now(), config.timeZone)), { add }, { ttlSeconds });
    },

    finalizeDue,

    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
