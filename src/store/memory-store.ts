import { systemClock, type Clock } from '../core/clock.js';
import type { Conversation, StoredMessage } from '../core/conversation.js';
import { StoreUnavailableError } from '../core/errors.js';
import type { Store } from '../core/store.js';
import { DEFAULT_LOCK_TTL_MS, DEFAULT_LOCK_WAIT_MS } from './lock-defaults.js';
import { LockTable } from './memory-lock.js';
import { fromJson, toJson } from './safe-json.js';
import { SortedSet } from './sorted-set.js';
import {
  DEFAULT_CONVERSATION_SETS,
  DEFAULT_LIST_CONVERSATIONS,
  assertCollection,
  linkedConversationId,
  normaliseLimit,
} from './store-rules.js';

export interface MemoryStoreOptions {
  historyTtlSeconds: number;
  maxMessages: number;
  clock?: Clock;
  /** Sorted sets that may hold conversation ids (removed by deleteConversation). */
  conversationSets?: readonly string[];
}

interface StoredRecord {
  json: string;
  seq: number;
}

interface Collection {
  items: Map<string, StoredRecord>;
  /** Insertion order (score = sequence number), for newest-first listing. */
  order: SortedSet;
  seq: number;
}

// Expiry entries share one sorted set; the tag says which structure an entry belongs to.
const CONV = 'c\n';
const ONCE = 'o\n';
const RECORD = 'r\n';

