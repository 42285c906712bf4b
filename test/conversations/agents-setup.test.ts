import { describe, expect, it } from 'vitest';
import { hasAgentAccounts } from '../../src/assist/agent-accounts.js';
import { createAgentPresence } from '../../src/assist/agent-presence.js';
import { setUpAgents } from '../../src/answers/agents-setup.js';
import { answerCaseSchema } from '../../src/answers/case-schema.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';

/** The eval's `agents` set-up goes through the records the app itself reads (issue 17: hand-offs with and without agents online). */
describe('a case that sets up agents', () => {
  it('creates accounts and open panels the app sees, and removes them after the case', async () => {
    const { store } = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 50 });
    // The app's own presence, as main.ts builds it (no AGENT_ACCOUNTS configured).
    const appPresence = createAgentPresence({ store, clock: systemClock, logger: silentLogger, hasAccounts: () => hasAgentAccounts(store, new Map()) });
    expect(await appPresence.staffing()).toEqual({ agentsOnline: 0, agentsConfigured: false });

    const undo = await setUpAgents(store, systemClock, { accounts: 2, online: 1 }, 'test');
    expect(await appPresence.staffing()).toEqual({ agentsOnline: 1, agentsConfigured: true });

    await undo();
    expect(await appPresence.staffing()).toEqual({ agentsOnline: 0, agentsConfigured: false });
  });

  it('is validated: no more agents online than accounts, no unknown fields', () => {
    const base = { id: 'x', skill: 'other', turns: [{ user: 'hi', expect: { handoff: true } }] };
    expect(answerCaseSchema.safeParse({ ...base, agents: { accounts: 1, online: 2 } }).success).toBe(false);
    expect(answerCaseSchema.safeParse({ ...base, agents: { accounts: 1, online: 1, away: 1 } }).success).toBe(false);
    expect(answerCaseSchema.safeParse({ ...base, agents: { accounts: 2 } }).data?.agents).toEqual({ accounts: 2, online: 0 });
  });
});
