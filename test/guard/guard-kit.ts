import { parseEnv } from '../../src/config/config.js';
import { noEffects } from '../../src/core/actions.js';
import { owner } from '../commerce/demo-fixture.js';
import type { ToolCallRecord } from '../../src/core/conversation.js';
import { silentLogger } from '../../src/core/logger.js';
import type { AnswerGuard, AssembledPrompt } from '../../src/core/skill.js';
import { createAnswerGuard } from '../../src/guard/create-answer-guard.js';
import { compose, type Composed } from '../../src/main.js';
import { createPromptAssembler } from '../../src/skills/prompt-assembler.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { createToolExecutor } from '../../src/tools/run-tool-call.js';

/** The shipped skills, store data and tools, composed offline, plus helpers to build one turn's guard input. */
export interface GuardKit {
  composed: Composed;
  guard: AnswerGuard;
  /** Runs a tool for real against the demo store, as the engine would. */
  tool(name: string, args: Record<string, unknown>): Promise<ToolCallRecord>;
  prompt(skill: string, text: string): Promise<AssembledPrompt>;
  check(skill: string, text: string, reply: string, tools?: ToolCallRecord[]): Promise<{ ok: boolean; problems: string[]; kind?: string }>;
  close(): Promise<void>;
}

export async function createGuardKit(): Promise<GuardKit> {
  const composed = await compose(parseEnv({ LOG_LEVEL: 'silent', SKILLS_WATCH: 'false' }), { logger: silentLogger, defaultMetrics: false });
  const tools = createToolRegistry([], { knowledge: composed.knowledge });
  const run = createToolExecutor(tools);
  const assembler = createPromptAssembler({ commerce: composed.commerce, tokenizerModel: 'gpt-4o-mini', tools, knowledge: composed.knowledge });
  const guard = createAnswerGuard({ commerce: composed.commerce, tools });
  const skill = (id: string) => {
    const s = composed.skills.current().skills.get(id);
    if (!s) throw new Error(`no skill ${id}`);
    return s;
  };
  const kit: GuardKit = {
    composed,
    guard,
    // Tools run as the owner of the order they name (a verified customer), as in a real conversation.
    tool: (name, args) => {
      const orderId = typeof args.order_id === 'string' ? args.order_id : null;
      const customer = orderId ? owner(orderId) : null;
      return run({ id: `call_${name}`, name, arguments: JSON.stringify(args) }, { conversationId: 'c-guard', commerce: composed.commerce, customer, namedOrders: orderId ? [orderId] : [], effects: noEffects });
    },
    prompt: (id, text) => assembler.build({ skill: skill(id), variant: 'default', text, history: [], conversationId: 'c-guard' }),
    async check(id, text, reply, records = []) {
      const orderId = records.map((r) => (r.arguments as { order_id?: unknown } | null)?.order_id).find((o): o is string => typeof o === 'string');
      return guard.check({ skill: skill(id), reply, tools: records, prompt: await kit.prompt(id, text), customer: orderId ? owner(orderId) : null });
    },
    close: () => composed.close(),
  };
  return kit;
}
