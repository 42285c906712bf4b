import type { Store } from '../core/store.js';

/** Records collection of agents' verdicts on routes and answers. */
export const CORRECTIONS_COLLECTION = 'corrections';

export interface Correction {
  id: string;
  /** Links the record to its conversation, so erasing the conversation erases it too. */
  conversationId: string;
  /** The customer message (route corrections) or the bot reply (answer corrections). */
  messageId: string;
  target: 'route' | 'answer';
  verdict: 'good' | 'wrong';
  /** The customer's text the verdict is about. */
  text: string;
  /** Where the router sent it (route) or which skill answered (answer). */
  routedTo: string | null;
  /** The right skill, when the agent named it (a re-route names it). */
  label: string | null;
  /** For answer corrections: the reply that was judged. */
  answer?: string;
  agent: string;
  at: number;
  /** 'reroute' when it came from the re-route button, 'mark' from good/wrong. */
  via: 'reroute' | 'mark';
}

/** One line of `npm run eval -- router --train FILE`. */
export interface TrainingLine {
  text: string;
  label: string;
}

/**
 * Route corrections as labelled examples. A route marked good keeps the router's label; a
 * wrong one needs the right skill; the newest verdict on a message wins (agents change
 * their minds). Answer verdicts say nothing reliable about the route and are left out.
 */
export function trainingLines(corrections: readonly Correction[], knownSkills?: ReadonlySet<string>): TrainingLine[] {
  const newestFirst = [...corrections].sort((a, b) => b.at - a.at);
  const seen = new Set<string>();
  const lines: TrainingLine[] = [];
  for (const c of newestFirst) {
    if (c.target !== 'route') continue;
    const key = `${c.conversationId}\n${c.messageId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const label = c.verdict === 'good' ? (c.label ?? c.routedTo) : c.label;
    const text = c.text.trim();
    if (!label || !text) continue;
    if (knownSkills && !knownSkills.has(label)) continue;
    lines.push({ text, label });
  }
  return lines.reverse();
}

export function toJsonl(lines: readonly TrainingLine[]): string {
  return lines.map((l) => JSON.stringify({ text: l.text, label: l.label })).join('\n') + (lines.length ? '\n' : '');
}

export async function listCorrections(store: Store, limit = 100_000): Promise<Correction[]> {
  return store.listRecords<Correction>(CORRECTIONS_COLLECTION, { limit });
}
