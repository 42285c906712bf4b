import type { StoredMessage } from '../../src/core/conversation.js';
import type { OfflineResponder, Skill, SkillAnswer } from '../../src/core/skill.js';
import type { KnowledgeBase } from '../../src/core/knowledge.js';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import path from 'node:path';
import { createOfflineResponder } from '../../src/offline/offline-responder.js';
import { readPlaybook } from '../../src/offline/playbook-files.js';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import type { DialogueState } from '../../src/core/dialogue-state.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { loadSkillSet } from '../../src/skills/load-skill-set.js';
import type { MemoryStore } from '../../src/store/memory-store.js';
import { identifiersIn } from '../../src/commerce/order-ids.js';
import { collectEffects, type CollectedEffects } from '../../src/engine/turn-effects.js';
import { demoCommerce, owner } from '../commerce/demo-fixture.js';

/** The built-in skills' tool lists (TEAM.md), so these tests do not depend on the manifests' other content. */
export const SKILL_TOOLS: Record<string, string[]> = {
  product_recommendation: ['search_products', 'get_product'],
  returns: ['get_order', 'check_return_eligibility', 'start_return', 'get_return_policy'],
  warranty: ['get_order', 'get_product', 'check_warranty', 'open_warranty_claim', 'get_warranty_terms'],
  order_status: ['get_order_status', 'cancel_order', 'get_order'],
  other: [],
};

const PROMPTS = path.join(import.meta.dirname, '..', '..', 'prompts');

/** A skill with the shipped playbook of that id (prompts/<id>/offline.yaml), or the shared templates only. */
export async function skill(id: string, opts: { tools?: string[]; title?: string; description?: string; promptsDir?: string } = {}): Promise<Skill> {
  const tools = opts.tools ?? SKILL_TOOLS[id] ?? [];
  return {
    playbook: await readPlaybook(opts.promptsDir ?? PROMPTS, id, tools),
    manifest: {
      id,
      title: opts.title ?? id,
      description: opts.description ?? `The ${id} skill.`,
      examples: [],
      tools,
      model: { temperature: 0.2, maxTokens: 400 },
      defaultMode: 'auto',
      tokenBudget: 3000,
      demonstrations: { core: 0, k: 0 },
      variants: [{ id: 'default', weight: 1 }],
    },
    prompts: {},
  };
}

export interface Chat {
  commerce: DemoCommerce;
  store: MemoryStore;
  responder: OfflineResponder;
  /**
   * Sends one message in a running conversation (history is kept like the engine keeps it). The
   * customer is verified as the owner of the order they named last (as after the engine's
   * verification step), unless `guest` is set.
   */
  say(skillOrId: Skill | string, text: string): Promise<SkillAnswer>;
  /** What the last message's tools asked for (a proposal, a verification). */
  effects(): CollectedEffects;
  /** Answers as an unverified guest from now on. */
  asGuest(): void;
}

export async function offlineChat(opts: { knowledge?: KnowledgeBase; skills?: Skill[] } = {}): Promise<Chat> {
  const { commerce, store } = await demoCommerce();
  const locales = await loadLocalePacks(path.join(import.meta.dirname, '..', '..', 'locales'));
  const tools = createToolRegistry();
  // The shipped skills, so "what can you do" lists them as a deployment would.
  const root = path.join(import.meta.dirname, '..', '..');
  const shipped = await loadSkillSet({ skillsDir: path.join(root, 'skills'), promptsDir: path.join(root, 'prompts'), commerce, tools });
  const responder = createOfflineResponder({
    commerce,
    tools,
    locales,
    skills: () => opts.skills ?? shipped.skills.values(),
    ...(opts.knowledge ? { knowledge: opts.knowledge } : {}),
  });
  let dialogue: DialogueState | undefined;
  const history: StoredMessage[] = [];
  const orderShape = commerce.storeInfo().identifiers.order;
  let n = 0;
  let guest = false;
  let effects = collectEffects('none', () => 0);
  return {
    commerce,
    store,
    responder,
    effects: () => effects,
    asGuest: () => {
      guest = true;
    },
    async say(s, text) {
      const sk = typeof s === 'string' ? await skill(s) : s;
      const named = [...history.filter((m) => m.role === 'customer').map((m) => m.text), text].flatMap((t) => identifiersIn(t, orderShape));
      effects = collectEffects(sk.manifest.id, () => 0);
      // The owner of the order named last: these tests follow one responder across orders, not the engine's binding.
      const context = { customer: guest || named.length === 0 ? null : owner(named[named.length - 1]!), namedOrders: named, effects };
      // Like the engine: the language per message (else the conversation's), the dialogue state carried over.
      const language = locales.detect(text) ?? dialogue?.language ?? null;
      const answer = await responder.respond({ skill: sk, text, history: [...history], conversationId: 'conv-offline', context, dialogue, language });
      dialogue = answer.dialogue;
      history.push({ id: `c${n}`, role: 'customer', text, at: n }, { id: `b${n}`, role: 'bot', text: answer.text, at: n, skill: sk.manifest.id, offline: true, tools: answer.tools });
      n++;
      return answer;
    },
  };
}

export const toolNames = (a: SkillAnswer): string[] => a.tools.map((t) => t.name);
