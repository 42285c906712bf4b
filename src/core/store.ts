import type { Conversation, StoredMessage } from './conversation.js';

/**
 * Conversation state and coordination. Two implementations (src/store/): in-memory
 * for a single process and Redis for several; test/store/ runs one contract suite
 * against both. Every method may throw StoreUnavailableError when the backend is down.
 *
 * Erasure is final: deleteConversation leaves a tombstone (no customer data, only the time
 * of the erasure) for a day, and every write that would bring the erased conversation back
 * throws ConversationErasedError, whichever process makes it: saving a conversation created
 * at or before the erasure, appending to it, queueing it, or linking a record to it. A
 * conversation created after the erasure (a new Teams or Slack message in the same chat) is
 * a new one and may be saved.
 */
export interface Store {
  readonly kind: 'memory' | 'redis';

  // ---- conversations
  // A conversation without messages expires after the (short) empty-conversation TTL; from
  // its first message on, state and messages expire together after the history TTL,
  // refreshed on every write. It is listed (listConversations, countConversations) from its
  // first customer message on, so empty conversations never crowd out real customers.
  getConversation(id: string): Promise<Conversation | null>;
  /** Create or replace. Throws ConversationErasedError for an erased id unless created after the erasure. */
  saveConversation(conversation: Conversation): Promise<void>;
  // The escalation queue (ESCALATION_QUEUE) is an index of `waitingSince`: saveConversation and
  // updateConversation put the conversation in it (scored by waitingSince) or take it out, in the
  // same atomic write as the conversation, so the two never disagree.
  /**
   * Atomic read-modify-write of one conversation (a compare-and-set loop in Redis).
   * `update` may be called more than once; return null to abort without writing.
   * Null when the conversation does not exist (or was erased meanwhile).
   */
  updateConversation(
    id: string,
    update: (current: Conversation) => Conversation | null,
    opts?: {
      /**
       * A message appended in the same atomic step, only when the update writes (made after
       * `update` ran, so it may depend on what the update decided). Like appendMessage, a customer
       * message lists the conversation. Several messages are appended in order (a turn's
       * customer message and its reply). On Redis: one round trip for all.
       */
      append?: () => StoredMessage | StoredMessage[];
      /**
       * Where the first appended message goes: right after the stored message with this id
       * (null: before every message) when that place is among the last 8 messages, else at the
       * end; absent: at the end. The others always go at the end. A turn writes its customer
       * message with its reply: after the last message it read, before any stored since (an
       * agent's take-over notice), as if written when the turn started.
       */
      appendAfter?: string | null;
    },
  ): Promise<Conversation | null>;
  /** Throws ConversationErasedError when the conversation was erased (and not re-created since). */
  appendMessage(conversationId: string, message: StoredMessage): Promise<void>;
  /** Replace a stored message with the same id (draft approved, feedback recorded). */
  replaceMessage(conversationId: string, message: StoredMessage): Promise<boolean>;
  /** Oldest first. `limit` keeps the most recent N. */
  getMessages(conversationId: string, opts?: { limit?: number }): Promise<StoredMessage[]>;
  /** Conversations with a customer message, most recently updated first. */
  listConversations(opts?: { limit?: number; offset?: number }): Promise<Conversation[]>;
  countConversations(): Promise<number>;
  /** Erase a conversation everywhere (state, messages, indexes, queue, linked records) and leave its tombstone. */
  deleteConversation(id: string): Promise<void>;
  /** When the conversation was erased (store clock, epoch ms), while its tombstone lasts; else null. */
  erasedAt(id: string): Promise<number | null>;

