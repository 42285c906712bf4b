import type { Commerce } from '../core/commerce.js';
import { sourcesOf, type KnowledgeBase } from '../core/knowledge.js';
import type { StoredMessage } from '../core/conversation.js';
import type { ChatMessage, ToolSpec } from '../core/model.js';
import type { AssembledPrompt, Demonstration, PromptAssembler, PromptSet, Skill, ToolRegistry } from '../core/skill.js';
import { correctionNote } from './correction-note.js';
import { CUSTOMER_TEXT_RULES, cutCustomerText, cutParts, wrapCustomerText } from './customer-text.js';
import { knowledgeMessage, retrieveKnowledge, type KnowledgeItem } from './knowledge-retrieval.js';
import { createSimilarityIndex, type SimilarityIndex } from './similarity.js';
import { createTokenCounter, REPLY_PRIMING, type TokenCounter } from './token-counter.js';
import { chooseVariant } from './variant-choice.js';
import { ownValue } from '../core/own-keys.js';
import { TEXT_BUDGET, wordWindow } from '../core/text-budget.js';
import type { FactWords } from '../locale/fact-words.js';
import type { RetrievalWords } from '../locale/retrieval-section.js';

export interface PromptAssemblerOptions {
  commerce: Commerce;
  /** The model the prompt is for; picks the tokenizer (o200k for gpt-4o and later, cl100k for gpt-4/3.5). */
  tokenizerModel: string;
  /** When given, the skill's tool definitions are counted in the budget (the provider sends them with the prompt). */
  tools?: ToolRegistry;
  /** The store's help articles: their passages for the message join the reference data. */
  knowledge?: KnowledgeBase;
  /** Catalog items retrieved per message at most (default 4 for skills that search the catalog). */
  maxProducts?: number;
  /** History messages always kept before pool demonstrations are dropped (default 2: the last exchange). */
  keepRecentHistory?: number;
  /** The locale packs' fact words (support words that never name a product); default: the repository's packs. */
  words?: FactWords;
  /** The locale packs' retrieval words and stemming (demonstrations and store facts); default: the repository's packs. */
  retrieval?: RetrievalWords;
}

/** What was cut to fit the token budget; prompts:check reports it. */
export interface PromptTrimming {
  historyDropped: number;
  demonstrationsDropped: number;
  knowledgeDropped: number;
  messageTruncated: boolean;
}

export interface AssembledPromptDetails extends AssembledPrompt {
  budget: number;
  trimmed: PromptTrimming;
  /** The messages of the cacheable prefix (system prompt and core demonstrations). */
  prefixMessages: number;
  /** History messages that made it into the prompt. */
  historyKept: number;
  /** Tokens of the tool definitions sent with the prompt (counted in promptTokens and prefixTokens). */
  toolTokens: number;
}

export interface DetailedPromptAssembler extends PromptAssembler {
  build(input: Parameters<PromptAssembler['build']>[0]): Promise<AssembledPromptDetails>;
  /** The token counter in use (prompts:check reports the encoding). */
  counter(): Promise<TokenCounter>;
}

interface PreparedSet {
  prefix: ChatMessage[];
  core: Demonstration[];
  pool: Demonstration[];
  index: SimilarityIndex;
}

/** Demonstration user turns are framed exactly like live customer turns, so the model sees one format. */
function framedDemoMessages(demo: Demonstration): ChatMessage[] {
  return demo.messages.map((m) => (m.role === 'user' ? { ...m, content: wrapCustomerText(m.content) } : m));
}

/**
 * Per demonstration object (a reload makes new ones): the same message objects on every turn,
 * so a prompt recomposed while it is trimmed finds their counts (see build()).
 */
const framedDemos = new WeakMap<Demonstration, ChatMessage[]>();
function demoMessages(demo: Demonstration): ChatMessage[] {
  let framed = framedDemos.get(demo);
  if (!framed) {
    framed = framedDemoMessages(demo);
    framedDemos.set(demo, framed);
  }
  return framed;
}

function userText(demo: Demonstration): string {
  return demo.messages
    .filter((m): m is Extract<ChatMessage, { role: 'user' }> => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
}

/** Told per message, after the cacheable prefix: the customer's language can change mid-conversation. */
function languageNote(language: { code: string; name: string; address?: string }): string {
  const note = `The customer writes in ${language.name} (${language.code}): answer in that language.`;
  return language.address ? `${note} ${language.address}` : note;
}

/** Stored history as chat turns: delivered bot and agent replies only, customer text delimited. */
export function historyMessages(history: readonly StoredMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of history) {
    if (m.role === 'customer') out.push({ role: 'user', content: wrapCustomerText(m.text) });
    else if (m.role === 'bot') {
      if (m.draft && m.draft.status !== 'approved') continue; // never delivered: the customer did not see it
      if (m.text.trim()) out.push({ role: 'assistant', content: m.text });
    } else if (m.role === 'agent') {
      // The customer-facing name only (never the login name): the model may repeat it to the customer.
      out.push({ role: 'assistant', content: `(reply from ${m.from ? `${m.from}, ` : ''}a human support agent) ${m.text}` });
    }
  }
  return out;
}

