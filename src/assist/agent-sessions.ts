import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Store } from '../core/store.js';

/** Records collection of signed-in agents; each record expires with its session. */
export const AGENT_SESSIONS_COLLECTION = 'agent-sessions';

export interface AgentSession {
  agent: string;
  /** Synchronizer token: state-changing requests must echo it in X-CSRF-Token. */
  csrf: string;
  createdAt: number;
  expiresAt: number;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Sessions live in the store, keyed by a hash of the session id: the cookie is the only place
 * the id itself exists, so a store dump cannot be replayed as a sign-in.
 */
export interface AgentSessions {
  create(agent: string): Promise<{ id: string; session: AgentSession }>;
  get(id: string | undefined): Promise<AgentSession | null>;
  destroy(id: string | undefined): Promise<void>;
  readonly ttlSeconds: number;
}

function storeKey(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

export function createAgentSessions(store: Store, clock: Clock, ttlSeconds: number): AgentSessions {
  return {
    ttlSeconds,
    async create(agent) {
      const id = randomBytes(32).toString('base64url');
      const now = clock.now();
      const session: AgentSession = { agent, csrf: randomBytes(32).toString('base64url'), createdAt: now, expiresAt: now + ttlSeconds * 1000 };
      await store.putRecord(AGENT_SESSIONS_COLLECTION, storeKey(id), session, { ttlSeconds });
      return { id, session };
    },
    async get(id) {
      if (!id || !SESSION_ID.test(id)) return null;
      const session = await store.getRecord<AgentSession>(AGENT_SESSIONS_COLLECTION, storeKey(id));
      // The store's TTL removes it; the explicit check also covers a clock that runs ahead of the store's.
      if (!session || typeof session.agent !== 'string' || session.expiresAt <= clock.now()) return null;
      return session;
    },
    async destroy(id) {
      if (!id || !SESSION_ID.test(id)) return;
      await store.deleteRecord(AGENT_SESSIONS_COLLECTION, storeKey(id));
    },
  };
}

/**
 * Sessions of accounts that still exist: removing an account (agent:add --remove, or
 * taking it out of AGENT_ACCOUNTS and restarting) ends its open sessions at once.
 */
export function sessionsOfExistingAccounts(sessions: AgentSessions, exists: (agent: string) => Promise<boolean>): AgentSessions {
  return {
    ttlSeconds: sessions.ttlSeconds,
    create: (agent) => sessions.create(agent),
    destroy: (id) => sessions.destroy(id),
    async get(id) {
      const session = await sessions.get(id);
      return session && (await exists(session.agent)) ? session : null;
    },
  };
}
