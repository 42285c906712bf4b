import { parseEnv } from '../config/config.js';
import { silentLogger } from '../core/logger.js';
import type { Skill } from '../core/skill.js';
import { createAnswerGuard } from '../guard/create-answer-guard.js';
import { compose, type Composed } from '../main.js';
import { createOfflineResponder } from '../offline/offline-responder.js';
import { createPromptAssembler } from '../skills/prompt-assembler.js';
import { createToolRegistry } from '../tools/tool-registry.js';
import { noEffects } from '../core/actions.js';
import { formatMoney } from '../skills/knowledge-vars.js';

/** The steps a customer message goes through on a turn, each callable on its own. */
export const DIRECT_TARGETS = ['router', 'offline', 'search', 'guard'] as const;
export type DirectTarget = (typeof DIRECT_TARGETS)[number];

export interface DirectHarness {
  /** Runs one step on one message (the offline responder and the guard once per skill). */
  run(target: DirectTarget, text: string): Promise<void>;
  composed: Composed;
  close(): Promise<void>;
}

/**
 * The shipped skills, store data and tools, composed offline (memory store, no model), with
 * the router (route(): classifier and policy), the offline responder of every skill, product
 * search and the answer guard (with the prompt the assembler builds for the message, and a
 * reply that quotes the message, as a model might).
 */
export async function createDirectHarness(opts: { storeDir?: string } = {}): Promise<DirectHarness> {
  const env = { LOG_LEVEL: 'silent', SKILLS_WATCH: 'false', ROUTER_MODEL_ENABLED: 'false', ...(opts.storeDir ? { STORE_DIR: opts.storeDir } : {}) };
  const composed = await compose(parseEnv(env), { logger: silentLogger, defaultMetrics: false });
  const tools = createToolRegistry();
  const offline = createOfflineResponder({ commerce: composed.commerce, tools });
  const assembler = createPromptAssembler({ commerce: composed.commerce, tokenizerModel: 'gpt-4o-mini', tools });
  const guard = createAnswerGuard({ commerce: composed.commerce, tools });
  const skills = (): Skill[] => [...composed.skills.current().skills.values()];
  // The draft quotes a real product of the composed store at its price, in the store's currency, as a model would.
  const currency = composed.commerce.storeInfo().currency;
  const [sample] = await composed.commerce.searchProducts({ category: composed.commerce.categories()[0], limit: 1 });
  const productFact = sample ? `the ${sample.product.name} costs ${formatMoney(sample.product.price, currency)}` : `it costs ${formatMoney(69.99, currency)}`;
  const harness: DirectHarness = {
    composed,
    async run(target, text) {
      switch (target) {
        case 'router':
          await composed.router.route(text, { activeSkill: null, unclearStreak: 0 });
          return;
        case 'search':
          await composed.commerce.searchProducts({ text });
          return;
        case 'offline':
          for (const skill of skills()) await offline.respond({ skill, text, history: [], conversationId: 'c-fuzz', context: { customer: null, namedOrders: [], effects: noEffects } });
          return;
        case 'guard':
          for (const skill of skills()) {
            const prompt = await assembler.build({ skill, variant: 'default', text, history: [], conversationId: 'c-fuzz' });
            await guard.check({ skill, reply: `You wrote: "${text}". Our return window is 30 days and ${productFact}.`, tools: [], prompt });
          }
          return;
      }
    },
    close: () => composed.close(),
  };
  // The first calls load the tokenizer's tables and compile the hot paths: done here, so the
  // slowest call a fuzz run reports is about the input, not about start-up.
  for (const target of DIRECT_TARGETS) for (const text of warmUp(formatMoney(50, currency, { whole: true }))) await harness.run(target, text);
  return harness;
}

const warmUp = (budget: string) => ['Can I return the blender I bought last week?', 'my headphones stopped charging, warranty?', `a quiet kettle under ${budget}`, 'hello'];
