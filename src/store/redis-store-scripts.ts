import { LuaScript } from './lua-script.js';

/**
 * Server-side steps of the Redis store that must read and write atomically. Each runs in
 * one round trip; keys are always passed in KEYS (never built inside Lua).
 */

/** Returned by the scripts below when the conversation was erased: the caller throws ConversationErasedError. */
export const ERASED = -1;

/**
 * Create or replace a conversation and prune a few expired ids from the listing index.
 * Refused (ERASED) when the id has a tombstone from an erasure at or after the conversation's
 * creation: an erased conversation never comes back, a later one in the same chat may.
 * With messages it keeps the history TTL (and its place in the listing, if listed); without,
 * it lives for the empty-conversation TTL.
 * The escalation queue is an index of the conversation's waitingSince, written here too.
 * KEYS: state hash, messages list, recent index, expiry index, tombstone, escalation queue
 * ARGV: json, updatedAt, id, ttlMs, expiresAt, now, pruneLimit, emptyTtlMs, createdAt, waitingSince ('' when not waiting)
 */
export const SAVE_CONVERSATION = new LuaScript(`
local erased = redis.call('GET', KEYS[5])
if erased and tonumber(ARGV[9]) <= tonumber(erased) then return ${ERASED} end
redis.call('HSET', KEYS[1], 'd', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'v', 1)
if ARGV[10] == '' then redis.call('ZREM', KEYS[6], ARGV[3]) else redis.call('ZADD', KEYS[6], ARGV[10], ARGV[3]) end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
  redis.call('ZADD', KEYS[3], 'XX', ARGV[2], ARGV[3])
  redis.call('ZADD', KEYS[4], 'XX', ARGV[5], ARGV[3])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
end
local dead = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', ARGV[6], 'LIMIT', 0, ARGV[7])
if #dead > 0 then
  redis.call('ZREM', KEYS[3], unpack(dead))
  redis.call('ZREM', KEYS[4], unpack(dead))
end
return 1
`);

/**
 * Compare-and-set a conversation: write only if its version is still the one read.
 * Returns 1 when written, 0 when someone else wrote first (or it is gone): read again.
 * An empty conversation keeps its short TTL; one with messages gets the history TTL again.
 * The escalation queue is an index of the conversation's waitingSince, written in the same step,
 * so queue membership never disagrees with the conversation (no write between them to lose).
 * KEYS: state hash, messages list, recent index, expiry index, escalation queue
 * ARGV: expected version, json, updatedAt, id, ttlMs, expiresAt, waitingSince ('' when not waiting)
 */
export const CAS_CONVERSATION = new LuaScript(`
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'd', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'v', 1)
if ARGV[7] == '' then redis.call('ZREM', KEYS[5], ARGV[4]) else redis.call('ZADD', KEYS[5], ARGV[7], ARGV[4]) end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  redis.call('ZADD', KEYS[3], 'XX', ARGV[3], ARGV[4])
  redis.call('ZADD', KEYS[4], 'XX', ARGV[6], ARGV[4])
end
return 1
`);

/**
 * Append a message (history capped at maxMessages), refreshing the TTL of state and
 * messages. Refused (ERASED) when the conversation was erased and not re-created since.
 * A customer message lists the conversation (score = the message time; updates re-score it).
 * KEYS: messages list, state hash, recent index, expiry index, tombstone
 * ARGV: json, maxMessages, ttlMs, expiresAt, id, '1' for a customer message, its time
 */
export const APPEND_MESSAGE = new LuaScript(`
local hasState = redis.call('EXISTS', KEYS[2]) == 1
if not hasState and redis.call('EXISTS', KEYS[5]) == 1 then return ${ERASED} end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if hasState then
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  if ARGV[6] == '1' then redis.call('ZADD', KEYS[3], 'NX', ARGV[7], ARGV[5]) end
  if redis.call('ZSCORE', KEYS[3], ARGV[5]) then redis.call('ZADD', KEYS[4], ARGV[4], ARGV[5]) end
end
return 1
`);

/**
 * Add a conversation id to a sorted set of conversations (the escalation queue), unless the
 * conversation was erased and not re-created since.
 * KEYS: set, tombstone, state hash
 * ARGV: score, member
 */
export const ZADD_CONVERSATION = new LuaScript(`
if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('EXISTS', KEYS[2]) == 1 then return ${ERASED} end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
return 1
`);

