import { stringify } from 'yaml';
import type { ToolCallRecord } from '../core/conversation.js';
import type { Store } from '../core/store.js';

/** Records collection of replies agents saved as candidate demonstrations. */
export const DEMO_CANDIDATES_COLLECTION = 'demo-candidates';

export interface DemonstrationCandidate {
  id: string;
  /** Links the record to its conversation, so erasing the conversation erases it too. */
  conversationId: string;
  /** The stored message that was saved (an agent reply or an approved draft). */
  messageId: string;
  skill: string;
  customer: string;
  reply: string;
  /** Tool calls the skill made for a draft, so the demonstration shows them. */
  calls: Array<{ tool: string; args: unknown; result: unknown }>;
  source: 'agent_reply' | 'approved_draft' | 'edited_draft';
  agent: string;
  at: number;
}

export function callsFrom(tools: ToolCallRecord[] | undefined): DemonstrationCandidate['calls'] {
  return (tools ?? []).filter((t) => t.ok).map((t) => ({ tool: t.name, args: t.arguments ?? {}, result: t.result ?? null }));
}

/**
 * Candidates in the prompts' demonstrations.yaml format, for a person to review and move into
 * prompts/<skill>/demonstrations.yaml. They are written next to it (candidates/), which the
 * skills loader never reads, so nothing reaches the model without that review.
 */
export function candidatesYaml(candidates: readonly DemonstrationCandidate[]): string {
  const demos = candidates.map((c) => {
    const turns: Array<Record<string, unknown>> = [{ user: c.customer }];
    if (c.calls.length > 0) turns.push({ calls: c.calls.map((call) => ({ tool: call.tool, args: call.args, result: call.result })) });
    turns.push({ assistant: c.reply });
    return {
      id: `candidate-${c.id.replace(/[^a-z0-9]/gi, '').toLowerCase()}`,
      note: `${c.source.replace('_', ' ')} saved by ${c.agent} on ${new Date(c.at).toISOString().slice(0, 10)}; review (remove personal data) before moving it into demonstrations.yaml`,
      turns,
    };
  });
  return stringify(demos, { lineWidth: 0 });
}

export function groupBySkill(candidates: readonly DemonstrationCandidate[]): Map<string, DemonstrationCandidate[]> {
  const bySkill = new Map<string, DemonstrationCandidate[]>();
  for (const c of [...candidates].sort((a, b) => a.at - b.at)) {
    const list = bySkill.get(c.skill) ?? [];
    list.push(c);
    bySkill.set(c.skill, list);
  }
  return bySkill;
}

export async function listCandidates(store: Store, limit = 100_000): Promise<DemonstrationCandidate[]> {
  return store.listRecords<DemonstrationCandidate>(DEMO_CANDIDATES_COLLECTION, { limit });
}
