import type { Conversation, StoredMessage } from './conversation.js';

/**
 * Conversation state and coordination. Two implementations (src/store/): in-memory
 * for a single process and Redis for several; test/store/ runs one contract suite
 * against both. Every method may throw StoreUnavailableError when the backend is down.
 */
export interface Store {
  readonly kind: 'memory' | 'redis';

  // ---- conversations (all keys expire after the configured history TTL, refreshed on write)
  getConversation(id: string): Promise<Conversation | null>;
  /** Create or replace. */
  saveConversation(conversation: Conversation): Promise<void>;
  /**
   * Atomic read-modify-write of one conversation (a compare-and-set loop in Redis).
   * `update` may be called more than once; return null to abort without writing.
   */
  updateConversation(id: string, update: (current: Conversation) => Conversation | null): Promise<Conversation | null>;
  appendMessage(conversationId: string, message: StoredMessage): Promise<void>;
  /** Replace a stored message with the same id (draft approved, feedback recorded). */
  replaceMessage(conversationId: string, message: StoredMessage): Promise<boolean>;
  /** Oldest first. `limit` keeps the most recent N. */
  getMessages(conversationId: string, opts?: { limit?: number }): Promise<StoredMessage[]>;
  /** Most recently updated first. */
  listConversations(opts?: { limit?: number; offset?: number }): Promise<Conversation[]>;
  countConversations(): Promise<number>;
  /** Erase a conversation everywhere: state, messages, indexes, queue, records linked to it. */
  deleteConversation(id: string): Promise<void>;

  // ---- coordination
  /**
   * Run `fn` holding an exclusive lock on `key`, across processes. Waits up to `waitMs`
   * (then throws LockTimeoutError); the lock auto-expires after `ttlMs` if the holder dies.
   */
  withLock<T>(key: string, fn: () => Promise<T>, opts?: { ttlMs?: number; waitMs?: number }): Promise<T>;
  /** Returns true the first time `key` is seen within `ttlSeconds`, false after (dedupe). */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
  /** Forget a dedupe key, so a message whose processing failed can be retried. */
  releaseOnce(key: string): Promise<void>;

  // ---- records: returns, claims, agents, sessions, corrections, candidate demos
  putRecord<T>(collection: string, id: string, value: T, opts?: { ttlSeconds?: number }): Promise<void>;
  getRecord<T>(collection: string, id: string): Promise<T | null>;
  /** Newest first (by insertion). */
  listRecords<T>(collection: string, opts?: { limit?: number }): Promise<T[]>;
  deleteRecord(collection: string, id: string): Promise<void>;

  // ---- ordered sets: escalation queue (score = waiting since), other indexes
  zAdd(set: string, member: string, score: number): Promise<void>;
  zRemove(set: string, member: string): Promise<boolean>;
  /** Lowest score first. */
  zRange(set: string, opts?: { limit?: number }): Promise<Array<{ member: string; score: number }>>;

  ping(): Promise<void>;
  close(): Promise<void>;
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
}

export interface RateLimiterFactory {
  create(opts: { name: string; points: number; durationSeconds: number }): RateLimiter;
}