function lastCustomerText(history: readonly StoredMessage[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!;
    if (m.role === 'customer') return m.text;
  }
  return undefined;
}

/** `make` of the last argument it was called with, made again only for a different one. */
function lastOf<A, R>(make: (arg: A) => R): (arg: A) => R {
  let last: { arg: A; value: R } | null = null;
  return (arg) => {
    if (last?.arg !== arg) last = { arg, value: make(arg) };
    return last.value;
  };
}

export function resolvePromptSet(skill: Skill, variant: string): PromptSet {
  // `variant` is read back from a stored conversation: own properties only.
  const set = ownValue(skill.prompts, variant) ?? ownValue(skill.prompts, 'default') ?? ownValue(skill.prompts, skill.manifest.variants[0]?.id ?? '') ?? Object.values(skill.prompts)[0];
  if (!set) throw new Error(`skill "${skill.manifest.id}" has no prompt set`);
  return set;
}

/**
 * Builds the messages for one skill turn:
 *   system prompt + core demonstrations          (identical every turn: the cacheable prefix)
 *   + the k pool demonstrations most like this message
 *   + retrieved knowledge (its own system message, after the prefix so it never breaks the cache)
 *   + recent history + the customer message.
 * Kept under the skill's tokenBudget by trimming, in order: older history, pool
 * demonstrations, knowledge, the rest of the history, and finally the message itself.
 */