/**
 * The single-process Store. Values are kept as JSON text, like Redis keeps them, so callers
 * get copies and both implementations round-trip data identically. Every call first sweeps
 * what has expired (the head of one expiry-ordered set), so memory stays bounded by live data.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly #ttlMs: number;
  readonly #maxMessages: number;
  readonly #clock: Clock;
  readonly #conversationSets: readonly string[];

  readonly #conversations = new Map<string, string>();
  readonly #messages = new Map<string, string[]>();
  /** Conversation ids by updatedAt. */
  readonly #recent = new SortedSet();
  /** Tagged key -> expiry time (clock ms). */
  readonly #expiry = new SortedSet();
  readonly #once = new Set<string>();
  readonly #collections = new Map<string, Collection>();
  /** Conversation id -> "collection\nid" of records that name it. */
  readonly #links = new Map<string, Set<string>>();
  readonly #sets = new Map<string, SortedSet>();
  readonly #locks = new LockTable();
  #closed = false;

  constructor(opts: MemoryStoreOptions) {
    this.#ttlMs = Math.round(opts.historyTtlSeconds * 1000);
    this.#maxMessages = opts.maxMessages;
    this.#clock = opts.clock ?? systemClock;
    this.#conversationSets = opts.conversationSets ?? DEFAULT_CONVERSATION_SETS;
  }

  // ---- conversations

  async getConversation(id: string): Promise<Conversation | null> {
    this.#enter();
    const json = this.#conversations.get(id);
    return json === undefined ? null : fromJson<Conversation>(json);
  }

  async saveConversation(conversation: Conversation): Promise<void> {
    this.#enter();
    this.#writeConversation(conversation.id, toJson(conversation), conversation.updatedAt);
  }

  async updateConversation(
    id: string,
    update: (current: Conversation) => Conversation | null,
  ): Promise<Conversation | null> {
    this.#enter();
    const json = this.#conversations.get(id);
    if (json === undefined) return null;
    // Read, update and write happen in one synchronous stretch: nothing can interleave.
    const next = update(fromJson<Conversation>(json));
    if (next === null) return null;
    const text = toJson({ ...next, id });
    this.#writeConversation(id, text, next.updatedAt);
    return fromJson<Conversation>(text);
  }

  async appendMessage(conversationId: string, message: StoredMessage): Promise<void> {
    this.#enter();
    const json = toJson(message);
    let list = this.#messages.get(conversationId);
    if (!list) this.#messages.set(conversationId, (list = []));
    list.push(json);
    if (list.length > this.#maxMessages) list.splice(0, list.length - this.#maxMessages);
    this.#touch(conversationId);
  }

  async replaceMessage(conversationId: string, message: StoredMessage): Promise<boolean> {
    this.#enter();
    const list = this.#messages.get(conversationId);
    if (!list) return false;
    const at = list.findIndex((raw) => fromJson<StoredMessage>(raw).id === message.id);
    if (at < 0) return false;
    list[at] = toJson(message);
    this.#touch(conversationId);
    return true;
  }

  async getMessages(conversationId: string, opts: { limit?: number } = {}): Promise<StoredMessage[]> {
    this.#enter();
    const list = this.#messages.get(conversationId) ?? [];
    const limit = normaliseLimit(opts.limit, list.length);
    if (limit === 0) return [];
    return list.slice(-limit).map((raw) => fromJson<StoredMessage>(raw));
  }

  async listConversations(opts: { limit?: number; offset?: number } = {}): Promise<Conversation[]> {
    this.#enter();
    const limit = normaliseLimit(opts.limit, DEFAULT_LIST_CONVERSATIONS);
    const offset = normaliseLimit(opts.offset, 0);
    return this.#recent
      .range(offset, limit, true)
      .map(({ member }) => fromJson<Conversation>(this.#conversations.get(member)!));
  }

  async countConversations(): Promise<number> {
    this.#enter();
    return this.#recent.size;
  }

  async deleteConversation(id: string): Promise<void> {
    this.#enter();
    this.#dropConversation(id);
    this.#expiry.remove(CONV + id);
    for (const name of this.#conversationSets) this.#sets.get(name)?.remove(id);
    const links = this.#links.get(id);
    this.#links.delete(id);
    for (const link of links ?? []) {
      const sep = link.indexOf('\n');
      this.#deleteRecordNow(link.slice(0, sep), link.slice(sep + 1));
    }
  }

  // ---- coordination

  async withLock<T>(key: string, fn: () => Promise<T>, opts: { ttlMs?: number; waitMs?: number } = {}): Promise<T> {
    this.#enter();
    return this.#locks.run(key, fn, opts.ttlMs ?? DEFAULT_LOCK_TTL_MS, opts.waitMs ?? DEFAULT_LOCK_WAIT_MS);
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    this.#enter();
    if (this.#once.has(key)) return false;
    this.#once.add(key);
    this.#expiry.add(ONCE + key, this.#clock.now() + Math.round(ttlSeconds * 1000));
    return true;
  }

  async releaseOnce(key: string): Promise<void> {
    this.#enter();
    this.#once.delete(key);
    this.#expiry.remove(ONCE + key);
  }

  // ---- records

  async putRecord<T>(collection: string, id: string, value: T, opts: { ttlSeconds?: number } = {}): Promise<void> {
    assertCollection(collection);
    this.#enter();
    const json = toJson(value);
    let col = this.#collections.get(collection);
    if (!col) this.#collections.set(collection, (col = { items: new Map(), order: new SortedSet(), seq: 0 }));
    const existing = col.items.get(id);
    // Overwriting keeps the record's place: "newest first" is by first insertion.
    const seq = existing ? existing.seq : ++col.seq;
    col.items.set(id, { json, seq });
    col.order.add(id, seq);
    const tag = RECORD + collection + '\n' + id;
    if (opts.ttlSeconds !== undefined) this.#expiry.add(tag, this.#clock.now() + Math.round(opts.ttlSeconds * 1000));
    else this.#expiry.remove(tag);
    const conversationId = linkedConversationId(value);
    if (conversationId !== undefined) {
      let links = this.#links.get(conversationId);
      if (!links) this.#links.set(conversationId, (links = new Set()));
      links.add(collection + '\n' + id);
    }
  }

  async getRecord<T>(collection: string, id: string): Promise<T | null> {
    assertCollection(collection);
    this.#enter();
    const item = this.#collections.get(collection)?.items.get(id);
    return item === undefined ? null : fromJson<T>(item.json);
  }

  async listRecords<T>(collection: string, opts: { limit?: number } = {}): Promise<T[]> {
    assertCollection(collection);
    this.#enter();
    const col = this.#collections.get(collection);
    if (!col) return [];
    const limit = normaliseLimit(opts.limit, col.order.size);
    return col.order.range(0, limit, true).map(({ member }) => fromJson<T>(col.items.get(member)!.json));
  }

  async deleteRecord(collection: string, id: string): Promise<void> {
    assertCollection(collection);
    this.#enter();
    const item = this.#collections.get(collection)?.items.get(id);
    if (!item) return;
    const conversationId = linkedConversationId(fromJson<unknown>(item.json));
    if (conversationId !== undefined) this.#unlink(conversationId, collection, id);
    this.#deleteRecordNow(collection, id);
  }

  // ---- sorted sets

  async zAdd(set: string, member: string, score: number): Promise<void> {
    this.#enter();
    let z = this.#sets.get(set);
    if (!z) this.#sets.set(set, (z = new SortedSet()));
    z.add(member, score);
  }

  async zRemove(set: string, member: string): Promise<boolean> {
    this.#enter();
    const z = this.#sets.get(set);
    if (!z) return false;
    const removed = z.remove(member);
    if (z.size === 0) this.#sets.delete(set);
    return removed;
  }

  async zRange(set: string, opts: { limit?: number } = {}): Promise<Array<{ member: string; score: number }>> {
    this.#enter();
    const z = this.#sets.get(set);
    if (!z) return [];
    return z.range(0, normaliseLimit(opts.limit, z.size));
  }

  async ping(): Promise<void> {
    this.#enter();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#locks.clear();
  }

  // ---- internals

  /** Every call starts here: refuse when closed, then drop whatever has expired. */
  #enter(): void {
    if (this.#closed) throw new StoreUnavailableError('the memory store is closed');
    const now = this.#clock.now();
    const lowest = this.#expiry.lowestScore();
    if (lowest === undefined || lowest > now) return;
    for (const tag of this.#expiry.popUpTo(now)) this.#expire(tag);
  }

  #expire(tag: string): void {
    if (tag.startsWith(CONV)) {
      this.#dropConversation(tag.slice(CONV.length));
    } else if (tag.startsWith(ONCE)) {
      this.#once.delete(tag.slice(ONCE.length));
    } else {
      const rest = tag.slice(RECORD.length);
      const sep = rest.indexOf('\n');
      const collection = rest.slice(0, sep);
      const id = rest.slice(sep + 1);
      const item = this.#collections.get(collection)?.items.get(id);
      const conversationId = item && linkedConversationId(fromJson<unknown>(item.json));
      if (conversationId !== undefined) this.#unlink(conversationId, collection, id);
      this.#deleteRecordNow(collection, id);
    }
  }

  #writeConversation(id: string, json: string, updatedAt: number): void {
    this.#conversations.set(id, json);
    this.#recent.add(id, updatedAt);
    this.#touch(id);
  }

  /** Conversation state and messages share one TTL, refreshed by every write to either. */
  #touch(id: string): void {
    this.#expiry.add(CONV + id, this.#clock.now() + this.#ttlMs);
  }

  #dropConversation(id: string): void {
    this.#conversations.delete(id);
    this.#messages.delete(id);
    this.#recent.remove(id);
  }

  #deleteRecordNow(collection: string, id: string): void {
    const col = this.#collections.get(collection);
    if (!col) return;
    col.items.delete(id);
    col.order.remove(id);
    this.#expiry.remove(RECORD + collection + '\n' + id);
    if (col.items.size === 0) this.#collections.delete(collection);
  }

  #unlink(conversationId: string, collection: string, id: string): void {
    const links = this.#links.get(conversationId);
    if (!links) return;
    links.delete(collection + '\n' + id);
    if (links.size === 0) this.#links.delete(conversationId);
  }
}
