import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/logger.js';
import type { Staffing, StaffingSource } from '../core/presence.js';
import type { Store } from '../core/store.js';

/** Records collection of open panels: one record per open live feed, expiring unless renewed. */
export const PRESENCE_COLLECTION = 'agent-presence';

/** Open panels counted at most (a bound on the read; agents are far fewer). */
const MAX_PANELS = 1000;

interface PresenceRecord {
  agent: string;
  /** Epoch ms after which this panel no longer counts (a process that died stops renewing it). */
  until: number;
}

export interface AgentPresence extends StaffingSource {
  /**
   * The agent opened the panel's live feed: online, on every process, until the returned `leave`
   * runs (the feed closed) or, if this process dies, until the lease runs out.
   */
  join(agent: string): () => Promise<void>;
  /** Distinct agents with a panel open now (login names, lower-case). */
  online(): Promise<string[]>;
}

export interface PresenceOptions {
  /** How long one heartbeat keeps a panel online (default 30 s). */
  ttlMs?: number;
  /** How often an open panel renews it (default ttlMs / 3). */
  beatMs?: number;
}

/**
 * Agent presence through the store: each open panel feed writes a record with a short TTL and
 * renews it while open, so every process sees the same agents online, and an agent with two
 * tabs open, or on two processes, counts once.
 */
export function createAgentPresence(deps: { store: Store; clock: Clock; logger: Logger; hasAccounts: () => Promise<boolean> }, opts: PresenceOptions = {}): AgentPresence {
  const { store, clock, logger } = deps;
  const ttlMs = Math.max(1000, opts.ttlMs ?? 30_000);
  const beatMs = Math.max(100, opts.beatMs ?? Math.floor(ttlMs / 3));

  async function online(): Promise<string[]> {
    const records = await store.listRecords<PresenceRecord>(PRESENCE_COLLECTION, { limit: MAX_PANELS });
    const now = clock.now();
    const agents = new Set<string>();
    for (const r of records) if (r && typeof r.agent === 'string' && typeof r.until === 'number' && r.until > now) agents.add(r.agent);
    return [...agents];
  }

  return {
    join(agent) {
      const id = newId('panel');
      const name = agent.toLowerCase();
      const beat = () =>
        store
          .putRecord<PresenceRecord>(PRESENCE_COLLECTION, id, { agent: name, until: clock.now() + ttlMs }, { ttlSeconds: ttlMs / 1000 })
          .catch((err: unknown) => logger.warn({ err }, 'agent presence: heartbeat not written'));
      const first = beat();
      const timer = setInterval(() => void beat(), beatMs);
      timer.unref();
      let left = false;
      return async () => {
        if (left) return;
        left = true;
        clearInterval(timer);
        // After the first write, so a quick close never leaves a record behind it.
        await first;
        await store.deleteRecord(PRESENCE_COLLECTION, id).catch((err: unknown) => logger.warn({ err }, 'agent presence: leave not written'));
      };
    },
    online,
    async staffing(): Promise<Staffing> {
      const [agents, agentsConfigured] = await Promise.all([online(), deps.hasAccounts()]);
      return { agentsOnline: agents.length, agentsConfigured };
    },
  };
}
