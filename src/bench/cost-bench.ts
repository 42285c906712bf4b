import { parseEnv } from '../config/config.js';
import type { InboundMessage } from '../core/conversation.js';
import { silentLogger } from '../core/logger.js';
import type { ChatMessage } from '../core/model.js';
import { compose } from '../main.js';
import { usageCost, type PriceTable } from '../model/price-table.js';
import { createModelRouter } from '../router/model-router.js';
import { createPromptAssembler } from '../skills/prompt-assembler.js';
import { resolvePromptSet } from '../skills/prompt-assembler.js';
import { createToolRegistry } from '../tools/tool-registry.js';
import type { RecordedRequest } from '../../test/fakes/fake-openai-server.js';
import { isRouterRequest, startLoadModel } from './load-model.js';
import type { EvalMessage } from './eval-messages.js';
import type { CostSection, SkillCost } from './results-schema.js';
import { round } from './stats.js';

export interface CostBenchOptions {
  messages: EvalMessage[];
  files: string[];
  prices: PriceTable;
  threshold: number;
  log: (line: string) => void;
}

/**
 * OpenAI's prompt caching: prompts of 1,024 tokens or more, cache hits in 128-token
 * steps over the longest repeated prefix. Assumes steady traffic keeps the cache warm.
 */
export function cacheableTokens(prefixTokens: number): number {
  if (prefixTokens < 1024) return 0;
  return 1024 + 128 * Math.floor((prefixTokens - 1024) / 128);
}

/** The fake's recorded OpenAI-format messages back in the core shape, for counting. */
function toChat(messages: RecordedRequest['messages']): ChatMessage[] {
  return messages.map((m) => {
    const content = typeof m.content === 'string' ? m.content : '';
    if (m.role === 'system') return { role: 'system', content };
    if (m.role === 'assistant') return { role: 'assistant', content };
    if (m.role === 'tool') return { role: 'tool', toolCallId: String(m.tool_call_id ?? ''), content };
    return { role: 'user', content };
  });
}


/**
 * Section 6: replays every message as the first turn of its own conversation through the
 * real engine (compose(), memory store, the real router with ROUTER_THRESHOLD) against a
 * fake model that counts calls. The fake's router answer agrees with the local
 * classifier's best guess; its skill answer is plain text (no tool rounds). Tokens are
 * counted with gpt-tokenizer: skill prompts as the prompt assembler builds them, router
 * prompts from the request actually sent. Completion tokens are estimated (see notes).
 */
