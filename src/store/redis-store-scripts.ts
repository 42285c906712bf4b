import { LuaScript, nameScripts } from './lua-script.js';
import { PLACE_LOOKBACK } from './store-rules.js';

/**
 * Server-side steps of the Redis store that must read and write atomically. Each runs in
 * one round trip; keys are always passed in KEYS (never built inside Lua).
 */

/** Returned by the scripts below when the conversation was erased: the caller throws ConversationErasedError. */
export const ERASED = -1;

/**
 * The listing indexes (recent ids by time, and their expiry) live in their own hash slot,
 * apart from the conversations' keys. A conversation script is given the two index keys
 * when they may be touched in the same script (one Redis: atomic, one round trip) and not
 * on a Redis Cluster (another slot): it then returns INDEX_PENDING and the caller runs
 * TOUCH_INDEX with the same index arguments, which every conversation script takes as its
 * last six ARGV: list mode ('nx': a customer message lists the conversation; 'xx': re-score
 * it only if listed; '': leave the score), score, id, expiresAt, now, pruneLimit (0: none).
 */
export const INDEX_PENDING = 2;

/** How the index is touched: shared by every conversation script and TOUCH_INDEX. */
const INDEX_FUNCTIONS = `
local function touchIndex(recent, expiry, list, score, id, expiresAt)
  if list == 'nx' then redis.call('ZADD', recent, 'NX', score, id)
  elseif list == 'add' then redis.call('ZADD', recent, score, id)
  elseif list == 'xx' then redis.call('ZADD', recent, 'XX', score, id) end
  if redis.call('ZSCORE', recent, id) then redis.call('ZADD', expiry, expiresAt, id) end
end
local function touchQueue(queue, waitingSince, id)
  if waitingSince == '' then redis.call('ZREM', queue, id) else redis.call('ZADD', queue, waitingSince, id) end
end
local function pruneIndex(recent, expiry, now, limit)
  if tonumber(limit) <= 0 then return 0 end
  local dead = redis.call('ZRANGEBYSCORE', expiry, '-inf', now, 'LIMIT', 0, limit)
  if #dead > 0 then
    redis.call('ZREM', recent, unpack(dead))
    redis.call('ZREM', expiry, unpack(dead))
  end
  return #dead
end
`;

/**
 * Lua: insert a message JSON where `where` says: '' at the end; '>' followed by an id right
 * after the stored message with that id; '^' before every message; the last two only when that
 * place is among the last PLACE_LOOKBACK messages, else at the end. A turn writes its customer
 * message with its reply (issue 20): a message stored meanwhile by someone else (an agent's
 * take-over notice) stays after the customer message the turn started with, as when that was
 * written first. Usually one LINDEX and one decode (the last message is the one). LINSERT finds
 * its pivot by value: stored message JSONs differ (their ids).
 */
const PLACE_AFTER = `
local function placeAfter(list, json, where)
  if where == '' then redis.call('RPUSH', list, json) return end
  local atStart = where == '^'
  local after = string.sub(where, 2)
  local last = nil
  for i = 1, ${PLACE_LOOKBACK} do
    local item = redis.call('LINDEX', list, -i)
    if not item then
      if atStart and last then redis.call('LINSERT', list, 'BEFORE', last, json) return end
      break
    end
    if not atStart then
      local ok, stored = pcall(cjson.decode, item)
      if ok and type(stored) == 'table' and stored.id == after then
        if i > 1 then redis.call('LINSERT', list, 'AFTER', item, json) return end
        break
      end
    end
    last = item
  end
  redis.call('RPUSH', list, json)
end
`;

/** Lua: touch the index inline when its keys start at KEYS[first], else report INDEX_PENDING. */
function indexStep(first: number, prune = true): string {
  const n = '#ARGV';
  return `(function()
  if KEYS[${first}] then
    touchIndex(KEYS[${first}], KEYS[${first + 1}], ARGV[${n} - 5], ARGV[${n} - 4], ARGV[${n} - 3], ARGV[${n} - 2])
    ${prune ? `pruneIndex(KEYS[${first}], KEYS[${first + 1}], ARGV[${n} - 1], ARGV[${n}])` : ''}
    return 1
  end
  return ${INDEX_PENDING}
end)()`;
}

/**
 * The index step of a conversation script that left it to the caller (Redis Cluster).
 * KEYS: recent index, expiry index. ARGV: the six index arguments.
 */
export const TOUCH_INDEX = new LuaScript(`${INDEX_FUNCTIONS}
touchIndex(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
pruneIndex(KEYS[1], KEYS[2], ARGV[5], ARGV[6])
return 1
`);

