/** Rules both Store implementations share, so they behave the same under the contract suite. */
import { conversationLockKey, type EpisodeCounterChange, type EpisodeRef } from '../core/store.js';

/**
 * Sorted sets whose members are conversation ids, so deleteConversation can remove the
 * conversation from them. The escalation queue name matches ESCALATION_QUEUE in the engine;
 * the store cannot import the engine (imports point inward), so it is repeated here.
 */
export const DEFAULT_CONVERSATION_SETS: readonly string[] = ['queue:escalations'];

/** Collections share one namespace with their ids in Redis keys, so a separator is not allowed in them. */
const COLLECTION_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function assertCollection(collection: string): void {
  if (!COLLECTION_NAME.test(collection)) {
    throw new TypeError(`invalid record collection "${collection}": use 1-64 letters, digits, "_", "." or "-"`);
  }
}

/** A record is linked to a conversation (and erased with it) when its value names one. */
export function linkedConversationId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const id = (value as { conversationId?: unknown }).conversationId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** Normalises an optional limit: undefined means `fallback`; negatives and NaN mean 0. */
export function normaliseLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : limit === Infinity ? Number.MAX_SAFE_INTEGER : 0;
}

/** listConversations without a limit returns this many: a full listing of 100k conversations is never what a caller wants by accident. */
export const DEFAULT_LIST_CONVERSATIONS = 100;

/**
 * How long an erased conversation's tombstone lasts. It must outlive every write still in
 * flight for the erased conversation (a turn waiting for its lock, a model call, a Teams or
 * Slack reply queued behind others): a day is far beyond any of them, and the tombstone
 * holds nothing but the time of the erasure.
 */
export const TOMBSTONE_TTL_SECONDS = 24 * 3600;

/** A conversation with no message yet (a web chat widget that never wrote) expires after this by default. */
export const DEFAULT_EMPTY_CONVERSATION_TTL_SECONDS = 10 * 60;

/** Aggregate and bucket names of counters and samples: they become part of Redis keys (no braces: the aggregate is the hash tag). */
const COUNTER_NAME = /^[A-Za-z0-9_.:-]{1,120}$/;
/** Counter fields: visible ASCII, bounded. */
const COUNTER_FIELD = /^[\x21-\x7e]{1,200}$/;

export function assertCounterNames(aggregate: string, buckets: readonly string[]): void {
  if (!COUNTER_NAME.test(aggregate)) throw new TypeError(`invalid counter aggregate "${aggregate.slice(0, 120)}": use 1-120 letters, digits, "_", ".", ":" or "-"`);
  for (const b of buckets) if (!COUNTER_NAME.test(b)) throw new TypeError(`invalid counter bucket "${b.slice(0, 120)}": use 1-120 letters, digits, "_", ".", ":" or "-"`);
}

/**
 * Checks updateEpisodeCounters' arguments: bucket names (the episode's as this write would name
 * it), integer times, the change; returns its entries, fresh-only max fields apart, and the TTL.
 */
export function episodeEntries(aggregate: string, episode: EpisodeRef, change: EpisodeCounterChange, ttlSeconds: number) {
  if (!Number.isSafeInteger(episode.at) || episode.at <= 0) throw new TypeError(`episode time must be a positive integer, got ${episode.at}`);
  if (!Number.isSafeInteger(episode.idleMs) || episode.idleMs < 0) throw new TypeError(`episode idleMs must be a non-negative integer, got ${episode.idleMs}`);
  assertCounterNames(aggregate, [episode.marker, `${episode.prefix}${episode.at}`]);
  return { ...counterEntries(change), freshMax: counterEntries({ max: change.freshMax }).max, ttlMs: ttlMsOf(ttlSeconds) };
}

/** Checks a counter change: visible-ASCII fields, safe integers; returns its add and max entries. */
export function counterEntries(change: { add?: Record<string, number>; max?: Record<string, number> }): { add: Array<[string, number]>; max: Array<[string, number]> } {
  const check = (entries: Array<[string, number]>) => {
    for (const [field, value] of entries) {
      if (!COUNTER_FIELD.test(field)) throw new TypeError(`invalid counter field "${field.slice(0, 200)}"`);
      if (!Number.isSafeInteger(value)) throw new TypeError(`counter field "${field}": ${value} is not a safe integer`);
    }
    return entries;
  };
  return { add: check(Object.entries(change.add ?? {})), max: check(Object.entries(change.max ?? {})) };
}

export function assertSampleMax(max: number): void {
  if (!Number.isSafeInteger(max) || max < 1) throw new TypeError(`sample max must be a positive integer, got ${max}`);
}

export function ttlMsOf(ttlSeconds: number): number {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new TypeError(`ttlSeconds must be positive, got ${ttlSeconds}`);
  return Math.max(1, Math.round(ttlSeconds * 1000));
}

/**
 * How far back from the end updateConversation's `appendAfter` looks for its message: a turn's
 * customer message goes after the last message the turn read, before what others stored since.
 */
export const PLACE_LOOKBACK = 8;

/** Where updateConversation's first appended message goes, as the Redis script reads it ('' the end, '^' the start, '>'+id after it). */
export function placement(appendAfter: string | null | undefined): string {
  return appendAfter === undefined ? '' : appendAfter === null ? '^' : `>${appendAfter}`;
}

/** withLockOnce's `load` reads under the conversation's own lock only (on Redis Cluster, its keys share that lock's slot). */
export function checkLoadLock(key: string, load: { conversationId: string } | undefined): void {
  if (load && key !== conversationLockKey(load.conversationId)) throw new TypeError(`withLockOnce: load needs the conversation's own lock ("${conversationLockKey(load.conversationId)}"), not "${key}"`);
}