/**
 * Remove up to `limit` ids whose history has expired from the listing indexes.
 * Returns { removed, remaining size of the recent index }.
 * KEYS: recent index, expiry index
 * ARGV: now, limit
 */
export const PRUNE_CONVERSATIONS = new LuaScript(`
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
if #dead > 0 then
  redis.call('ZREM', KEYS[1], unpack(dead))
  redis.call('ZREM', KEYS[2], unpack(dead))
end
return { #dead, redis.call('ZCARD', KEYS[1]) }
`);

/**
 * Replace one stored message in place, if it is still exactly what was read (LPOS on the raw JSON).
 * Returns 1 when replaced, 0 when the list changed underneath: read again.
 * KEYS: messages list, state hash, expiry index
 * ARGV: old json, new json, ttlMs, expiresAt, conversation id
 */
export const REPLACE_MESSAGE = new LuaScript(`
local at = redis.call('LPOS', KEYS[1], ARGV[1])
if not at then return 0 end
redis.call('LSET', KEYS[1], at, ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], 'XX', ARGV[4], ARGV[5])
return 1
`);

/**
 * Renew a held lock's lease, only if this holder's token still owns it.
 * Returns 1 when renewed, 0 when the lock was lost (expired, taken by another). KEYS: lock. ARGV: token, ttlMs.
 */
export const RENEW_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

/**
 * Release a lock only if this holder's token still owns it (an expired holder must not
 * delete its successor's lock). KEYS: lock. ARGV: token.
 */
export const RELEASE_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Store a record. A new (or expired and re-created) record takes the next insertion number;
 * an overwrite keeps its place. TTL records are indexed by expiry so a few expired ones are
 * pruned from the listing index on every put. The optional 5th-7th keys link it to a
 * conversation; a record naming an erased (and not re-created) conversation is refused (ERASED).
 * KEYS: record, order index, expiry index, sequence counter, [conversation link set, tombstone, state hash]
 * ARGV: json, id, ttlMs (0 = none), expiresAt, now, link member
 */
export const PUT_RECORD = new LuaScript(`
if KEYS[6] and redis.call('EXISTS', KEYS[7]) == 0 and redis.call('EXISTS', KEYS[6]) == 1 then return ${ERASED} end
local existed = redis.call('EXISTS', KEYS[1])
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
  redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[2])
end
if existed == 0 or not redis.call('ZSCORE', KEYS[2], ARGV[2]) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[2])
end
local dead = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', ARGV[5], 'LIMIT', 0, 16)
if #dead > 0 then
  redis.call('ZREM', KEYS[2], unpack(dead))
  redis.call('ZREM', KEYS[3], unpack(dead))
end
if KEYS[5] then redis.call('SADD', KEYS[5], ARGV[6]) end
return 1
`);

/**
 * Change one counters hash in one step: HINCRBY each `add` field, raise each `max` field when
 * the new value is higher, then set the hash's TTL. Returns, as strings, the new value of each
 * `add` field and then the previous value of each `max` field ('' when it had none).
 * KEYS: counters hash
 * ARGV: ttlMs, number of add pairs, add field/value pairs..., max field/value pairs...
 */
export const UPDATE_COUNTERS = new LuaScript(`
local out = {}
local adds = tonumber(ARGV[2])
local i = 3
for _ = 1, adds do
  out[#out + 1] = tostring(redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]))
  i = i + 2
end
while i <= #ARGV do
  local cur = redis.call('HGET', KEYS[1], ARGV[i])
  out[#out + 1] = cur or ''
  if not cur or tonumber(cur) < tonumber(ARGV[i + 1]) then redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
  i = i + 2
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return out
`);

/**
 * Reservoir sampling into a bounded list: the first `max` values are kept; after that the n-th
 * value replaces slot floor(r * n) when that is below `max` (r: a uniform random number from
 * the caller). Both keys expire together. Returns 1 when the value was kept.
 * KEYS: sample list, offered counter
 * ARGV: value, max, ttlMs, r
 */
export const OFFER_SAMPLE = new LuaScript(`
local offered = redis.call('INCR', KEYS[2])
local max = tonumber(ARGV[2])
local kept = 0
local length = redis.call('LLEN', KEYS[1])
if length < max then
  redis.call('RPUSH', KEYS[1], ARGV[1])
  kept = 1
else
  local slot = math.floor(tonumber(ARGV[4]) * offered)
  if slot < length then
    redis.call('LSET', KEYS[1], slot, ARGV[1])
    kept = 1
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return kept
`);
