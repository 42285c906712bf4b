import { randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Commerce } from '../core/commerce.js';
import { startConversation, type TurnCost } from '../core/conversation.js';
import type { Engine } from '../core/engine.js';
import { normalizeEmail } from '../core/identity.js';
import type { SkillSource } from '../core/skill.js';
import type { Store } from '../core/store.js';
import { checkTurn } from './checks.js';
import type { LoadedCase } from './load-cases.js';
import { ownValue } from '../core/own-keys.js';
import { setUpAgents } from './agents-setup.js';

export interface TurnReport {
  user: string;
  route: string | null;
  method: string | null;
  skill: string | null;
  variant: string | null;
  text: string;
  offline: boolean;
  tools: string[];
  cost: TurnCost | null;
  failures: string[];
}

export interface CaseResult {
  id: string;
  skill: string;
  source: string;
  passed: boolean;
  /** "turn N: reason" for every failed check, or the error that stopped the case. */
  failures: string[];
  turns: TurnReport[];
}

export interface RunCasesInput {
  engine: Engine;
  store: Store;
  commerce: Commerce;
  skills: SkillSource;
  clock: Clock;
  cases: readonly LoadedCase[];
  /** Force this prompt variant on every skill that declares it. */
  variant?: string;
  onCase?: (result: CaseResult) => void;
}

/**
 * Drives each case through the real engine, one fresh conversation per case, turn by
 * turn, exactly as a channel would (engine.handle), then checks every turn's answer.
 */
export async function runCases(input: RunCasesInput): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const run = randomUUID().slice(0, 8);
  for (const c of input.cases) {
    const conversationId = `eval-${run}-${c.id}`;
    const result: CaseResult = { id: c.id, skill: c.skill, source: c.source, passed: true, failures: [], turns: [] };
    let undoAgents: (() => Promise<void>) | null = null;
    try {
      if (c.agents) undoAgents = await setUpAgents(input.store, input.clock, c.agents, c.id);
      if (input.variant || c.customer) {
        // The engine keeps a conversation's recorded variant and customer, so recording them up front forces them.
        const variants: Record<string, string> = {};
        const forced = input.variant;
        if (forced) for (const [id, skill] of input.skills.current().skills) if (ownValue(skill.prompts, forced)) variants[id] = forced;
        await input.store.saveConversation({
          ...startConversation({ id: conversationId, channel: 'webchat', user: { id: 'eval' } }, input.clock.now()),
          variants,
          ...(c.customer ? { customer: { email: normalizeEmail(c.customer), method: 'identity_token' as const, verifiedAt: input.clock.now() } } : {}),
        });
      }
      for (const [i, turn] of c.turns.entries()) {
        const res = await input.engine.handle({
          conversationId,
          channel: 'webchat',
          user: { id: 'eval', name: 'Eval' },
          text: turn.user,
          id: `${conversationId}-t${i + 1}`,
          createIfMissing: true,
        });
        const conversation = await input.store.getConversation(conversationId);
        const reply = res.reply;
        const outcome = {
          route: res.route?.skill ?? null,
          text: reply?.text ?? '',
          tools: reply?.tools ?? [],
          handedOff: conversation?.waitingSince !== undefined || reply?.attachments?.offerHuman === true,
          offline: reply?.offline ?? false,
          proposal: reply?.attachments?.proposal?.kind ?? null,
          sources: (reply?.attachments?.sources ?? []).map((s) => s.articleId),
          handoffState: reply?.attachments?.handoff ?? null,
        };
        const failures = turn.expect ? await checkTurn(turn.expect, outcome, input.commerce) : [];
        result.turns.push({
          user: turn.user,
          route: outcome.route,
          method: res.route?.method ?? null,
          skill: reply?.skill ?? null,
          variant: reply?.variant ?? null,
          text: outcome.text,
          offline: outcome.offline,
          tools: outcome.tools.map((t) => t.name),
          cost: reply?.cost ?? null,
          failures,
        });
        result.failures.push(...failures.map((f) => (c.turns.length > 1 ? `turn ${i + 1}: ${f}` : f)));
      }
    } catch (err) {
      result.failures.push(`error: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await undoAgents?.();
    }
    result.passed = result.failures.length === 0;
    results.push(result);
    input.onCase?.(result);
  }
  return results;
}
