import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { createPricer, priceTableFromEnv } from '../../src/model/price-table.js';
import { chooseVariant } from '../../src/skills/variant-choice.js';
import { evaluateAnswers } from '../../src/cli/eval-answers.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';

const METRICS = 'variants-e2e-metrics-token';
import path from 'node:path';
import { isRouterCall } from '../helpers/model-requests.js';

/**
 * The shipped product_recommendation variants (default and v2, 50/50) on real traffic:
 * sticky per conversation, recorded on every stored turn, sent to the model as that
 * variant's system prompt, and counted per variant in /metrics (turns, model calls,
 * tokens, cost). The answers eval's --variant forces one.
 */

const SKILL = 'product_recommendation';
const V2_MARK = 'one pick, one alternative';
const USAGE = { prompt: 1200, cached: 1000, completion: 40 };

let fake: FakeOpenAIServer;
let app: Running;

beforeAll(async () => {
  fake = await startFakeOpenAIServer();
  fake.handle((req) =>
    isRouterCall(req)
      ? { kind: 'json', value: { skill: SKILL, confidence: 0.95, reason: 'test' } }
      : { kind: 'text', text: 'The Vireo QuietBlend 600 Blender (KIT-1001) at $69.99 is the quiet one.', usage: USAGE },
  );
  app = await startTestApp({ env: { OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: 'k', MODEL_TIMEOUT_MS: '3000', METRICS_TOKEN: METRICS } });
});
afterAll(async () => {
  await app?.stop();
  await fake?.close();
});

/** The value of a counter line whose labels include all of `labels`. */
function counter(metrics: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

describe('prompt variants on live traffic', () => {
  it('are declared by the shipped skill with both prompt sets loaded', () => {
    const skill = app.composed.skills.current().skills.get(SKILL)!;
    expect(skill.manifest.variants).toEqual([
      { id: 'default', weight: 50 },
      { id: 'v2', weight: 50 },
    ]);
    expect(skill.prompts.v2!.system).toContain(V2_MARK);
    expect(skill.prompts.default!.system).not.toContain(V2_MARK);
  });

  it('stick to a conversation, are stored on every turn, reach the model and are counted per variant in /metrics', async () => {
    const skill = app.composed.skills.current().skills.get(SKILL)!;
    const byVariant: Record<string, number> = {};
    for (let i = 0; i < 16; i++) {
      const chat = await openConversation(app.url);
      const expected = chooseVariant(skill, chat.conversationId);
      byVariant[expected] = (byVariant[expected] ?? 0) + 1;
      fake.reset();
      fake.handle((req) =>
        isRouterCall(req)
          ? { kind: 'json', value: { skill: SKILL, confidence: 0.95, reason: 'test' } }
          : { kind: 'text', text: 'The Vireo QuietBlend 600 Blender (KIT-1001) at $69.99 is the quiet one.', usage: USAGE },
      );
      for (const text of ['which blender is quiet enough for early smoothies?', 'and which one is the cheapest blender you sell?', 'a quiet blender under $100 please']) {
        const res = await chat.send(text);
        expect(res.status).toBe(200);
        expect(res.body.reply.skill).toBe(SKILL);
      }
      const bots = (await app.composed.store.store.getMessages(chat.conversationId)).filter((m) => m.role === 'bot');
      expect(bots).toHaveLength(3);
      for (const b of bots) expect(b.role === 'bot' && b.variant).toBe(expected);
      expect((await app.composed.store.store.getConversation(chat.conversationId))!.variants[SKILL]).toBe(expected);
      // The model got that variant's system prompt on every call.
      const skillCalls = fake.requests.filter((r) => !isRouterCall(r));
      expect(skillCalls.length).toBe(3);
      for (const call of skillCalls) expect(String(call.messages[0]!.content).includes(V2_MARK)).toBe(expected === 'v2');
    }
    // 16 conversations split by the 50/50 weights: both variants get traffic.
    expect(Object.keys(byVariant).sort()).toEqual(['default', 'v2']);

    const metrics = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } })).text();
    const price = createPricer(priceTableFromEnv(app.composed.env));
    const perCall = price({ promptTokens: USAGE.prompt, cachedTokens: USAGE.cached, completionTokens: USAGE.completion });
    for (const [variant, conversations] of Object.entries(byVariant)) {
      const turns = conversations * 3;
      expect(counter(metrics, 'switchboard_turns_total', { skill: SKILL, variant })).toBe(turns);
      const labels = { purpose: 'skill', skill: SKILL, variant };
      expect(counter(metrics, 'switchboard_model_calls_total', labels)).toBe(turns);
      expect(counter(metrics, 'switchboard_model_tokens_total', { ...labels, kind: 'prompt' })).toBe(turns * USAGE.prompt);
      expect(counter(metrics, 'switchboard_model_tokens_total', { ...labels, kind: 'cached' })).toBe(turns * USAGE.cached);
      expect(counter(metrics, 'switchboard_model_tokens_total', { ...labels, kind: 'completion' })).toBe(turns * USAGE.completion);
      expect(counter(metrics, 'switchboard_model_cost_usd_total', labels)).toBeCloseTo(turns * perCall, 10);
    }
  });

  it('record the cost of each turn on the stored reply', async () => {
    const chat = await openConversation(app.url);
    await chat.send('which blender is quiet enough for early smoothies?');
    const bot = (await app.composed.store.store.getMessages(chat.conversationId)).find((m) => m.role === 'bot');
    expect(bot?.role === 'bot' && bot.cost).toMatchObject({
      usage: { promptTokens: USAGE.prompt, cachedTokens: USAGE.cached, completionTokens: USAGE.completion },
      modelCalls: 1,
    });
    const price = createPricer(priceTableFromEnv(app.composed.env));
    expect(bot?.role === 'bot' && bot.cost?.cost).toBeCloseTo(price({ promptTokens: USAGE.prompt, cachedTokens: USAGE.cached, completionTokens: USAGE.completion }), 12);
  });
});

describe('the answers eval --variant', () => {
  it('forces the variant on every skill that declares it, and leaves the others on their own', async () => {
    const file = path.resolve(import.meta.dirname, '../answers/product-recommendation.jsonl');
    for (const variant of ['v2', 'default']) {
      const { summary } = await evaluateAnswers({ data: [file], offline: true, variant });
      const product = summary.skills.find((s) => s.skill === SKILL)!;
      expect(Object.keys(product.variants)).toEqual([variant]);
      expect(product.variants[variant]).toBe(product.turns);
      expect(summary.variant).toBe(variant);
    }
  }, 60_000);
});