/**
 * Create or replace a conversation; prune a few expired ids from the listing index.
 * Refused (ERASED) when the id has a tombstone from an erasure at or after the conversation's
 * creation: an erased conversation never comes back, a later one in the same chat may.
 * With messages it keeps the history TTL (and its place in the listing, if listed); without,
 * it lives for the empty-conversation TTL.
 * Returns { 1 or INDEX_PENDING, the new version }, or ERASED.
 * The escalation queue is an index of the conversation's waitingSince, written in the same
 * script on one Redis (on a cluster it is in another slot: the caller writes it next).
 * KEYS: state hash, messages list, tombstone, [recent index, expiry index, escalation queue]
 * ARGV: json, emptyTtlMs, createdAt, ttlMs, waitingSince ('' when not waiting), index arguments ('xx', updatedAt, id, expiresAt, now, pruneLimit)
 */
export const SAVE_CONVERSATION = new LuaScript(`${INDEX_FUNCTIONS}
local erased = redis.call('GET', KEYS[3])
if erased and tonumber(ARGV[3]) <= tonumber(erased) then return ${ERASED} end
redis.call('HSET', KEYS[1], 'd', ARGV[1])
local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
if KEYS[6] then touchQueue(KEYS[6], ARGV[5], ARGV[#ARGV - 3]) end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
  return { ${indexStep(4)}, v }
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if KEYS[4] then pruneIndex(KEYS[4], KEYS[5], ARGV[#ARGV - 1], ARGV[#ARGV]) end
return { 1, v }
`);

/**
 * Compare-and-set a conversation: write only if its version is still the one read.
 * Returns { 0 } when someone else wrote first (or it is gone): read again; { 1 or INDEX_PENDING, the new version } when written.
 * An empty conversation keeps its short TTL; one with messages gets the history TTL again.
 * The escalation queue is an index of the conversation's waitingSince, written in the same step,
 * so queue membership never disagrees with the conversation (on a cluster: the caller's next step).
 * With messages (updateConversation's `append`), they are appended in the same step, only if the
 * write happens (history capped at maxMessages), the first right after message `after` (PLACE_AFTER),
 * the others at the end; a customer message lists the conversation ('add').
 * KEYS: state hash, messages list, [recent index, expiry index, escalation queue]
 * ARGV: expected version, json, ttlMs, waitingSince ('' when not waiting), number of messages n, maxMessages,
 *       n message jsons, [where the first goes (PLACE_AFTER; with n > 0)], index arguments ('xx', or 'add' with a customer message; updatedAt, id, expiresAt, now, 0)
 */
export const CAS_CONVERSATION = new LuaScript(`${INDEX_FUNCTIONS}${PLACE_AFTER}
if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then return { 0 } end
redis.call('HSET', KEYS[1], 'd', ARGV[2])
local v = redis.call('HINCRBY', KEYS[1], 'v', 1)
if KEYS[5] then touchQueue(KEYS[5], ARGV[4], ARGV[#ARGV - 3]) end
local appended = tonumber(ARGV[5])
if appended > 0 then
  placeAfter(KEYS[2], ARGV[7], ARGV[7 + appended])
  for i = 2, appended do redis.call('RPUSH', KEYS[2], ARGV[6 + i]) end
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[6]), -1)
end
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return { ${indexStep(3, false)}, v }
end
return { 1, v }
`);

/**
 * Append a message (history capped at maxMessages), refreshing the TTL of state and
 * messages. Refused (ERASED) when the conversation was erased and not re-created since.
 * A customer message lists the conversation (score = the message time; updates re-score it).
 * KEYS: messages list, state hash, tombstone, [recent index, expiry index]
 * ARGV: json, maxMessages, ttlMs, index arguments ('nx' for a customer message else '', its time, id, expiresAt, now, 0)
 */
export const APPEND_MESSAGE = new LuaScript(`${INDEX_FUNCTIONS}
local hasState = redis.call('EXISTS', KEYS[2]) == 1
if not hasState and redis.call('EXISTS', KEYS[3]) == 1 then return ${ERASED} end
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if hasState then
  redis.call('PEXPIRE', KEYS[2], ARGV[3])
  return ${indexStep(4, false)}
end
return 1
`);

/**
 * Add a conversation id to a sorted set of conversations (the escalation queue), unless the
 * conversation was erased and not re-created since. On a cluster the set is in another slot:
 * the script only checks (INDEX_PENDING: go ahead) and the caller adds.
 * KEYS: tombstone, state hash, [set]
 * ARGV: score, member
 */
