/**
 * Who can answer a customer now, for a hand-off that tells the truth. Implemented by the assist
 * panel's presence (src/assist/agent-presence.ts): an agent with the panel open is online, on
 * whichever process, through the store.
 */
export interface Staffing {
  /** Distinct agents with the panel open now. */
  agentsOnline: number;
  /** Whether any agent account exists at all (AGENT_ACCOUNTS or stored by agent:add). */
  agentsConfigured: boolean;
}

export interface StaffingSource {
  staffing(): Promise<Staffing>;
}

/** What a hand-off could promise: a person online now, nobody online (queued for the next), or no agents at all. */
export type HandoffState = 'agents_online' | 'nobody_online' | 'no_agents';

export function handoffState(s: Staffing): HandoffState {
  if (!s.agentsConfigured) return 'no_agents';
  return s.agentsOnline > 0 ? 'agents_online' : 'nobody_online';
}