export async function runCostBench(opts: CostBenchOptions): Promise<CostSection> {
  let classify: ((text: string) => string) | null = null;
  const fake = await startLoadModel({ pickSkill: (text) => classify?.(text) ?? 'other', record: true });
  const env = parseEnv({
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_API_KEY: 'x',
    LOG_LEVEL: 'silent',
    SKILLS_WATCH: 'false',
    ROUTER_THRESHOLD: String(opts.threshold),
  });
  const composed = await compose(env, { logger: silentLogger, defaultMetrics: false });
  try {
    const router = composed.router;
    classify = (text) => router.classify(text).skill;
    const set = composed.skills.current();
    const assembler = createPromptAssembler({ commerce: composed.commerce, tokenizerModel: env.OPENAI_MODEL, tools: createToolRegistry() });
    const counter = await assembler.counter();

    // Completion length: the skill's own demonstrated replies are the best estimate we have of a real answer.
    const completionBySkill = new Map<string, number>();
    for (const [id, skill] of set.skills) {
      const demos = resolvePromptSet(skill, skill.manifest.variants[0]?.id ?? 'default').demonstrations;
      const lengths = demos.flatMap((d) => {
        const last = [...d.messages].reverse().find((m) => m.role === 'assistant' && typeof m.content === 'string' && m.content.length > 0);
        return last && last.role === 'assistant' && last.content ? [counter.text(last.content)] : [];
      });
      completionBySkill.set(id, lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : skill.manifest.model.maxTokens / 2);
    }
    const routerCompletion = counter.text(JSON.stringify({ skill: 'product_recommendation', confidence: 0.92, reason: 'asks which product suits a need' }));
    const routerTokens = (req: RecordedRequest) => {
      const chat = toChat(req.messages);
      const prompt = counter.messages(chat);
      const prefix = chat.slice(0, -1).reduce((n, m) => n + counter.message(m), 0);
      return { prompt, cached: cacheableTokens(prefix) };
    };

    interface Acc { turns: number; calls: number; prompt: number; cached: number; completion: number; usd: number }
    const bySkill = new Map<string, Acc>();
    const methods: Record<string, number> = {};
    let routerCalls = 0;
    let skillCalls = 0;
    let guardRetries = 0;
    const routerAcc = { prompt: 0, cached: 0, usd: 0 };
    let skillUsd = 0;

    for (let i = 0; i < opts.messages.length; i++) {
      const m = opts.messages[i]!;
      const before = fake.requests.length;
      const msg: InboundMessage = { conversationId: `bench-cost-${i}`, channel: 'webchat', user: { id: `u${i}` }, text: m.text, id: `m${i}`, createIfMissing: true };
      const result = await composed.engine.handle(msg);
      const reqs = fake.requests.slice(before);
      const routerReqs = reqs.filter(isRouterRequest);
      const skillReqs = reqs.length - routerReqs.length;
      routerCalls += routerReqs.length;
      skillCalls += skillReqs;
      if (skillReqs > 1) guardRetries += skillReqs - 1;
      const method = result.route?.method ?? 'none';
      methods[method] = (methods[method] ?? 0) + 1;
      for (const r of routerReqs) {
        const t = routerTokens(r);
        routerAcc.prompt += t.prompt;
        routerAcc.cached += t.cached;
        routerAcc.usd += usageCost(opts.prices, { promptTokens: t.prompt, cachedTokens: t.cached, completionTokens: routerCompletion });
      }
      const skillId = result.reply?.skill ?? result.route?.skill ?? 'none';
      const acc = bySkill.get(skillId) ?? { turns: 0, calls: 0, prompt: 0, cached: 0, completion: 0, usd: 0 };
      acc.turns += 1;
      const skill = set.skills.get(skillId);
      if (skillReqs > 0 && skill && result.reply) {
        const built = await assembler.build({ skill, variant: result.reply.variant ?? 'default', text: m.text, history: [], conversationId: msg.conversationId });
        const completion = completionBySkill.get(skillId) ?? 0;
        const cached = cacheableTokens(built.prefixTokens);
        const usd = usageCost(opts.prices, { promptTokens: built.promptTokens, cachedTokens: cached, completionTokens: completion }) * skillReqs;
        acc.calls += skillReqs;
        acc.prompt += built.promptTokens * skillReqs;
        acc.cached += cached * skillReqs;
        acc.completion += completion * skillReqs;
        acc.usd += usd;
        skillUsd += usd;
      }
      bySkill.set(skillId, acc);
    }

    // The model-first design: one router call for every message, then the same answers.
    const always = createModelRouter({ model: composed.model!, prompt: set.router, skills: router.info().skills, logger: silentLogger });
    let modelFirstRouterUsd = 0;
    for (const m of opts.messages) {
      const before = fake.requests.length;
      await always.route(m.text, { activeSkill: null, unclearStreak: 0 });
      for (const r of fake.requests.slice(before)) {
        const t = routerTokens(r);
        modelFirstRouterUsd += usageCost(opts.prices, { promptTokens: t.prompt, cachedTokens: t.cached, completionTokens: routerCompletion });
      }
    }

    const turns = opts.messages.length;
    const skills: SkillCost[] = [...bySkill.entries()]
      .sort((a, b) => b[1].turns - a[1].turns)
      .map(([skill, a]) => ({
        skill,
        turns: a.turns,
        share: round(a.turns / turns, 4) ?? 0,
        promptTokens: round(a.calls ? a.prompt / a.calls : 0, 1) ?? 0,
        cachedPrefixTokens: round(a.calls ? a.cached / a.calls : 0, 1) ?? 0,
        completionTokens: round(a.calls ? a.completion / a.calls : 0, 1) ?? 0,
        skillCallsPerTurn: round(a.calls / a.turns, 4) ?? 0,
        usdPerTurn: round(a.usd / a.turns, 8) ?? 0,
      }));
    const section: CostSection = {
      turns,
      files: opts.files,
      prices: opts.prices,
      tokenizer: `gpt-tokenizer ${counter.encoding} (${env.OPENAI_MODEL}${counter.exact ? '' : ', estimate'})`,
      skills,
      router: {
        calls: routerCalls,
        promptTokens: round(routerCalls ? routerAcc.prompt / routerCalls : 0, 1) ?? 0,
        cachedPrefixTokens: round(routerCalls ? routerAcc.cached / routerCalls : 0, 1) ?? 0,
        completionTokens: routerCompletion,
        usdPerCall: round(routerCalls ? routerAcc.usd / routerCalls : 0, 8) ?? 0,
      },
      switchboard: {
        modelCallsPerTurn: round((routerCalls + skillCalls) / turns, 4) ?? 0,
        routerCallsPerTurn: round(routerCalls / turns, 4) ?? 0,
        skillCallsPerTurn: round(skillCalls / turns, 4) ?? 0,
        usdPer1000Turns: round(((skillUsd + routerAcc.usd) / turns) * 1000, 4) ?? 0,
      },
      modelFirst: {
        modelCallsPerTurn: round(1 + skillCalls / turns, 4) ?? 0,
        usdPer1000Turns: round(((skillUsd + modelFirstRouterUsd) / turns) * 1000, 4) ?? 0,
      },
      methods,
      guardRetries,
    };
    opts.log(
      `  ${turns} turns: ${section.switchboard.modelCallsPerTurn} model calls/turn (router ${section.switchboard.routerCallsPerTurn}), ` +
        `$${section.switchboard.usdPer1000Turns}/1000 turns vs model-first ${section.modelFirst.modelCallsPerTurn} calls, $${section.modelFirst.usdPer1000Turns}`,
    );
    return section;
  } finally {
    await composed.close(1000);
    await fake.close();
  }
}