export function createPromptAssembler(opts: PromptAssemblerOptions): DetailedPromptAssembler {
  let counterPromise: Promise<TokenCounter> | null = null;
  const counter = () => (counterPromise ??= createTokenCounter(opts.tokenizerModel));
  const prepared = new WeakMap<PromptSet, PreparedSet>();
  const keepRecent = opts.keepRecentHistory ?? 2;

  function prepare(skill: Skill, set: PromptSet): PreparedSet {
    const known = prepared.get(set);
    if (known) return known;
    const coreCount = Math.min(skill.manifest.demonstrations.core, set.demonstrations.length);
    const core = set.demonstrations.slice(0, coreCount);
    const pool = set.demonstrations.slice(coreCount);
    const prefix: ChatMessage[] = [
      { role: 'system', content: `${set.system}\n\n${CUSTOMER_TEXT_RULES}` },
      ...core.flatMap(demoMessages),
    ];
    const p: PreparedSet = { prefix, core, pool, index: createSimilarityIndex(pool.map(userText), opts.retrieval) };
    prepared.set(set, p);
    return p;
  }

  function toolSpecs(skill: Skill): ToolSpec[] {
    if (!opts.tools) return [];
    return skill.manifest.tools.flatMap((name) => {
      const def = opts.tools?.get(name);
      return def ? [def.spec] : [];
    });
  }

  // The tool definitions' token count, once per skill object (a reload makes new ones): counting
  // them meant serialising every definition to JSON on every turn.
  const toolTokenCounts = new WeakMap<Skill, number>();
  function toolTokensOf(skill: Skill, tokens: TokenCounter): number {
    let n = toolTokenCounts.get(skill);
    if (n === undefined) {
      n = tokens.tools(toolSpecs(skill));
      toolTokenCounts.set(skill, n);
    }
    return n;
  }

  return {
    counter,
    chooseVariant,

    async build(input) {
      const tokens = await counter();
      const { skill } = input;
      const set = resolvePromptSet(skill, input.variant);
      const p = prepare(skill, set);
      const budget = skill.manifest.tokenBudget;
      const toolTokens = toolTokensOf(skill, tokens);

      // Similarity and retrieval read the words of the message that text analysis reads
      // (TEXT_BUDGET.tokens: knowledge terms, product search, price phrases; src/core/text-budget.ts),
      // not every character of its 600-character window; the model still gets the whole message.
      const query = wordWindow(input.text, TEXT_BUDGET.tokens);
      let selected = p.index.top(query, skill.manifest.demonstrations.k).map((hit) => p.pool[hit.index]!);
      const previous = lastCustomerText(input.history);
      let knowledge: KnowledgeItem[] = await retrieveKnowledge({
        commerce: opts.commerce,
        manifest: skill.manifest,
        text: query,
        previous: previous === undefined ? undefined : wordWindow(previous, TEXT_BUDGET.tokens),
        maxProducts: opts.maxProducts,
        customer: input.customer ?? null,
        knowledge: opts.knowledge,
        words: opts.words,
        retrieval: opts.retrieval,
      });
      let history = historyMessages(input.history);
      let customer = input.text;
      const trimmed: PromptTrimming = { historyDropped: 0, demonstrationsDropped: 0, knowledgeDropped: 0, messageTruncated: false };

      // Each part is one message object for as long as it is unchanged, and each message object is
      // counted once per build: trimming recomposes the prompt after every step, and recounting
      // every message each time (the short ones are not in the counter's cache) made a long
      // message that is cut for 4 of 5 skills cost 0.8 ms more than an ordinary one (issue 14).
      const notes: ChatMessage[] = [
        ...(input.correction ? [{ role: 'system' as const, content: correctionNote(input.correction) }] : []),
        ...(input.language ? [{ role: 'system' as const, content: languageNote(input.language) }] : []),
      ];
      const knowledgePart = lastOf((items: KnowledgeItem[]): ChatMessage[] => (items.length ? [{ role: 'system', content: knowledgeMessage(items) }] : []));
      const customerPart = lastOf((text: string): ChatMessage => ({ role: 'user', content: wrapCustomerText(text) }));
      const compose = (): ChatMessage[] => [
        ...p.prefix,
        ...selected.flatMap(demoMessages),
        ...knowledgePart(knowledge),
        ...history,
        ...notes,
        customerPart(customer),
      ];
      const counted = new Map<ChatMessage, number>();
      const countOf = (m: ChatMessage): number => {
        let n = counted.get(m);
        if (n === undefined) {
          n = tokens.message(m);
          counted.set(m, n);
        }
        return n;
      };
      // tokens.messages(), with each message's count taken from this build's.
      const total = (messages: ChatMessage[]) => messages.reduce((n, m) => n + countOf(m), REPLY_PRIMING) + toolTokens;

      let messages = compose();
      let count = total(messages);
      const shrink = (step: () => boolean): void => {
        while (count > budget && step()) {
          messages = compose();
          count = total(messages);
        }
      };
      const dropHistory = (keep: number) => () => {
        if (history.length <= keep) return false;
        // Drop the oldest message; a reply left without its question goes with it.
        history = history.slice(1);
        trimmed.historyDropped += 1;
        while (history.length > keep && history[0]?.role === 'assistant') {
          history = history.slice(1);
          trimmed.historyDropped += 1;
        }
        return true;
      };
      shrink(dropHistory(keepRecent));
      shrink(() => {
        if (!selected.length) return false;
        selected = selected.slice(0, -1); // least similar first
        trimmed.demonstrationsDropped += 1;
        return true;
      });
      shrink(() => {
        if (!knowledge.length) return false;
        knowledge = knowledge.slice(0, -1);
        trimmed.knowledgeDropped += 1;
        return true;
      });
      shrink(dropHistory(0));
      if (count > budget) {
        // Last resort: keep the start of an over-long message (the fixed prefix is prompts:check's
        // job). The cut is counted before it is made, its marker and closing tag included, as the
        // prompt's count counts it: the room left was short by the marker's bytes past the exact
        // characters (a cut prompt came out 14-20 tokens over its budget, one of a single run of
        // CJK 470 over: its start was counted exactly for the cut, by bytes in the prompt).
        const whole = customer;
        const { head, offset, tail } = cutParts(whole);
        let room = budget - (count - countOf(customerPart(customer))) - tokens.message({ role: 'user', content: '' });
        // Each pass is a whole recount: after a few (the caches moved more than once), cut to the marker alone.
        for (let pass = 0; ; pass++) {
          const end = room > 0 && pass < 4 ? tokens.fit(head, room, tail) : 0;
          customer = cutCustomerText(whole, Math.max(0, end - offset));
          messages = compose();
          count = total(messages);
          // Over only when the counter's caches changed between the cut and the count (a count of
          // the same block kept from before, an evicted piece): cut again, shorter by the excess.
          if (count <= budget || end <= offset) break;
          room -= count - budget;
        }
        trimmed.messageTruncated = true;
      }

      const prefixTokens = p.prefix.reduce((n, m) => n + countOf(m), 0) + toolTokens;
      return {
        messages,
        promptTokens: count,
        prefixTokens,
        demonstrations: [...p.core, ...selected].map((d) => d.id),
        knowledge: knowledge.map((k) => k.label),
        sources: sourcesOf(knowledge.flatMap((k) => (k.source ? [k.source] : []))),
        budget,
        trimmed,
        prefixMessages: p.prefix.length,
        historyKept: history.length,
        toolTokens,
      };
    },
  };
}