  // ---- coordination
  /**
   * Run `fn` holding an exclusive lock on `key`, across processes. Waits up to `waitMs`
   * (then throws LockTimeoutError). The lock is a lease of `ttlMs`, renewed by a heartbeat
   * while `fn` runs (for at most `maxHoldMs`), so a holder that dies frees it within `ttlMs`
   * while a live one keeps it however long its work takes.
   */
  withLock<T>(key: string, fn: () => Promise<T>, opts?: { ttlMs?: number; waitMs?: number; maxHoldMs?: number }): Promise<T>;
  /**
   * withLock for work done once per `onceKey` (a message answered once): when `onceKey` is
   * marked, checked before waiting and again as the lock is taken (in one step), `duplicate()`
   * runs instead, without the lock; otherwise `fn` runs holding the lock and, once it
   * succeeded, `onceKey` is marked for `onceTtlSeconds` in the step that frees the lock. On
   * Redis: one round trip to start, one to end. The marker lives in the lock's scope (on a
   * Redis Cluster, the lock's hash slot): hasOnce/markOnce do not see it.
   *
   * With `load` (the lock must then be the conversation's own, key `conv:<id>`), the step that
   * takes the lock (or finds the marker) also reads the conversation, its tombstone and its
   * last `messages` messages, and hands them to `fn` (or `duplicate`): read under the lock, in
   * the same round trip (issue 20).
   */
  withLockOnce<T>(
    key: string,
    onceKey: string,
    fn: (loaded: ConversationSnapshot | undefined) => Promise<T>,
    duplicate: (loaded: ConversationSnapshot | undefined) => Promise<T>,
    opts: { onceTtlSeconds: number; ttlMs?: number; waitMs?: number; maxHoldMs?: number; load?: { conversationId: string; messages: number } },
  ): Promise<T>;
  /** Returns true the first time `key` is seen within `ttlSeconds`, false after (dedupe). */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
  /** Forget a dedupe key, so a message whose processing failed can be retried. */
  releaseOnce(key: string): Promise<void>;
  /** Whether `key` is claimed or marked now. */
  hasOnce(key: string): Promise<boolean>;
  /** Mark `key` for `ttlSeconds` from now, claimed before or not (work done: remember it). */
  markOnce(key: string, ttlSeconds: number): Promise<void>;

  // ---- records: returns, claims, agents, sessions, corrections, candidate demos
  /** A value naming an erased conversation (`conversationId`) is refused with ConversationErasedError. */
  putRecord<T>(collection: string, id: string, value: T, opts?: { ttlSeconds?: number }): Promise<void>;
  getRecord<T>(collection: string, id: string): Promise<T | null>;
  /** Newest first (by insertion). */
  listRecords<T>(collection: string, opts?: { limit?: number }): Promise<T[]>;
  deleteRecord(collection: string, id: string): Promise<void>;

  // ---- ordered sets: escalation queue (score = waiting since), other indexes
  /** In a set of conversation ids (the escalation queue), an erased conversation is refused with ConversationErasedError. */
  zAdd(set: string, member: string, score: number): Promise<void>;
  zRemove(set: string, member: string): Promise<boolean>;
  /** Lowest score first. */
  zRange(set: string, opts?: { limit?: number }): Promise<Array<{ member: string; score: number }>>;

