import type { Commerce } from '../../src/core/commerce.js';
import type { Engine } from '../../src/core/engine.js';
import { silentLogger } from '../../src/core/logger.js';
import type { RouteDecision, Router } from '../../src/core/route.js';
import type { AnswerGuard, GuardVerdict, Skill, SkillManifest, SkillSet, SkillSource } from '../../src/core/skill.js';
import type { Mode } from '../../src/core/conversation.js';
import { createEngine, type EngineDeps } from '../../src/engine/engine.js';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import { createMemoryStore } from '../../src/store/create-memory-store.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { ScriptedModel } from '../fakes/scripted-model.js';

/** A hand-made skill: no files, one `default` variant, no tools. */
export function skill(id: string, defaultMode: Mode = 'auto'): Skill {
  const manifest: SkillManifest = {
    id,
    title: id.replace(/_/g, ' '),
    description: id,
    examples: [],
    tools: [],
    model: { temperature: 0, maxTokens: 200 },
    defaultMode,
    tokenBudget: 1000,
    demonstrations: { core: 0, k: 0 },
    variants: [{ id: 'default', weight: 1 }],
  };
  return { manifest, prompts: { default: { variant: 'default', system: `You answer ${id}.`, demonstrations: [] } } };
}

/** Routes by the first word of the message when it names a skill, else `other`. */
export const firstWordRouter: Router = {
  async route(text): Promise<RouteDecision> {
    const word = text.trim().split(/\s/)[0] ?? '';
    return word && word !== 'other' && SKILL_IDS.includes(word)
      ? { skill: word, confidence: 0.9, method: 'local' }
      : { skill: 'other', confidence: 0.9, method: 'local' };
  },
};

const SKILL_IDS = ['returns', 'warranty', 'people'];

/** The harness shop's store info (its order numbers look like T-1234). */
export const testStoreInfo = () => ({
  name: 'Test shop',
  currency: 'EUR',
  supportHours: 'Mon-Fri 9-17',
  supportEmail: 'help@shop.test',
  supportPhone: '+1 555 0100',
  website: 'https://shop.test',
  identifiers: { order: { pattern: 'T-\\d{4}', example: 'T-1234' }, sku: { pattern: 'S\\d{3}', example: 'S001' } },
});

export interface Harness {
  engine: Engine;
  bundle: StoreBundle;
  model: ScriptedModel;
  /** Guard verdicts, in order; `ok` once they run out. */
  verdicts: GuardVerdict[];
  offlineCalls: number;
  now: { value: number };
}

/**
 * The engine built directly with createEngine on the memory store: a scripted model (or none),
 * a scripted guard, a router that reads the first word, and an offline responder that says which
 * skill answered. Nothing else of the app is involved.
 */
export async function engineHarness(opts: { model?: boolean; options?: EngineDeps['options']; deps?: Partial<EngineDeps>; bundle?: StoreBundle } = {}): Promise<Harness> {
  const now = { value: Date.parse('2026-01-05T10:00:00Z') };
  const clock = { now: () => now.value };
  const bundle = opts.bundle ?? createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 200, clock });
  const set: SkillSet = {
    version: 'test',
    loadedAt: 0,
    skills: new Map(['returns', 'warranty', 'other', 'people'].map((id) => [id, skill(id, id === 'people' ? 'human' : 'auto')])),
    router: { system: '', examples: [] },
  };
  const skills: SkillSource = { current: () => set, onChange: () => () => {} };
  const model = new ScriptedModel();
  const verdicts: GuardVerdict[] = [];
  const guard: AnswerGuard = { check: async () => verdicts.shift() ?? { ok: true, problems: [] } };
  const commerce = {
    storeInfo: testStoreInfo,
    verifyOrderEmail: async () => null,
  } as unknown as Commerce;
  const h: Harness = { engine: undefined as unknown as Engine, bundle, model, verdicts, offlineCalls: 0, now };
  h.engine = createEngine({
    store: bundle.store,
    bus: bundle.bus,
    skills,
    router: firstWordRouter,
    model: opts.model === false ? null : model,
    assembler: {
      chooseVariant: () => 'default',
      build: async (input) => ({ messages: [{ role: 'system', content: 'x' }, { role: 'user', content: input.text }], promptTokens: 1, prefixTokens: 0, demonstrations: [], knowledge: [] }),
    },
    tools: { get: () => undefined, names: () => [] },
    runTool: async (call) => ({ name: call.name, arguments: call.arguments, result: null, ok: true, durationMs: 0 }),
    commerce,
    offline: {
      respond: async ({ skill: s }) => {
        h.offlineCalls += 1;
        return { text: `Offline answer from ${s.manifest.id}.`, tools: [] };
      },
    },
    guard,
    price: () => 0.001,
    logger: silentLogger,
    clock,
    locales: await loadLocalePacks(new URL('../../locales', import.meta.url).pathname),
    verification: {
      perConversation: bundle.rateLimiters.create({ name: 'vc', points: 5, durationSeconds: 3600 }),
      perClient: bundle.rateLimiters.create({ name: 'vk', points: 5, durationSeconds: 3600 }),
      perOrder: bundle.rateLimiters.create({ name: 'vo', points: 10, durationSeconds: 24 * 3600 }),
    },
    options: { turnTimeoutMs: 5_000, ...opts.options },
    ...opts.deps,
  });
  return h;
}

let seq = 0;
/** An inbound web chat message that starts its conversation if needed. */
export function message(conversationId: string, text: string, id = `msg-${++seq}`) {
  return { conversationId, channel: 'webchat' as const, user: { id: 'u1' }, text, id, createIfMissing: true };
}
