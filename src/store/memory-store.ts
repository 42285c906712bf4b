import { systemClock, type Clock } from '../core/clock.js';
import type { Conversation, StoredMessage } from '../core/conversation.js';
import { ConversationErasedError, StoreUnavailableError } from '../core/errors.js';
import { ESCALATION_QUEUE, type ConversationSnapshot, type CounterChange, type CounterUpdate, type EpisodeCounterChange, type EpisodeCounterUpdate, type EpisodeRef, type Store } from '../core/store.js';
import { DEFAULT_LOCK_MAX_HOLD_MS, DEFAULT_LOCK_WAIT_MS } from './lock-defaults.js';
import { LockTable } from './memory-lock.js';
import { fromJson, fromJsonEach, toJson } from './safe-json.js';
import { SortedSet } from './sorted-set.js';
import {
  DEFAULT_CONVERSATION_SETS,
  DEFAULT_EMPTY_CONVERSATION_TTL_SECONDS,
  DEFAULT_LIST_CONVERSATIONS,
  TOMBSTONE_TTL_SECONDS,
  assertCollection,
  assertCounterNames,
  assertSampleMax,
  checkLoadLock,
  counterEntries,
  episodeEntries,
  ttlMsOf,
  linkedConversationId,
  normaliseLimit,
  PLACE_LOOKBACK,
} from './store-rules.js';

export interface MemoryStoreOptions {
  historyTtlSeconds: number;
  maxMessages: number;
  clock?: Clock;
  /** Sorted sets that may hold conversation ids (removed by deleteConversation). */
  conversationSets?: readonly string[];
  /** How long a conversation without messages is kept (default 10 minutes). */
  emptyConversationTtlSeconds?: number;
  /**
   * At most this many conversations are kept (MEMORY_STORE_MAX_CONVERSATIONS); past it the
   * least recently written one is evicted. Dedupe markers, tombstones, counters and the members
   * of each sorted set other than conversationSets are bounded at ten times as many (those
   * closest to expiry, or lowest scored, go first). Default 10,000.
   */
  maxConversations?: number;
}

export const DEFAULT_MEMORY_MAX_CONVERSATIONS = 10_000;
/** Dedupe markers and tombstones are small; they may outnumber conversations by this much. */
const MARKERS_PER_CONVERSATION = 10;

interface StoredRecord {
  json: string;
  seq: number;
}

/** A stored message: its JSON, and its id beside it so placing and replacing need not parse the list. */
interface MessageEntry {
  id: string;
  json: string;
}

/** The last `limit` messages of a list, parsed (one array kind whether empty or not: see fromJsonEach). */
function lastMessages(list: readonly MessageEntry[], limit: number): StoredMessage[] {
  return fromJsonEach<StoredMessage, MessageEntry>(list, list.length - limit, messageJson);
}

function messageJson(entry: MessageEntry): string {
  return entry.json;
}

interface Collection {
  items: Map<string, StoredRecord>;
  /** Insertion order (score = sequence number), for newest-first listing. */
  order: SortedSet;
  seq: number;
}