  // ---- counters and samples: small aggregates kept per bucket (e.g. insights' per-day figures)
  // Names of one aggregate stay together (one hash tag in Redis), so each call touches one
  // aggregate only. Nothing here is a conversation's data: erasing one does not touch them.
  /**
   * One atomic write to the counters `bucket` of `aggregate`: adds each `add` increment and
   * raises each `max` field to its value when that is higher (or the field is missing). The
   * bucket expires `ttlSeconds` after this write. Returns the new value of each `add` field and
   * the value each `max` field had before (null when it had none). Integers only.
   */
  updateCounters(aggregate: string, bucket: string, change: CounterChange, opts: { ttlSeconds: number }): Promise<CounterUpdate>;
  /**
   * updateCounters on the current episode of `aggregate` (a run of writes without a gap longer
   * than `idleMs`), found and written in one atomic step (issue 20: one round trip, not two in a
   * row). Bucket `marker` holds `last`, raised to `at`, and `episode`, when the current episode
   * started: with no episode, or with `last` more than `idleMs` before `at`, a fresh episode
   * starts at `at`. Then `change`, and `freshMax` on a fresh episode only, go to the bucket
   * `${prefix}${episode}` as updateCounters writes them (`previous` covers the max fields written).
   * Both buckets expire `ttlSeconds` after this write.
   */
  updateEpisodeCounters(aggregate: string, episode: EpisodeRef, change: EpisodeCounterChange, opts: { ttlSeconds: number }): Promise<EpisodeCounterUpdate>;
  /** The counters of each bucket of `aggregate`, in the order asked ({} for a missing or expired one). */
  readCounters(aggregate: string, buckets: readonly string[]): Promise<Array<Record<string, number>>>;
  /**
   * Offers `value` to the bounded sample `bucket` of `aggregate` (reservoir sampling: of N values
   * offered, each is kept with the same chance max/N). The bucket expires `ttlSeconds` after this
   * write. Returns whether the value was kept.
   */
  offerSample(aggregate: string, bucket: string, value: string, opts: { max: number; ttlSeconds: number }): Promise<boolean>;
  /** Each bucket's kept values and how many were offered, in the order asked. */
  readSamples(aggregate: string, buckets: readonly string[]): Promise<Array<{ offered: number; values: string[] }>>;

  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A conversation as withLockOnce's `load` reads it: state, tombstone and last messages, in one step. */
export interface ConversationSnapshot {
  conversation: Conversation | null;
  /** As erasedAt() would answer. */
  erasedAt: number | null;
  /** The last messages asked for, oldest first (as getMessages with that limit). */
  messages: StoredMessage[];
}

/** The lock key withLockOnce's `load` requires: the conversation's own (one hash slot on a Redis Cluster). */
export function conversationLockKey(conversationId: string): string {
  return `conv:${conversationId}`;
}

/** Integer changes to one counters bucket (Store.updateCounters). */
export interface CounterChange {
  add?: Record<string, number>;
  max?: Record<string, number>;
}

export interface CounterUpdate {
  /** New values of the `add` fields. */
  added: Record<string, number>;
  /** Values the `max` fields had before this write (null: none). */
  previous: Record<string, number | null>;
}

/** Where updateEpisodeCounters finds and writes the episode (see there). */
export interface EpisodeRef {
  marker: string;
  prefix: string;
  /** The write's time (epoch ms, a positive integer). */
  at: number;
  idleMs: number;
}

/** updateCounters' change, plus max fields written only when the episode starts with this write. */
export interface EpisodeCounterChange extends CounterChange {
  freshMax?: Record<string, number>;
}

/** What updateEpisodeCounters wrote to: the episode (its start) and whether this write started it. */
export interface EpisodeCounterUpdate extends CounterUpdate {
  episode: number;
  fresh: boolean;
}

/** Sorted set of conversations waiting for a human, scored by when they started waiting. */
export const ESCALATION_QUEUE = 'queue:escalations';

/** Cross-process events (assist panel live updates, skill reloads). */
export interface EventBus {
  publish(topic: string, payload: unknown): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(topic: string, handler: (payload: unknown) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Fixed-window/point rate limiting (rate-limiter-flexible underneath), shared across processes with Redis. */
export interface RateLimiter {
  /** Consume one point for `key`; resolves with ok=false and the wait when over the limit. */
  consume(key: string, points?: number): Promise<{ ok: true; remaining: number } | { ok: false; retryAfterMs: number }>;
  /** Points left for `key` in the current window, without consuming any (limits that count only failures). */
  remaining(key: string): Promise<number>;
  /** Give back points consumed in the current window (an attempt that turned out not to count, e.g. a successful sign-in). */
  reward(key: string, points?: number): Promise<void>;
}

export interface RateLimiterFactory {
  create(opts: { name: string; points: number; durationSeconds: number }): RateLimiter;
}
