import { randomBytes } from 'node:crypto';
import { removeAgentAccount, saveAgentAccount } from '../assist/agent-accounts.js';
import { createAgentPresence } from '../assist/agent-presence.js';
import { hashPassword } from '../assist/password-hash.js';
import type { Clock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import type { Store } from '../core/store.js';
import type { AgentsSetup } from './case-schema.js';

/** Cheap scrypt parameters: these accounts exist for one case and nobody signs in with them. */
const CASE_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/**
 * A case's agents, through the mechanisms the app itself reads: account records as `agent:add`
 * stores them, and open panels as presence records in the store (the engine's presence sees
 * them as another process's panels). Returns the undo, run after the case.
 */
export async function setUpAgents(store: Store, clock: Clock, setup: AgentsSetup, caseId: string): Promise<() => Promise<void>> {
  const names = Array.from({ length: setup.accounts }, (_, i) => `eval-agent-${i + 1}`);
  for (const [i, name] of names.entries()) {
    await saveAgentAccount(store, {
      name,
      hash: await hashPassword(randomBytes(16).toString('hex'), CASE_SCRYPT),
      createdAt: clock.now(),
      displayName: `Agent ${i + 1}`,
    });
  }
  const presence = createAgentPresence({ store, clock, logger: silentLogger, hasAccounts: async () => names.length > 0 });
  const leaves = names.slice(0, setup.online).map((name) => presence.join(name));
  // The first heartbeat is written before the case's first turn reads who is online.
  let tries = 0;
  while ((await presence.online()).length < setup.online) {
    if (++tries > 100) throw new Error(`case ${caseId}: agents did not come online`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return async () => {
    for (const leave of leaves) await leave();
    for (const name of names) await removeAgentAccount(store, name);
  };
}