/**
 * The single-process Store. Values are kept as JSON text, like Redis keeps them, so callers
 * get copies and both implementations round-trip data identically. Every call first sweeps
 * what has expired (the heads of expiry-ordered sets, one per kind), and every kind that
 * customers can make grow (conversations, dedupe markers, tombstones) has a count bound past
 * which the entry closest to expiry goes first: memory stays bounded whatever the traffic.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  readonly #ttlMs: number;
  readonly #emptyTtlMs: number;
  readonly #maxMessages: number;
  readonly #maxConversations: number;
  readonly #maxMarkers: number;
  readonly #clock: Clock;
  readonly #conversationSets: readonly string[];

  readonly #conversations = new Map<string, string>();
  readonly #messages = new Map<string, MessageEntry[]>();
  /** Listed conversation ids (those with a customer message) by updatedAt. */
  readonly #recent = new SortedSet();
  /** Conversation id (state and/or messages) -> expiry time (clock ms). */
  readonly #conversationExpiry = new SortedSet();
  /** Conversation id -> write sequence number: its size is the conversation count, its head the next to evict. */
  readonly #conversationAge = new SortedSet();
  #writes = 0;
  /** Dedupe key -> expiry. */
  readonly #once = new SortedSet();
  /** Erased conversation id -> erasure time, and its expiry. */
  readonly #gone = new Map<string, number>();
  readonly #goneExpiry = new SortedSet();
  /** "collection\nid" of records with a TTL -> expiry. */
  readonly #recordExpiry = new SortedSet();
  readonly #collections = new Map<string, Collection>();
  /** Conversation id -> "collection\nid" of records that name it. */
  readonly #links = new Map<string, Set<string>>();
  readonly #sets = new Map<string, SortedSet>();
  readonly #locks = new LockTable();
  /** "aggregate\nbucket" -> counters, and -> sample; both expire by #aggregateExpiry (bounded like markers). */
  readonly #counters = new Map<string, Map<string, number>>();
  readonly #samples = new Map<string, { offered: number; values: string[] }>();
  readonly #aggregateExpiry = new SortedSet();
  #closed = false;

  constructor(opts: MemoryStoreOptions) {
    this.#ttlMs = Math.round(opts.historyTtlSeconds * 1000);
    this.#emptyTtlMs = Math.round((opts.emptyConversationTtlSeconds ?? DEFAULT_EMPTY_CONVERSATION_TTL_SECONDS) * 1000);
    this.#maxMessages = opts.maxMessages;
    this.#maxConversations = Math.max(1, opts.maxConversations ?? DEFAULT_MEMORY_MAX_CONVERSATIONS);
    this.#maxMarkers = this.#maxConversations * MARKERS_PER_CONVERSATION;
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
    const erased = this.#gone.get(conversation.id);
    if (erased !== undefined && conversation.createdAt <= erased) throw new ConversationErasedError(conversation.id);
    this.#writeConversation(conversation.id, toJson(conversation), conversation.updatedAt, conversation.waitingSince);
  }

  async updateConversation(
    id: string,
    update: (current: Conversation) => Conversation | null,
    opts: { append?: () => StoredMessage | StoredMessage[]; appendAfter?: string | null } = {},
  ): Promise<Conversation | null> {
    this.#enter();
    const json = this.#conversations.get(id);
    if (json === undefined) return null;
    // Read, update and write happen in one synchronous stretch: nothing can interleave.
    const next = update(fromJson<Conversation>(json));
    if (next === null) return null;
    const text = toJson({ ...next, id });
    this.#writeConversation(id, text, next.updatedAt, next.waitingSince);
    if (opts.append) [opts.append()].flat().forEach((message, i) => this.#append(id, message, i === 0 ? opts.appendAfter : undefined));
    return fromJson<Conversation>(text);
  }

  async appendMessage(conversationId: string, message: StoredMessage): Promise<void> {
    this.#enter();
    this.#append(conversationId, message);
  }

  /** `after`: updateConversation's `appendAfter` (undefined: at the end), as Redis's PLACE_AFTER. */
  #append(conversationId: string, message: StoredMessage, after?: string | null): void {
    const hasState = this.#conversations.has(conversationId);
    if (!hasState && this.#gone.has(conversationId)) throw new ConversationErasedError(conversationId);
    const json = toJson(message);
    let list = this.#messages.get(conversationId);
    if (!list) this.#messages.set(conversationId, (list = []));
    let at = list.length;
    if (after !== undefined) {
      let i = list.length;
      while (i > 0 && list.length - i < PLACE_LOOKBACK && (after === null || list[i - 1]!.id !== after)) i--;
      if (after === null ? list.length < PLACE_LOOKBACK : i > 0 && list.length - i < PLACE_LOOKBACK) at = i;
    }
    list.splice(at, 0, { id: message.id, json });
    if (list.length > this.#maxMessages) list.splice(0, list.length - this.#maxMessages);
    if (hasState && message.role === 'customer' && this.#recent.score(conversationId) === undefined) this.#recent.add(conversationId, message.at);
    this.#touch(conversationId);
  }

  async replaceMessage(conversationId: string, message: StoredMessage): Promise<boolean> {
    this.#enter();
    const list = this.#messages.get(conversationId);
    if (!list) return false;
    const at = list.findIndex((entry) => entry.id === message.id);
    if (at < 0) return false;
    list[at] = { id: message.id, json: toJson(message) };
    this.#touch(conversationId);
    return true;
  }

  async getMessages(conversationId: string, opts: { limit?: number } = {}): Promise<StoredMessage[]> {
    this.#enter();
    const list = this.#messages.get(conversationId) ?? [];
    const limit = normaliseLimit(opts.limit, list.length);
    return lastMessages(list, limit);
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
    for (const name of this.#conversationSets) this.#sets.get(name)?.remove(id);
    const links = this.#links.get(id);
    this.#links.delete(id);
    for (const link of links ?? []) {
      const sep = link.indexOf('\n');
      this.#deleteRecordNow(link.slice(0, sep), link.slice(sep + 1));
    }
    const now = this.#clock.now();
    this.#gone.set(id, now);
    this.#goneExpiry.add(id, now + TOMBSTONE_TTL_SECONDS * 1000);
    this.#bound(this.#goneExpiry, this.#maxMarkers, (gone) => this.#gone.delete(gone));
  }

  async erasedAt(id: string): Promise<number | null> {
    this.#enter();
    return this.#gone.get(id) ?? null;
  }

  // ---- coordination

  async withLock<T>(key: string, fn: () => Promise<T>, opts: { ttlMs?: number; waitMs?: number; maxHoldMs?: number } = {}): Promise<T> {
    this.#enter();
    // In one process a holder cannot die without taking the store with it: its lease is renewed
    // for as long as it runs, so only the maximum hold (a hung holder) ends it early.
    return this.#locks.run(key, fn, opts.maxHoldMs ?? DEFAULT_LOCK_MAX_HOLD_MS, opts.waitMs ?? DEFAULT_LOCK_WAIT_MS);
  }

  async withLockOnce<T>(
    key: string,
    onceKey: string,
    fn: (loaded: ConversationSnapshot | undefined) => Promise<T>,
    duplicate: (loaded: ConversationSnapshot | undefined) => Promise<T>,
    opts: { onceTtlSeconds: number; ttlMs?: number; waitMs?: number; maxHoldMs?: number; load?: { conversationId: string; messages: number } },
  ): Promise<T> {
    this.#enter();
    const { load } = opts;
    checkLoadLock(key, load);
    const snapshot = () => (load ? this.#snapshot(load.conversationId, load.messages) : undefined);
    // The marker in the lock's scope, apart from claimOnce's keys (as on Redis).
    const marker = `lock-once\n${key}\n${onceKey}`;
    if (this.#once.score(marker) !== undefined) return duplicate(snapshot());
    const DUPLICATE = Symbol('duplicate');
    let loaded: ConversationSnapshot | undefined;
    const outcome = await this.#locks.run(
      key,
      async (): Promise<T | typeof DUPLICATE> => {
        loaded = snapshot();
        if (this.#once.score(marker) !== undefined) return DUPLICATE;
        const result = await fn(loaded);
        this.#markOnce(marker, opts.onceTtlSeconds);
        return result;
      },
      opts.maxHoldMs ?? DEFAULT_LOCK_MAX_HOLD_MS,
      opts.waitMs ?? DEFAULT_LOCK_WAIT_MS,
    );
    return outcome === DUPLICATE ? duplicate(loaded) : (outcome as T);
  }

  /** What withLockOnce's `load` reads, in one synchronous stretch (as Redis reads it in one script). */
  #snapshot(id: string, messages: number): ConversationSnapshot {
    this.#enter();
    const json = this.#conversations.get(id);
    const list = this.#messages.get(id) ?? [];
    const limit = normaliseLimit(messages, list.length);
    return {
      conversation: json === undefined ? null : fromJson<Conversation>(json),
      erasedAt: this.#gone.get(id) ?? null,
      messages: lastMessages(list, limit),
    };
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    this.#enter();
    if (this.#once.score(key) !== undefined) return false;
    this.#markOnce(key, ttlSeconds);
    return true;
  }

  async releaseOnce(key: string): Promise<void> {
    this.#enter();
    this.#once.remove(key);
  }

  async hasOnce(key: string): Promise<boolean> {
    this.#enter();
    return this.#once.score(key) !== undefined;
  }

  async markOnce(key: string, ttlSeconds: number): Promise<void> {
    this.#enter();
    this.#markOnce(key, ttlSeconds);
  }

  // ---- records

  async putRecord<T>(collection: string, id: string, value: T, opts: { ttlSeconds?: number } = {}): Promise<void> {
    assertCollection(collection);
    this.#enter();
    const conversationId = linkedConversationId(value);
    if (conversationId !== undefined) this.#refuseErased(conversationId);
    const json = toJson(value);
    let col = this.#collections.get(collection);
    if (!col) this.#collections.set(collection, (col = { items: new Map(), order: new SortedSet(), seq: 0 }));
    const existing = col.items.get(id);
    // Overwriting keeps the record's place: "newest first" is by first insertion.
    const seq = existing ? existing.seq : ++col.seq;
    col.items.set(id, { json, seq });
    col.order.add(id, seq);
    const tag = collection + '\n' + id;
    if (opts.ttlSeconds !== undefined) this.#recordExpiry.add(tag, this.#clock.now() + Math.round(opts.ttlSeconds * 1000));
    else this.#recordExpiry.remove(tag);
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
    if (this.#conversationSets.includes(set)) this.#refuseErased(member);
    let z = this.#sets.get(set);
    if (!z) this.#sets.set(set, (z = new SortedSet()));
    // Other sets (insights' due episodes: one per conversation, due a day later) would grow with
    // the traffic of a whole day; like the markers, they keep the newest maxMarkers (lowest score
    // goes first). Conversation sets are bounded by the conversations themselves.
    if (z.add(member, score) && !this.#conversationSets.includes(set)) this.#bound(z, this.#maxMarkers, () => undefined);
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

  // ---- counters and samples

  async updateCounters(aggregate: string, bucket: string, change: CounterChange, opts: { ttlSeconds: number }): Promise<CounterUpdate> {
    assertCounterNames(aggregate, [bucket]);
    const { add, max } = counterEntries(change);
    const ttlMs = ttlMsOf(opts.ttlSeconds);
    this.#enter();
    return this.#updateCounters(`c\n${aggregate}\n${bucket}`, add, max, ttlMs);
  }

  async updateEpisodeCounters(aggregate: string, episode: EpisodeRef, change: EpisodeCounterChange, opts: { ttlSeconds: number }): Promise<EpisodeCounterUpdate> {
    const { add, max, freshMax, ttlMs } = episodeEntries(aggregate, episode, change, opts.ttlSeconds);
    this.#enter();
    // One synchronous stretch, as Redis runs it in one script: the marker, then the episode's bucket.
    const markerKey = `c\n${aggregate}\n${episode.marker}`;
    const { previous } = this.#updateCounters(markerKey, [], [['last', episode.at]], ttlMs);
    const last = previous.last ?? null;
    const current = this.#counters.get(markerKey)!.get('episode') ?? 0;
    const fresh = !(last !== null && current > 0 && episode.at - last <= episode.idleMs);
    if (fresh) this.#updateCounters(markerKey, [], [['episode', episode.at]], ttlMs);
    const started = fresh ? episode.at : current;
    const out = this.#updateCounters(`c\n${aggregate}\n${episode.prefix}${started}`, add, fresh ? [...freshMax, ...max] : max, ttlMs);
    return { ...out, episode: started, fresh };
  }

  #updateCounters(key: string, add: ReadonlyArray<[string, number]>, max: ReadonlyArray<[string, number]>, ttlMs: number): CounterUpdate {
    let fields = this.#counters.get(key);
    if (!fields) this.#counters.set(key, (fields = new Map()));
    const out: CounterUpdate = { added: {}, previous: {} };
    for (const [field, value] of add) {
      const next = (fields.get(field) ?? 0) + value;
      fields.set(field, next);
      out.added[field] = next;
    }
    for (const [field, value] of max) {
      const before = fields.get(field);
      out.previous[field] = before ?? null;
      if (before === undefined || value > before) fields.set(field, value);
    }
    this.#expireAggregate(key, ttlMs);
    return out;
  }

  async readCounters(aggregate: string, buckets: readonly string[]): Promise<Array<Record<string, number>>> {
    assertCounterNames(aggregate, buckets);
    this.#enter();
    return buckets.map((bucket) => Object.fromEntries(this.#counters.get(`c\n${aggregate}\n${bucket}`) ?? []));
  }

  async offerSample(aggregate: string, bucket: string, value: string, opts: { max: number; ttlSeconds: number }): Promise<boolean> {
    assertCounterNames(aggregate, [bucket]);
    assertSampleMax(opts.max);
    const ttlMs = ttlMsOf(opts.ttlSeconds);
    this.#enter();
    const key = `s\n${aggregate}\n${bucket}`;
    let sample = this.#samples.get(key);
    if (!sample) this.#samples.set(key, (sample = { offered: 0, values: [] }));
    sample.offered++;
    let kept = false;
    if (sample.values.length < opts.max) {
      sample.values.push(value);
      kept = true;
    } else {
      const slot = Math.floor(Math.random() * sample.offered);
      if (slot < opts.max) {
        sample.values[slot] = value;
        kept = true;
      }
    }
    this.#expireAggregate(key, ttlMs);
    return kept;
  }

  async readSamples(aggregate: string, buckets: readonly string[]): Promise<Array<{ offered: number; values: string[] }>> {
    assertCounterNames(aggregate, buckets);
    this.#enter();
    return buckets.map((bucket) => {
      const sample = this.#samples.get(`s\n${aggregate}\n${bucket}`);
      return sample ? { offered: sample.offered, values: [...sample.values] } : { offered: 0, values: [] };
    });
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
    sweep(this.#conversationExpiry, now, (id) => this.#dropConversation(id));
    sweep(this.#once, now, () => undefined);
    sweep(this.#goneExpiry, now, (id) => this.#gone.delete(id));
    sweep(this.#aggregateExpiry, now, (key) => this.#dropAggregate(key));
    sweep(this.#recordExpiry, now, (tag) => {
      const sep = tag.indexOf('\n');
      const collection = tag.slice(0, sep);
      const id = tag.slice(sep + 1);
      const item = this.#collections.get(collection)?.items.get(id);
      const conversationId = item && linkedConversationId(fromJson<unknown>(item.json));
      if (conversationId !== undefined) this.#unlink(conversationId, collection, id);
      this.#deleteRecordNow(collection, id);
    });
  }

  /** An erased conversation that was not re-created since may not be written to. */
  #refuseErased(conversationId: string): void {
    if (!this.#conversations.has(conversationId) && this.#gone.has(conversationId)) throw new ConversationErasedError(conversationId);
  }

  #writeConversation(id: string, json: string, updatedAt: number, waitingSince: number | undefined): void {
    const isNew = !this.#conversations.has(id);
    this.#conversations.set(id, json);
    // The escalation queue is an index of waitingSince, written with the conversation (see Store).
    let queue = this.#sets.get(ESCALATION_QUEUE);
    if (waitingSince !== undefined) {
      if (!queue) this.#sets.set(ESCALATION_QUEUE, (queue = new SortedSet()));
      queue.add(id, waitingSince);
    } else if (queue?.remove(id) && queue.size === 0) {
      this.#sets.delete(ESCALATION_QUEUE);
    }
    if (this.#recent.score(id) !== undefined) this.#recent.add(id, updatedAt);
    // An empty conversation keeps the short TTL it got when it was created.
    if (isNew || this.#messages.has(id)) this.#touch(id);
  }

  /** State and messages share one TTL, refreshed by every write; the short one while there are no messages. */
  #touch(id: string): void {
    const now = this.#clock.now();
    this.#conversationExpiry.add(id, now + (this.#messages.has(id) ? this.#ttlMs : this.#emptyTtlMs));
    const added = this.#conversationAge.add(id, ++this.#writes);
    // The one just written is the newest, so it is never the one evicted (unless the bound is 1).
    if (added) this.#bound(this.#conversationAge, this.#maxConversations, (evicted) => this.#dropConversation(evicted));
  }

  /** Counters and samples expire after their last write; their number is bounded like the markers'. */
  #expireAggregate(key: string, ttlMs: number): void {
    const added = this.#aggregateExpiry.add(key, this.#clock.now() + ttlMs);
    if (added) this.#bound(this.#aggregateExpiry, this.#maxMarkers, (evicted) => this.#dropAggregate(evicted));
  }

  #dropAggregate(key: string): void {
    this.#counters.delete(key);
    this.#samples.delete(key);
  }

  #markOnce(key: string, ttlSeconds: number): void {
    const added = this.#once.add(key, this.#clock.now() + Math.round(ttlSeconds * 1000));
    if (added) this.#bound(this.#once, this.#maxMarkers, () => undefined);
  }

  /** Past `max` entries, drops those with the lowest score (oldest write, or closest to expiry) first. */
  #bound(expiry: SortedSet, max: number, drop: (member: string) => void): void {
    while (expiry.size > max) {
      const [oldest] = expiry.range(0, 1);
      if (!oldest) return;
      expiry.remove(oldest.member);
      drop(oldest.member);
    }
  }

  #dropConversation(id: string): void {
    this.#conversations.delete(id);
    this.#messages.delete(id);
    this.#recent.remove(id);
    this.#conversationExpiry.remove(id);
    this.#conversationAge.remove(id);
  }

  #deleteRecordNow(collection: string, id: string): void {
    const col = this.#collections.get(collection);
    if (!col) return;
    col.items.delete(id);
    col.order.remove(id);
    this.#recordExpiry.remove(collection + '\n' + id);
    if (col.items.size === 0) this.#collections.delete(collection);
  }

  #unlink(conversationId: string, collection: string, id: string): void {
    const links = this.#links.get(conversationId);
    if (!links) return;
    links.delete(collection + '\n' + id);
    if (links.size === 0) this.#links.delete(conversationId);
  }
}

/** Pops every member of `expiry` due at `now` (the head of the set), calling `drop` for each. */
function sweep(expiry: SortedSet, now: number, drop: (member: string) => void): void {
  const lowest = expiry.lowestScore();
  if (lowest === undefined || lowest > now) return;
  for (const member of expiry.popUpTo(now)) drop(member);
}