export const ZADD_CONVERSATION = new LuaScript(`
if redis.call('EXISTS', KEYS[2]) == 0 and redis.call('EXISTS', KEYS[1]) == 1 then return ${ERASED} end
if not KEYS[3] then return ${INDEX_PENDING} end
redis.call('ZADD', KEYS[3], ARGV[1], ARGV[2])
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
 * Returns 0 when the list changed underneath: read again; 1 (or INDEX_PENDING) when replaced.
 * KEYS: messages list, state hash, [recent index, expiry index]
 * ARGV: old json, new json, ttlMs, index arguments ('', '', id, expiresAt, now, 0)
 */
export const REPLACE_MESSAGE = new LuaScript(`${INDEX_FUNCTIONS}
local at = redis.call('LPOS', KEYS[1], ARGV[1])
if not at then return 0 end
redis.call('LSET', KEYS[1], at, ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return ${indexStep(3, false)}
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
 * delete its successor's lock); with a second key, first mark it (work done once: see
 * withLockOnce) for ttlMs, in the same step. Returns 1 when released, 0 when the lock was lost.
 * KEYS: lock, [once marker]. ARGV: token, [marker ttlMs].
 */
export const RELEASE_LOCK = new LuaScript(`
if KEYS[2] then redis.call('SET', KEYS[2], '1', 'PX', ARGV[2]) end
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Take a lock (SET NX PX with this holder's token); with a second key, only while that once
 * marker is not set (the work was done already: the caller replays it instead). Returns 1 when
 * taken, 0 when someone else holds it (wait and try again), -1 when the marker is set.
 * With the conversation's keys (withLockOnce's `load`; the lock is the conversation's, so one
 * slot), a taken lock or a set marker also reads the conversation in the same step (the turn's
 * start: one round trip): { 1 or -1, state json, version, tombstone, the last N messages... }
 * (false for what is missing).
 * KEYS: lock, [once marker, [state hash, messages list, tombstone]]. ARGV: token, ttlMs, [N].
 */
export const TAKE_LOCK = new LuaScript(`
local function loaded(code)
  if not KEYS[3] then return code end
  local state = redis.call('HMGET', KEYS[3], 'd', 'v')
  local out = { code, state[1], state[2], redis.call('GET', KEYS[5]) }
  local n = tonumber(ARGV[3])
  if n > 0 then
    local msgs = redis.call('LRANGE', KEYS[4], -n, -1)
    for i = 1, #msgs do out[#out + 1] = msgs[i] end
  end
  return out
end
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then return loaded(-1) end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return loaded(1) end
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
 * The conversation side of a record linked to a conversation, on a Redis Cluster (where the
 * record's collection is in another slot than the conversation): refused (ERASED) when the
 * conversation was erased and not re-created, else remembers the link for deleteConversation.
 * KEYS: conversation link set, tombstone, state hash. ARGV: link member.
 */
export const LINK_RECORD = new LuaScript(`
if redis.call('EXISTS', KEYS[3]) == 0 and redis.call('EXISTS', KEYS[2]) == 1 then return ${ERASED} end
redis.call('SADD', KEYS[1], ARGV[1])
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
 * Store.updateEpisodeCounters in one step: raise the marker's `last` to `at`; a fresh episode
 * (none yet, or `last` more than idleMs before `at`) raises the marker's `episode` to `at` and
 * starts at `at`; then UPDATE_COUNTERS on the episode's hash, with the fresh-only max fields
 * first on a fresh episode. The episode's hash is KEYS[2] followed by the episode: KEYS[2]
 * carries the aggregate's hash tag, so it is in the marker's slot on a cluster.
 * Returns { 1 when fresh else 0, episode, added values..., previous of each max written ('' when none) }.
 * KEYS: marker hash, episode hash name without the episode
 * ARGV: ttlMs, at, idleMs, number of add pairs, number of fresh-only max pairs, add pairs..., fresh-only max pairs..., max pairs...
 */
export const UPDATE_EPISODE_COUNTERS = new LuaScript(`
local at = ARGV[2]
local last = redis.call('HGET', KEYS[1], 'last')
if not last or tonumber(last) < tonumber(at) then redis.call('HSET', KEYS[1], 'last', at) end
local episode = redis.call('HGET', KEYS[1], 'episode')
local fresh = not (last and episode and tonumber(episode) > 0 and tonumber(at) - tonumber(last) <= tonumber(ARGV[3]))
if fresh then
  if not episode or tonumber(episode) < tonumber(at) then redis.call('HSET', KEYS[1], 'episode', at) end
  episode = at
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
local bucket = KEYS[2] .. episode
local out = { fresh and 1 or 0, episode }
local adds = tonumber(ARGV[4])
local freshMax = tonumber(ARGV[5])
local i = 6
for _ = 1, adds do
  out[#out + 1] = tostring(redis.call('HINCRBY', bucket, ARGV[i], ARGV[i + 1]))
  i = i + 2
end
if not fresh then i = i + 2 * freshMax end
while i <= #ARGV do
  local cur = redis.call('HGET', bucket, ARGV[i])
  out[#out + 1] = cur or ''
  if not cur or tonumber(cur) < tonumber(ARGV[i + 1]) then redis.call('HSET', bucket, ARGV[i], ARGV[i + 1]) end
  i = i + 2
end
redis.call('PEXPIRE', bucket, ARGV[1])
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

nameScripts({ TOUCH_INDEX, SAVE_CONVERSATION, CAS_CONVERSATION, APPEND_MESSAGE, ZADD_CONVERSATION, PRUNE_CONVERSATIONS, REPLACE_MESSAGE, RENEW_LOCK, RELEASE_LOCK, TAKE_LOCK, PUT_RECORD, LINK_RECORD, UPDATE_COUNTERS, UPDATE_EPISODE_COUNTERS, OFFER_SAMPLE });
