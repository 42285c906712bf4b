import { systemClock, type Clock } from '../core/clock.js';
import type { Conversation, StoredMessage } from '../core/conversation.js';
import { ConversationErasedError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { ESCALATION_QUEUE, type ConversationSnapshot, type CounterChange, type CounterUpdate, type EpisodeCounterChange, type EpisodeCounterUpdate, type EpisodeRef, type Store } from '../core/store.js';
import { DEFAULT_LOCK_MAX_HOLD_MS, DEFAULT_LOCK_TTL_MS, DEFAULT_LOCK_WAIT_MS } from './lock-defaults.js';
import { closeRedis, isCluster, redisCall, type RedisConnection } from './redis-client.js';
import { withRedisLock } from './redis-lock.js';
import {
  APPEND_MESSAGE,
  CAS_CONVERSATION,
  ERASED,
  INDEX_PENDING,
  LINK_RECORD,
  OFFER_SAMPLE,
  PRUNE_CONVERSATIONS,
  PUT_RECORD,
  REPLACE_MESSAGE,
  SAVE_CONVERSATION,
  TOUCH_INDEX,
  UPDATE_COUNTERS,
  UPDATE_EPISODE_COUNTERS,
  ZADD_CONVERSATION,
} from './redis-store-scripts.js';
import { fromJson, fromJsonEach, toJson } from './safe-json.js';
import {
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
  placement,
} from './store-rules.js';

/*
 * Redis key layout. Every key starts with the configured prefix P (default "sb:"), so one
 * Redis can host several deployments or test runs side by side. Text in braces {...} is a
 * Redis Cluster hash tag: keys with the same tag share a hash slot, so every key of one
 * conversation (and of one record collection, one listing index, one counter aggregate)
 * lives on one node, and each script or MULTI below only ever names keys of one slot.
 *
 *   P{conv:<id>}:c           hash  d = Conversation JSON, v = version (bumped on every write;
 *                                  updateConversation compares it in a Lua CAS script)
 *   P{conv:<id>}:m           list  StoredMessage JSON, oldest first, LTRIMmed to maxMessages
 *       Both expire after historyTtlSeconds (PEXPIRE), refreshed together on every write
 *       to either (save, update, append, replace). A conversation with no message yet
 *       expires after emptyConversationTtlSeconds instead (a widget that never wrote).
 *   P{conv:<id>}:gone        string tombstone of an erased conversation: erasure time (epoch
 *                                  ms), PX one day; the write scripts refuse to bring it back
 *   P{conv:<id>}:links       set   "<collection>\n<id>" of records whose value has this
 *                                  conversationId: deleteConversation erases them too
 *   P{idx:conv}              zset  conversation id, score = updatedAt  (listing, counting);
 *                                  entered with the first customer message
 *   P{idx:conv}:exp          zset  listed conversation id, score = expiry epoch ms; expired ids
 *                                  are pruned from both indexes lazily (a few on every save,
 *                                  all on list/count), since Redis expiry cannot notify a zset
 *   P{r:<collection>}:i:<id> string record JSON, optional PX
 *   P{r:<collection>}:order  zset  record id, score = insertion number (newest first listing)
 *   P{r:<collection>}:exp    zset  record id, score = expiry epoch ms (TTL records only; pruning order)
 *   P{r:<collection>}:seq    counter for insertion numbers
 *   P lock:{<key>}           string lock token; SET NX PX, released by compare-and-delete; the
 *                                  key is the hash tag, so "conv:<id>" is the conversation's slot
 *   P once:<key>             string dedupe marker; SET NX PX (claimOnce/releaseOnce)
 *   P once:{<lock key>}:<key> string marker of withLockOnce, in its lock's slot
 *   P z:<name>               zset  zAdd/zRemove/zRange, e.g. P z:queue:escalations
 *       z:queue:escalations is also an index of each conversation's waitingSince, written by the
 *       save and compare-and-set scripts in the same step as the conversation (one Redis), or
 *       right after it (a cluster: another slot).
 *   P n:{<aggregate>}:<bucket> hash counters (updateCounters), PX refreshed on every write
 *   P sp:{<aggregate>}:<bucket> list a bounded sample (offerSample); P sn:{<aggregate>}:<bucket>
 *                                  counts the values offered; both PX refreshed on every write
 *   P rl:<limiter>:<key>     rate-limiter-flexible counters (redis-rate-limiter.ts)
 *   channel P bus:<topic>    pub/sub (redis-event-bus.ts)
 *
 * On one Redis a conversation write updates the listing index in the same script (atomic,
 * one round trip). On a Redis Cluster the index is in another slot: the script leaves it to
 * a second script on the index's slot (see INDEX_PENDING), and the few other steps that span
 * slots (erasing a conversation's records and queue entries, linking a record to its
 * conversation) run as ordered per-slot steps, the conversation's own step first, instead of
 * one transaction. The prefix must not contain braces (it would become the hash tag).
 *
 * Collections are restricted to [A-Za-z0-9_.-] so "<collection>:<id>" cannot be ambiguous.
 * updateConversation uses a Lua compare-and-set on the version rather than WATCH/MULTI:
 * node-redis multiplexes one connection, where WATCH state is shared by every concurrent
 * caller (any EXEC clears all watches), so WATCH would need a connection per update.
 */

export interface RedisStoreOptions {
  prefix: string;
  historyTtlSeconds: number;
  maxMessages: number;
  logger: Logger;
  /** Sorted sets that may hold conversation ids (removed by deleteConversation). */
  conversationSets: readonly string[];
  /** How long a conversation without messages is kept (default 10 minutes). */
  emptyConversationTtlSeconds?: number;
  /** Stamps erasures (tombstones), so they compare with the app's message times. */
  clock?: Clock;
}

/** Ids pruned from the conversation indexes per save (amortised) and per batch on list/count. */
const PRUNE_ON_SAVE = 16;
const PRUNE_BATCH = 1000;
const MAX_CAS_ATTEMPTS = 100;
const MGET_CHUNK = 500;
/** Conversations whose last known version this process keeps (see #known). */
const KNOWN_VERSIONS = 1000;

export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly #client: RedisConnection;
  /** A Redis Cluster: steps spanning hash slots are split (see the key layout). */
  readonly #cluster: boolean;
  readonly #p: string;
  readonly #ttlMs: number;
  readonly #maxMessages: number;
  readonly #logger: Logger;
  readonly #conversationSets: readonly string[];
  readonly #emptyTtlMs: number;
  readonly #clock: Clock;
  /**
   * The last version of each conversation this process read or wrote, with its JSON (most
   * recent last, at most KNOWN_VERSIONS). updateConversation tries its compare-and-set with it
   * first instead of reading again: one round trip instead of two. Another process's write
   * in between changes the version, the CAS refuses, and the update reads as usual; so this is
   * never trusted without the CAS, and an update that declines to write on it reads again.
   */
  readonly #known = new Map<string, { version: string; json: string }>();

  constructor(client: RedisConnection, opts: RedisStoreOptions) {
    if (/[{}]/.test(opts.prefix)) throw new TypeError(`Redis key prefix "${opts.prefix}" must not contain braces (they are Redis Cluster hash tags)`);
    this.#client = client;
    this.#cluster = isCluster(client);
    this.#p = opts.prefix;
    this.#ttlMs = Math.max(1, Math.round(opts.historyTtlSeconds * 1000));
    this.#maxMessages = opts.maxMessages;
    this.#logger = opts.logger;
    this.#conversationSets = opts.conversationSets;
    this.#emptyTtlMs = Math.max(1, Math.round((opts.emptyConversationTtlSeconds ?? DEFAULT_EMPTY_CONVERSATION_TTL_SECONDS) * 1000));
    this.#clock = opts.clock ?? systemClock;
  }

  // ---- keys

  #conv(id: string): string {
    return `${this.#p}{conv:${id}}:c`;
  }
  #msgs(id: string): string {
    return `${this.#p}{conv:${id}}:m`;
  }
  #gone(id: string): string {
    return `${this.#p}{conv:${id}}:gone`;
  }
  #links(conversationId: string): string {
    return `${this.#p}{conv:${conversationId}}:links`;
  }
  get #recent(): string {
    return `${this.#p}{idx:conv}`;
  }
  get #expiry(): string {
    return `${this.#p}{idx:conv}:exp`;
  }
  #record(collection: string, id: string): string {
    return `${this.#p}{r:${collection}}:i:${id}`;
  }
  #recordOrder(collection: string): string {
    return `${this.#p}{r:${collection}}:order`;
  }
  #recordExpiry(collection: string): string {
    return `${this.#p}{r:${collection}}:exp`;
  }
  #recordSeq(collection: string): string {
    return `${this.#p}{r:${collection}}:seq`;
  }
  #set(name: string): string {
    return `${this.#p}z:${name}`;
  }
  /** The listing index keys, passed to a conversation script on one Redis (same script), not on a cluster (another slot). */
  get #inlineIndex(): string[] {
    return this.#cluster ? [] : [this.#recent, this.#expiry];
  }
  /** The listing index and the escalation queue (an index of waitingSince), for the save and compare-and-set scripts. */
  get #inlineIndexAndQueue(): string[] {
    return this.#cluster ? [] : [this.#recent, this.#expiry, this.#set(ESCALATION_QUEUE)];
  }
  /** On a cluster the queue is in another slot: written right after the conversation's own step. */
  async #queueStep(id: string, waitingSince: number | undefined): Promise<void> {
    if (!this.#cluster) return;
    const queue = this.#set(ESCALATION_QUEUE);
    await redisCall(() => (waitingSince === undefined ? this.#client.zRem(queue, id) : this.#client.zAdd(queue, { score: waitingSince, value: id })));
  }

  /** Runs a conversation script; on a cluster, then its index step on the index's slot. */
  async #withIndex(result: unknown, indexArgs: Array<string | number>): Promise<unknown> {
    if (result !== INDEX_PENDING) return result;
    await TOUCH_INDEX.run(this.#client, [this.#recent, this.#expiry], indexArgs);
    return 1;
  }
  #counters(aggregate: string, bucket: string): string {
    return `${this.#p}n:{${aggregate}}:${bucket}`;
  }
  #sample(aggregate: string, bucket: string): string {
    return `${this.#p}sp:{${aggregate}}:${bucket}`;
  }
  #sampleCount(aggregate: string, bucket: string): string {
    return `${this.#p}sn:{${aggregate}}:${bucket}`;
  }

  // ---- conversations

  #remember(id: string, version: string | number, json: string): void {
    this.#known.delete(id);
    this.#known.set(id, { version: String(version), json });
    if (this.#known.size > KNOWN_VERSIONS) this.#known.delete(this.#known.keys().next().value!);
  }

  async getConversation(id: string): Promise<Conversation | null> {
    const [json, version] = await redisCall(() => this.#client.hmGet(this.#conv(id), ['d', 'v']));
    if (json == null) {
      this.#known.delete(id);
      return null;
    }
    if (version != null) this.#remember(id, version, json);
    return fromJson<Conversation>(json);
  }

  async saveConversation(conversation: Conversation): Promise<void> {
    const { id } = conversation;
    const now = Date.now();
    const index = ['xx', conversation.updatedAt, id, now + this.#ttlMs, now, PRUNE_ON_SAVE];
    const json = toJson(conversation);
    const saved = await SAVE_CONVERSATION.run(
      this.#client,
      [this.#conv(id), this.#msgs(id), this.#gone(id), ...this.#inlineIndexAndQueue],
      [json, this.#emptyTtlMs, conversation.createdAt, this.#ttlMs, conversation.waitingSince ?? '', ...index],
    );
    if (saved === ERASED) throw new ConversationErasedError(id);
    const [code, version] = saved as [number, number];
    this.#remember(id, version, json);
    // On a cluster, both other slots' steps in one round trip.
    await Promise.all([this.#withIndex(code, index), this.#queueStep(id, conversation.waitingSince)]);
  }

  async updateConversation(
    id: string,
    update: (current: Conversation) => Conversation | null,
    opts: { append?: () => StoredMessage | StoredMessage[]; appendAfter?: string | null } = {},
  ): Promise<Conversation | null> {
    const key = this.#conv(id);
    let known = this.#known.get(id);
    for (let attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
      const fromCache = known !== undefined;
      const [json, version] = known ? [known.json, known.version] : await redisCall(() => this.#client.hmGet(key, ['d', 'v']));
      known = undefined;
      if (json == null || version == null) {
        this.#known.delete(id);
        return null;
      }
      const next = update(fromJson<Conversation>(json));
      if (next === null) {
        // Declining to write is only an answer when it is about the current version.
        if (fromCache) continue;
        return null;
      }
      const text = toJson({ ...next, id });
      const now = Date.now();
      const messages = opts.append ? [opts.append()].flat() : [];
      // A customer message lists the conversation (scored by the update's time) as appendMessage would.
      const index = [messages.some((m) => m.role === 'customer') ? 'add' : 'xx', next.updatedAt, id, now + this.#ttlMs, now, 0];
      const [code, newVersion] = (await CAS_CONVERSATION.run(
        this.#client,
        [key, this.#msgs(id), ...this.#inlineIndexAndQueue],
        [
          version,
          text,
          this.#ttlMs,
          next.waitingSince ?? '',
          messages.length,
          this.#maxMessages,
          ...messages.map((m) => toJson(m)),
          ...(messages.length > 0 ? [placement(opts.appendAfter)] : []),
          ...index,
        ],
      )) as [number, number?];
      if (code !== 0) {
        this.#remember(id, newVersion!, text);
        await Promise.all([this.#withIndex(code, index), this.#queueStep(id, next.waitingSince)]);
        return fromJson<Conversation>(text);
      }
      this.#known.delete(id);
      if (fromCache) continue;
      // Lost the race: someone else wrote in between. Back off a little once it gets crowded.
      if (attempt > 3) await new Promise((r) => setTimeout(r, Math.random() * Math.min(attempt, 20)));
    }
    throw new Error(`updateConversation(${id}): gave up after ${MAX_CAS_ATTEMPTS} conflicting writes`);
  }

  async appendMessage(conversationId: string, message: StoredMessage): Promise<void> {
    const now = Date.now();
    const index = [message.role === 'customer' ? 'nx' : '', message.at, conversationId, now + this.#ttlMs, now, 0];
    const appended = await APPEND_MESSAGE.run(
      this.#client,
      [this.#msgs(conversationId), this.#conv(conversationId), this.#gone(conversationId), ...this.#inlineIndex],
      [toJson(message), this.#maxMessages, this.#ttlMs, ...index],
    );
    if (appended === ERASED) throw new ConversationErasedError(conversationId);
    await this.#withIndex(appended, index);
  }

  async replaceMessage(conversationId: string, message: StoredMessage): Promise<boolean> {
    const list = this.#msgs(conversationId);
    const json = toJson(message);
    for (let attempt = 0; attempt < 5; attempt++) {
      const raw = await redisCall(() => this.#client.lRange(list, 0, -1));
      const old = raw.find((item) => fromJson<StoredMessage>(item).id === message.id);
      if (old === undefined) return false;
      const now = Date.now();
      const index = ['', '', conversationId, now + this.#ttlMs, now, 0];
      const replaced = await REPLACE_MESSAGE.run(this.#client, [list, this.#conv(conversationId), ...this.#inlineIndex], [old, json, this.#ttlMs, ...index]);
      if ((await this.#withIndex(replaced, index)) === 1) return true;
    }
    throw new Error(`replaceMessage(${conversationId}, ${message.id}): the message kept changing`);
  }

  async getMessages(conversationId: string, opts: { limit?: number } = {}): Promise<StoredMessage[]> {
    const limit = normaliseLimit(opts.limit, Infinity);
    if (limit === 0) return [];
    const start = Number.isFinite(limit) ? -limit : 0;
    const raw = await redisCall(() => this.#client.lRange(this.#msgs(conversationId), start, -1));
    return fromJsonEach<StoredMessage, string>(raw, 0, String);
  }

  async listConversations(opts: { limit?: number; offset?: number } = {}): Promise<Conversation[]> {
    const limit = normaliseLimit(opts.limit, DEFAULT_LIST_CONVERSATIONS);
    const offset = normaliseLimit(opts.offset, 0);
    if (limit === 0) return [];
    // Issued in the same tick, so the prune script runs first and both share one round trip.
    const [, ids] = await Promise.all([
      this.#prune(),
      redisCall(() => this.#client.zRange(this.#recent, offset, offset + limit - 1, { REV: true })),
    ]);
    // Sent in one tick, so node-redis pipelines them into one round trip.
    const jsons = await redisCall(() => Promise.all(ids.map((id) => this.#client.hGet(this.#conv(id), 'd'))));
    const out: Conversation[] = [];
    const gone: string[] = [];
    jsons.forEach((json, i) => {
      if (json == null) gone.push(ids[i]!);
      else out.push(fromJson<Conversation>(json));
    });
    if (gone.length > 0) await redisCall(() => this.#client.zRem(this.#recent, gone));
    return out;
  }

  async countConversations(): Promise<number> {
    return this.#prune();
  }

  async deleteConversation(id: string): Promise<void> {
    this.#known.delete(id);
    const linksKey = this.#links(id);
    const links = (await redisCall(() => this.#client.sMembers(linksKey))).map((link) => {
      const sep = link.indexOf('\n');
      return { collection: link.slice(0, sep), recordId: link.slice(sep + 1) };
    });
    const erase = () =>
      this.#client
        .multi()
        .del([this.#conv(id), this.#msgs(id), linksKey])
        .set(this.#gone(id), String(this.#clock.now()), { expiration: { type: 'PX', value: TOMBSTONE_TTL_SECONDS * 1000 } });
    if (this.#cluster) {
      // The conversation's slot first, in one transaction: no write can land between the
      // erasure and its tombstone. Then each other slot's part, sent together.
      await redisCall(() => erase().exec());
      await redisCall(() =>
        Promise.all([
          this.#client.multi().zRem(this.#recent, id).zRem(this.#expiry, id).exec(),
          ...this.#conversationSets.map((name) => this.#client.zRem(this.#set(name), id)),
          ...links.map(({ collection, recordId }) =>
            this.#client
              .multi()
              .del(this.#record(collection, recordId))
              .zRem(this.#recordOrder(collection), recordId)
              .zRem(this.#recordExpiry(collection), recordId)
              .exec(),
          ),
        ]),
      );
      return;
    }
    // One Redis: one transaction for everything.
    const tx = erase().zRem(this.#recent, id).zRem(this.#expiry, id);
    for (const name of this.#conversationSets) tx.zRem(this.#set(name), id);
    for (const { collection, recordId } of links) {
      tx.del(this.#record(collection, recordId))
        .zRem(this.#recordOrder(collection), recordId)
        .zRem(this.#recordExpiry(collection), recordId);
    }
    await redisCall(() => tx.exec());
  }

  async erasedAt(id: string): Promise<number | null> {
    const at = await redisCall(() => this.#client.get(this.#gone(id)));
    return at == null ? null : Number(at);
  }

  /** Drops expired ids from the listing indexes; returns how many conversations remain. */
  async #prune(): Promise<number> {
    for (;;) {
      const [removed, remaining] = (await PRUNE_CONVERSATIONS.run(
        this.#client,
        [this.#recent, this.#expiry],
        [Date.now(), PRUNE_BATCH],
      )) as [number, number];
      if (removed < PRUNE_BATCH) return remaining;
    }
  }

  // ---- coordination

  /** The lock's key as a hash tag: a lock on "conv:<id>" shares the conversation's slot. */
  #lock(key: string): string {
    return `${this.#p}lock:{${key}}`;
  }

  withLock<T>(key: string, fn: () => Promise<T>, opts: { ttlMs?: number; waitMs?: number; maxHoldMs?: number } = {}): Promise<T> {
    return withRedisLock(this.#client, this.#lock(key), key, fn, {
      ttlMs: opts.ttlMs ?? DEFAULT_LOCK_TTL_MS,
      waitMs: opts.waitMs ?? DEFAULT_LOCK_WAIT_MS,
      maxHoldMs: opts.maxHoldMs ?? DEFAULT_LOCK_MAX_HOLD_MS,
      logger: this.#logger,
    });
  }

  async withLockOnce<T>(
    key: string,
    onceKey: string,
    fn: (loaded: ConversationSnapshot | undefined) => Promise<T>,
    duplicate: (loaded: ConversationSnapshot | undefined) => Promise<T>,
    opts: { onceTtlSeconds: number; ttlMs?: number; waitMs?: number; maxHoldMs?: number; load?: { conversationId: string; messages: number } },
  ): Promise<T> {
    const { load } = opts;
    checkLoadLock(key, load);
    // The history is capped at maxMessages anyway.
    const limit = load ? Math.min(normaliseLimit(load.messages, this.#maxMessages), this.#maxMessages) : 0;
    const snapshot = (raw: unknown[] | undefined) => (load && raw ? this.#snapshot(load.conversationId, raw) : undefined);
    return withRedisLock(this.#client, this.#lock(key), key, (raw) => fn(snapshot(raw)), {
      ttlMs: opts.ttlMs ?? DEFAULT_LOCK_TTL_MS,
      waitMs: opts.waitMs ?? DEFAULT_LOCK_WAIT_MS,
      maxHoldMs: opts.maxHoldMs ?? DEFAULT_LOCK_MAX_HOLD_MS,
      logger: this.#logger,
      // Same hash tag as the lock: the script that takes the lock checks the marker (and reads the conversation).
      once: {
        key: `${this.#p}once:{${key}}:${onceKey}`,
        ttlMs: ttlMsOf(opts.onceTtlSeconds),
        duplicate: (raw) => duplicate(snapshot(raw)),
        ...(load
          ? { load: { keys: [this.#conv(load.conversationId), this.#msgs(load.conversationId), this.#gone(load.conversationId)], limit } }
          : {}),
      },
    });
  }

  /** TAKE_LOCK's reading of a conversation: { code, state json, version, tombstone, messages... }. */
  #snapshot(id: string, raw: unknown[]): ConversationSnapshot {
    const [, json, version, gone] = raw as [number, string | null, string | null, string | null];
    if (json == null) this.#known.delete(id);
    else if (version != null) this.#remember(id, version, json);
    return {
      conversation: json == null ? null : fromJson<Conversation>(json),
      erasedAt: gone == null ? null : Number(gone),
      messages: fromJsonEach<StoredMessage, unknown>(raw, 4, String),
    };
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const ttlMs = Math.max(1, Math.round(ttlSeconds * 1000));
    const set = await redisCall(() =>
      this.#client.set(`${this.#p}once:${key}`, '1', { condition: 'NX', expiration: { type: 'PX', value: ttlMs } }),
    );
    return set === 'OK';
  }

  async releaseOnce(key: string): Promise<void> {
    await redisCall(() => this.#client.del(`${this.#p}once:${key}`));
  }

  async hasOnce(key: string): Promise<boolean> {
    return (await redisCall(() => this.#client.exists(`${this.#p}once:${key}`))) === 1;
  }

  async markOnce(key: string, ttlSeconds: number): Promise<void> {
    const ttlMs = Math.max(1, Math.round(ttlSeconds * 1000));
    await redisCall(() => this.#client.set(`${this.#p}once:${key}`, '1', { expiration: { type: 'PX', value: ttlMs } }));
  }

  // ---- records

  async putRecord<T>(collection: string, id: string, value: T, opts: { ttlSeconds?: number } = {}): Promise<void> {
    assertCollection(collection);
    const json = toJson(value);
    const ttlMs = opts.ttlSeconds === undefined ? 0 : Math.max(1, Math.round(opts.ttlSeconds * 1000));
    const now = Date.now();
    const conversationId = linkedConversationId(value);
    const keys = [this.#record(collection, id), this.#recordOrder(collection), this.#recordExpiry(collection), this.#recordSeq(collection)];
    const link = `${collection}\n${id}`;
    if (conversationId !== undefined) {
      const linkKeys = [this.#links(conversationId), this.#gone(conversationId), this.#conv(conversationId)];
      if (this.#cluster) {
        // The conversation's slot first: an erased conversation gets no new record.
        const linked = await LINK_RECORD.run(this.#client, linkKeys, [link]);
        if (linked === ERASED) throw new ConversationErasedError(conversationId);
      } else {
        keys.push(...linkKeys);
      }
    }
    const put = await PUT_RECORD.run(this.#client, keys, [json, id, ttlMs, now + ttlMs, now, link]);
    if (put === ERASED) throw new ConversationErasedError(conversationId!);
  }

  async getRecord<T>(collection: string, id: string): Promise<T | null> {
    assertCollection(collection);
    const json = await redisCall(() => this.#client.get(this.#record(collection, id)));
    return json == null ? null : fromJson<T>(json);
  }

  async listRecords<T>(collection: string, opts: { limit?: number } = {}): Promise<T[]> {
    assertCollection(collection);
    const limit = normaliseLimit(opts.limit, Infinity);
    if (limit === 0) return [];
    const order = this.#recordOrder(collection);
    const stop = Number.isFinite(limit) ? limit - 1 : -1;
    const ids = await redisCall(() => this.#client.zRange(order, 0, stop, { REV: true }));
    const out: T[] = [];
    const gone: string[] = [];
    for (let i = 0; i < ids.length; i += MGET_CHUNK) {
      const chunk = ids.slice(i, i + MGET_CHUNK);
      const jsons = await redisCall(() => this.#client.mGet(chunk.map((id) => this.#record(collection, id))));
      jsons.forEach((json, j) => {
        if (json == null) gone.push(chunk[j]!);
        else out.push(fromJson<T>(json));
      });
    }
    // Expired records leave their id behind in the order index; drop it now that we noticed.
    if (gone.length > 0) {
      await redisCall(() =>
        this.#client.multi().zRem(order, gone).zRem(this.#recordExpiry(collection), gone).exec(),
      );
    }
    return out;
  }

  async deleteRecord(collection: string, id: string): Promise<void> {
    assertCollection(collection);
    const key = this.#record(collection, id);
    const json = await redisCall(() => this.#client.get(key));
    const conversationId = json == null ? undefined : linkedConversationId(fromJson<unknown>(json));
    const tx = this.#client
      .multi()
      .del(key)
      .zRem(this.#recordOrder(collection), id)
      .zRem(this.#recordExpiry(collection), id);
    const unlink = conversationId === undefined ? undefined : ([this.#links(conversationId), `${collection}\n${id}`] as const);
    if (unlink && !this.#cluster) tx.sRem(...unlink);
    await redisCall(() => Promise.all([tx.exec(), unlink && this.#cluster ? this.#client.sRem(...unlink) : null]));
  }

  // ---- sorted sets

  async zAdd(set: string, member: string, score: number): Promise<void> {
    if (!this.#conversationSets.includes(set)) {
      await redisCall(() => this.#client.zAdd(this.#set(set), { score, value: member }));
      return;
    }
    const setKey = this.#cluster ? [] : [this.#set(set)];
    const added = await ZADD_CONVERSATION.run(this.#client, [this.#gone(member), this.#conv(member), ...setKey], [score, member]);
    if (added === ERASED) throw new ConversationErasedError(member);
    // A cluster: checked on the conversation's slot, added on the set's.
    if (added === INDEX_PENDING) await redisCall(() => this.#client.zAdd(this.#set(set), { score, value: member }));
  }

  async zRemove(set: string, member: string): Promise<boolean> {
    const removed = await redisCall(() => this.#client.zRem(this.#set(set), member));
    return removed > 0;
  }

  async zRange(set: string, opts: { limit?: number } = {}): Promise<Array<{ member: string; score: number }>> {
    const limit = normaliseLimit(opts.limit, Infinity);
    if (limit === 0) return [];
    const stop = Number.isFinite(limit) ? limit - 1 : -1;
    const rows = await redisCall(() => this.#client.zRangeWithScores(this.#set(set), 0, stop));
    return rows.map((row) => ({ member: String(row.value), score: Number(row.score) }));
  }

  // ---- counters and samples

  async updateCounters(aggregate: string, bucket: string, change: CounterChange, opts: { ttlSeconds: number }): Promise<CounterUpdate> {
    assertCounterNames(aggregate, [bucket]);
    const { add, max } = counterEntries(change);
    const ttlMs = ttlMsOf(opts.ttlSeconds);
    const args: Array<string | number> = [ttlMs, add.length];
    for (const [field, value] of add) args.push(field, value);
    for (const [field, value] of max) args.push(field, value);
    const raw = (await UPDATE_COUNTERS.run(this.#client, [this.#counters(aggregate, bucket)], args)) as string[];
    const out: CounterUpdate = { added: {}, previous: {} };
    add.forEach(([field], i) => (out.added[field] = Number(raw[i])));
    max.forEach(([field], i) => {
      const before = raw[add.length + i];
      out.previous[field] = before === undefined || before === '' ? null : Number(before);
    });
    return out;
  }

  async updateEpisodeCounters(aggregate: string, episode: EpisodeRef, change: EpisodeCounterChange, opts: { ttlSeconds: number }): Promise<EpisodeCounterUpdate> {
    const { add, max, freshMax, ttlMs } = episodeEntries(aggregate, episode, change, opts.ttlSeconds);
    const args: Array<string | number> = [ttlMs, episode.at, episode.idleMs, add.length, freshMax.length];
    for (const [field, value] of [...add, ...freshMax, ...max]) args.push(field, value);
    const keys = [this.#counters(aggregate, episode.marker), this.#counters(aggregate, episode.prefix)];
    const raw = (await UPDATE_EPISODE_COUNTERS.run(this.#client, keys, args)) as [number, string, ...string[]];
    const fresh = raw[0] === 1;
    const out: EpisodeCounterUpdate = { added: {}, previous: {}, episode: Number(raw[1]), fresh };
    add.forEach(([field], i) => (out.added[field] = Number(raw[2 + i])));
    (fresh ? [...freshMax, ...max] : max).forEach(([field], i) => {
      const before = raw[2 + add.length + i];
      out.previous[field] = before === undefined || before === '' ? null : Number(before);
    });
    return out;
  }

  async readCounters(aggregate: string, buckets: readonly string[]): Promise<Array<Record<string, number>>> {
    assertCounterNames(aggregate, buckets);
    // Issued in one tick: node-redis pipelines them into one round trip.
    const hashes = await redisCall(() => Promise.all(buckets.map((b) => this.#client.hGetAll(this.#counters(aggregate, b)))));
    return hashes.map((h) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v)])));
  }

  async offerSample(aggregate: string, bucket: string, value: string, opts: { max: number; ttlSeconds: number }): Promise<boolean> {
    assertCounterNames(aggregate, [bucket]);
    assertSampleMax(opts.max);
    const ttlMs = ttlMsOf(opts.ttlSeconds);
    const kept = await OFFER_SAMPLE.run(
      this.#client,
      [this.#sample(aggregate, bucket), this.#sampleCount(aggregate, bucket)],
      [value, opts.max, ttlMs, Math.random()],
    );
    return kept === 1;
  }

  async readSamples(aggregate: string, buckets: readonly string[]): Promise<Array<{ offered: number; values: string[] }>> {
    assertCounterNames(aggregate, buckets);
    const rows = await redisCall(() =>
      Promise.all(
        buckets.map(async (b) => {
          const [values, offered] = await Promise.all([
            this.#client.lRange(this.#sample(aggregate, b), 0, -1),
            this.#client.get(this.#sampleCount(aggregate, b)),
          ]);
          return { offered: Number(offered ?? 0), values };
        }),
      ),
    );
    return rows;
  }

  async ping(): Promise<void> {
    await redisCall(() => this.#client.ping());
  }

  /** Closes the command connection (shared with the bus publisher and the rate limiters). */
  async close(): Promise<void> {
    await closeRedis(this.#client);
  }
}
