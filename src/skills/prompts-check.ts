import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { identifiersIn } from '../commerce/order-ids.js';
import { identifiers, idKinds } from '../guard/reply-text.js';
import type { Commerce } from '../core/commerce.js';
import type { StoredMessage } from '../core/conversation.js';
import type { ChatMessage } from '../core/model.js';
import type { Skill, SkillManifest } from '../core/skill.js';
import { formatProblem, type ConfigProblem } from './config-problem.js';
import { inspectSkillTree, ROUTER_PROMPTS, type LoadSkillSetOptions } from './load-skill-set.js';
import { createPromptAssembler } from './prompt-assembler.js';
import { DICTIONARY_LANGUAGE, storeWords, unknownNames } from './demonstration-names.js';
import { createLanguageDetector, type LanguageDetector } from '../locale/language-detect.js';
import type { TokenCounter } from './token-counter.js';
import type { FactWords } from '../locale/fact-words.js';
import type { RetrievalWords } from '../locale/retrieval-section.js';
import type { SingularForms } from '../locale/stemmer.js';

export interface PromptsCheckOptions extends LoadSkillSetOptions {
  /** The configured model (OPENAI_MODEL); picks the tokenizer the budgets are counted with. */
  tokenizerModel: string;
  /** The longest customer message a channel accepts (MAX_MESSAGE_CHARS). */
  maxMessageChars?: number;
  /** History messages the engine puts in a prompt at most. */
  historyMessages?: number;
  /** The locale packs' languages: demonstrations in another language than the dictionary's are not name-checked. */
  languages?: readonly string[];
  /** The locale packs' fact and retrieval words, as the app's prompt assembler gets them; default: the repository's packs. */
  words?: FactWords;
  retrieval?: RetrievalWords;
  /** The locale packs' plurals, for dictionary words in the plural in demonstrations; default: the repository's packs. */
  singulars?: SingularForms;
}

export interface PromptSizeRow {
  skill: string;
  variant: string;
  budget: number;
  /** Tokens of the cacheable prefix: system prompt, core demonstrations and tool definitions. */
  prefixTokens: number;
  /** A typical turn: a routing example as the message, after a few exchanges of history. */
  typicalTokens: number;
  /** prefixTokens / typicalTokens: the share a provider's prompt cache can serve on every turn. */
  prefixShare: number;
  /** The typical message after a full history of the longest messages, once trimmed to the budget. */
  worstCaseTokens: number;
  /** History messages that survived trimming in that worst case. */
  worstCaseHistoryKept: number;
  /** The longest message a channel accepts, after the same history. */
  longestMessageTokens: number;
  longestMessageHistoryKept: number;
}

export interface PromptsCheckReport {
  ok: boolean;
  problems: ConfigProblem[];
  rows: PromptSizeRow[];
  version: string | null;
  encoding: string;
  exactEncoding: boolean;
  model: string;
}

/** Text as the router compares it: lower case, no accents, no punctuation, single spaces. */
export function normaliseExample(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function duplicateExampleProblems(manifests: readonly SkillManifest[], skillsDir: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const owner = new Map<string, { skill: string; index: number }>();
  for (const manifest of manifests) {
    const file = path.join(skillsDir, manifest.id, 'skill.yaml');
    manifest.examples.forEach((text, index) => {
      const key = normaliseExample(text);
      const first = owner.get(key);
      if (!first) {
        owner.set(key, { skill: manifest.id, index });
        return;
      }
      problems.push({
        file,
        field: `examples[${index}]`,
        message:
          first.skill === manifest.id
            ? `"${text}" repeats examples[${first.index}] of the same skill`
            : `"${text}" is also a routing example of "${first.skill}" (examples[${first.index}]); one sentence cannot teach two routes`,
      });
    });
  }
  return problems;
}

/** Words that look like store language, so filler history tokenises like real messages. */
const FILLER =
  'I ordered this two weeks ago and one part does not work properly, could you tell me what my options are and how long it would take? ';

function fill(text: string, counter: TokenCounter, tokens: number): string {
  let out = '';
  while (counter.text(out) < tokens) out += text;
  return out;
}

function worstCaseHistory(skill: Skill, n: number, maxChars: number, counter: TokenCounter): StoredMessage[] {
  const customerText = FILLER.repeat(Math.ceil(maxChars / FILLER.length)).slice(0, maxChars);
  const botText = fill('Thanks for the details. Here is what I found and what happens next with your request. ', counter, skill.manifest.model.maxTokens);
  const history: StoredMessage[] = [];
  for (let i = 0; i < n; i++) {
    history.push(
      i % 2 === 0
        ? { id: `c${i}`, role: 'customer', text: customerText, at: i }
        : { id: `b${i}`, role: 'bot', text: botText, at: i, skill: skill.manifest.id, offline: false },
    );
  }
  return history;
}

function typicalHistory(skill: Skill): StoredMessage[] {
  const examples = skill.manifest.examples;
  const history: StoredMessage[] = [];
  for (let i = 0; i < 4; i++) {
    history.push(
      i % 2 === 0
        ? { id: `c${i}`, role: 'customer', text: examples[(i + 1) % examples.length] ?? 'hello', at: i }
        : { id: `b${i}`, role: 'bot', text: 'Happy to help with that. Could you tell me a little more about what you need?', at: i, skill: skill.manifest.id, offline: false },
    );
  }
  return history;
}

const SENTINEL = 'zq-sentinel-7731';

/** Customer text (marked with a sentinel) must reach the model only in user messages. */
function customerTextInSystem(messages: readonly ChatMessage[]): boolean {
  return messages.some((m) => m.role === 'system' && m.content.includes(SENTINEL));
}

async function orphanPromptFolders(opts: PromptsCheckOptions, folders: readonly string[]): Promise<ConfigProblem[]> {
  let entries: string[] = [];
  try {
    entries = (await readdir(opts.promptsDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return []; // a missing prompts/ is already reported per skill
  }
  return entries
    .filter((name) => name !== ROUTER_PROMPTS && !name.startsWith('_') && !name.startsWith('.') && !folders.includes(name))
    .map((name) => ({ file: path.join(opts.promptsDir, name), message: `prompts for "${name}" but there is no ${path.join(opts.skillsDir, name)}/skill.yaml` }));
}

interface NameCheck {
  known: ReadonlySet<string>;
  detect: LanguageDetector;
  singulars?: SingularForms;
}

/** Facts a demonstration states through its tools must be true of the store: real SKUs and orders, catalog prices. */
async function demonstrationFactProblems(skill: Skill, commerce: Commerce, promptsDir: string, names: NameCheck): Promise<ConfigProblem[]> {
  const orderShape = commerce.storeInfo().identifiers.order;
  const kinds = idKinds(commerce.storeInfo().identifiers);
  const problems: ConfigProblem[] = [];
  for (const [variant, set] of Object.entries(skill.prompts)) {
    if (variant !== 'default' && skill.prompts.default && set.demonstrations === skill.prompts.default.demonstrations) continue;
    const file = path.join(promptsDir, skill.manifest.id, ...(variant === 'default' ? [] : ['variants', variant]), 'demonstrations.yaml');
    for (const demo of set.demonstrations) {
      const results = new Map<string, unknown>();
      for (const m of demo.messages) if (m.role === 'tool') results.set(m.toolCallId, safeJson(m.content));
      // What the customer and the assistant say: ids must be this store's (another store's SKU or order number is a copy).
      const said = new Set<string>();
      for (const m of demo.messages) {
        if ((m.role !== 'user' && m.role !== 'assistant') || !m.content) continue;
        for (const { id } of identifiers(m.content)) {
          if (said.has(id)) continue;
          said.add(id);
          const kind = kinds.kind(id);
          if (kind === null) problems.push({ file, field: demo.id, message: `names "${id}", which is none of this store's ids (orders like ${orderShape.example}, SKUs like ${commerce.storeInfo().identifiers.sku.example})` });
          else if (kind === 'sku' && !(await commerce.getProduct(id))) problems.push({ file, field: demo.id, message: `names SKU "${id}", which is not in the catalog` });
        }
        // Names too: a brand or model the store does not carry, written out in the text.
        const language = names.detect(m.content);
        if (language !== null && language !== DICTIONARY_LANGUAGE) continue;
        for (const name of unknownNames(m.content, names.known, names.singulars)) {
          if (said.has(name)) continue;
          said.add(name);
          problems.push({ file, field: demo.id, message: `names "${name}", which is neither common language nor in this store's data (products, brands, categories, carriers, policies)` });
        }
      }
      for (const m of demo.messages) {
        if (m.role !== 'assistant' || !m.toolCalls) continue;
        for (const call of m.toolCalls) {
          const args = safeJson(call.arguments) as Record<string, unknown> | null;
          const result = results.get(call.id);
          const failed = looksLikeFailure(result);
          if (args && typeof args.sku === 'string' && !failed && !(await commerce.getProduct(args.sku))) {
            problems.push({ file, field: demo.id, message: `${call.name} uses SKU "${args.sku}", which is not in the catalog` });
          }
          if (args && typeof args.order_id === 'string' && !failed && identifiersIn(args.order_id, orderShape).length === 0) {
            problems.push({ file, field: demo.id, message: `${call.name} uses order "${args.order_id}", which does not look like this store's order numbers (e.g. ${orderShape.example})` });
          }
          for (const claim of productClaims(result)) {
            const product = await commerce.getProduct(claim.sku);
            if (!product) {
              problems.push({ file, field: demo.id, message: `the result of ${call.name} shows SKU "${claim.sku}", which is not in the catalog` });
              continue;
            }
            if (claim.price !== undefined && Math.abs(claim.price - product.price) > 0.005) {
              problems.push({ file, field: demo.id, message: `the result of ${call.name} prices ${claim.sku} at ${claim.price}; the catalog says ${product.price}` });
            }
            if (claim.name !== undefined && claim.name !== product.name) {
              problems.push({ file, field: demo.id, message: `the result of ${call.name} names ${claim.sku} "${claim.name}"; the catalog says "${product.name}"` });
            }
            if (claim.warrantyMonths !== undefined && claim.warrantyMonths !== product.warrantyMonths) {
              problems.push({ file, field: demo.id, message: `the result of ${call.name} gives ${claim.sku} ${claim.warrantyMonths} warranty months; the catalog says ${product.warrantyMonths}` });
            }
          }
        }
      }
    }
  }
  return problems;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function looksLikeFailure(result: unknown): boolean {
  if (result === null || typeof result !== 'object') return true;
  const r = result as Record<string, unknown>;
  return 'error' in r || r.found === false || (typeof r.reason === 'string' && /not_found|not_in_order/.test(r.reason));
}

type ProductClaim = { sku: string; price?: number; name?: string; warrantyMonths?: number };

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * Catalog facts anywhere in a tool result: product-shaped objects ({sku, price, name,
 * warranty_months}) and warranty checks ({sku, product_name, months}). Order lines carry
 * the price paid (unit_price), which may differ from today's price, so they are not checked.
 */
function productClaims(value: unknown): ProductClaim[] {
  const out: ProductClaim[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.sku === 'string') {
      const price = num(o.price);
      const warrantyMonths = num(o.warranty_months) ?? num(o.warrantyMonths) ?? (typeof o.product_name === 'string' ? num(o.months) : undefined);
      const name = typeof o.name === 'string' && price !== undefined ? o.name : typeof o.product_name === 'string' ? o.product_name : undefined;
      if (price !== undefined || warrantyMonths !== undefined) out.push({ sku: o.sku, price, name, warrantyMonths });
    }
    for (const child of Object.values(o)) walk(child);
  };
  walk(value);
  return out;
}

/**
 * Everything `npm run prompts:check` verifies: the whole tree loads (schema, templates,
 * well-formed demonstrations whose tool calls pass the tools' own argument parsing),
 * routing examples teach one route each, demonstrations state true store facts, and
 * every skill/variant prompt fits its token budget with a long history and the longest
 * message a channel accepts.
 */
export async function checkPrompts(opts: PromptsCheckOptions): Promise<PromptsCheckReport> {
  const inspection = await inspectSkillTree(opts);
  const problems: ConfigProblem[] = [...inspection.problems];
  problems.push(...duplicateExampleProblems(inspection.manifests, opts.skillsDir));
  problems.push(...(await orphanPromptFolders(opts, inspection.folders)));
  if (inspection.router) {
    const routes = new Map<string, string>();
    for (const m of inspection.manifests) for (const e of m.examples) routes.set(normaliseExample(e), m.id);
    inspection.router.examples.forEach((ex, i) => {
      const other = routes.get(normaliseExample(ex.text));
      if (other && other !== ex.skill && !ex.previous) {
        problems.push({
          file: path.join(opts.promptsDir, ROUTER_PROMPTS, 'examples.yaml'),
          field: `[${i}].skill`,
          message: `"${ex.text}" is labelled ${ex.skill} here but is a routing example of ${other}`,
        });
      }
    });
  }

  const names: NameCheck = { known: await storeWords(opts.commerce), detect: createLanguageDetector(opts.languages ?? []), ...(opts.singulars ? { singulars: opts.singulars } : {}) };
  const assembler = createPromptAssembler({
    commerce: opts.commerce,
    tokenizerModel: opts.tokenizerModel,
    tools: opts.tools,
    ...(opts.words ? { words: opts.words } : {}),
    ...(opts.retrieval ? { retrieval: opts.retrieval } : {}),
  });
  const counter = await assembler.counter();
  const maxChars = opts.maxMessageChars ?? 2000;
  const historyCount = opts.historyMessages ?? 20;
  const rows: PromptSizeRow[] = [];

  for (const skill of inspection.skills.values()) {
    problems.push(...(await demonstrationFactProblems(skill, opts.commerce, opts.promptsDir, names)));
    const file = path.join(opts.skillsDir, skill.manifest.id, 'skill.yaml');
    for (const variant of Object.keys(skill.prompts)) {
      const where = `${skill.manifest.id}/${variant}`;
      const text = `${skill.manifest.examples[0] ?? 'hello'} ${SENTINEL}`;
      const budget = skill.manifest.tokenBudget;
      const build = (message: string, history: StoredMessage[]) =>
        assembler.build({ skill, variant, text: message, history, conversationId: 'prompts-check' });
      const longHistory = worstCaseHistory(skill, historyCount, maxChars, counter);
      // A typical turn: a routing example after two short exchanges; nothing may be cut.
      const typical = await build(text, typicalHistory(skill));
      // The same message after a full history of the longest messages: trimmed, but the last exchange must survive.
      const worst = await build(text, longHistory);
      // The longest message a channel accepts must reach the model whole.
      const longest = await build(`${FILLER.repeat(Math.ceil(maxChars / FILLER.length))}`.slice(0, maxChars - SENTINEL.length - 1) + ` ${SENTINEL}`, longHistory);

      if ([typical, worst, longest].some((p) => customerTextInSystem(p.messages))) {
        problems.push({ file, field: where, message: 'customer text reached a system message' });
      }
      const tooBig = (message: string) => problems.push({ file, field: 'tokenBudget', message: `${where}: ${message}` });
      if (typical.prefixTokens >= budget) {
        tooBig(`the fixed prefix alone is ${typical.prefixTokens} tokens, over the budget of ${budget}`);
      } else {
        const cut = typical.trimmed;
        if (typical.promptTokens > budget || cut.historyDropped || cut.demonstrationsDropped || cut.knowledgeDropped) {
          tooBig(`a typical turn needs more than the budget of ${budget} tokens and had to be trimmed`);
        }
        if (worst.promptTokens > budget || worst.historyKept < 2) {
          tooBig(`after a long conversation the budget of ${budget} tokens keeps ${worst.historyKept} history messages; it should keep at least the last exchange`);
        }
        if (longest.trimmed.messageTruncated || longest.promptTokens > budget) {
          tooBig(`a ${maxChars}-character message does not fit the budget of ${budget} tokens whole (prefix ${longest.prefixTokens})`);
        }
      }
      rows.push({
        skill: skill.manifest.id,
        variant,
        budget: skill.manifest.tokenBudget,
        prefixTokens: typical.prefixTokens,
        typicalTokens: typical.promptTokens,
        prefixShare: typical.promptTokens ? typical.prefixTokens / typical.promptTokens : 0,
        worstCaseTokens: worst.promptTokens,
        worstCaseHistoryKept: worst.historyKept,
        longestMessageTokens: longest.promptTokens,
        longestMessageHistoryKept: longest.historyKept,
      });
    }
  }

  return {
    ok: problems.length === 0,
    problems,
    rows,
    version: inspection.set?.version ?? null,
    encoding: counter.encoding,
    exactEncoding: counter.exact,
    model: opts.tokenizerModel,
  };
}

export function formatPromptsCheck(report: PromptsCheckReport): string {
  const header = ['skill/variant', 'budget', 'prefix', 'typical', 'prefix share', 'long history', 'kept', 'longest message', 'kept'];
  const body = report.rows.map((r) => [
    `${r.skill}/${r.variant}`,
    String(r.budget),
    String(r.prefixTokens),
    String(r.typicalTokens),
    `${Math.round(r.prefixShare * 100)}%`,
    String(r.worstCaseTokens),
    String(r.worstCaseHistoryKept),
    String(r.longestMessageTokens),
    String(r.longestMessageHistoryKept),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    `Prompt sizes in tokens (${report.encoding}${report.exactEncoding ? '' : ', an estimate'} for ${report.model}). prefix: system prompt + core demonstrations + tool definitions, identical on every turn.`,
    'typical: a routing example after two short exchanges. long history / longest message: after 20 long messages, trimmed to the budget; kept = history messages left.',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
  ];
  if (report.problems.length) {
    out.push(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:`);
    for (const p of report.problems) out.push(`  ${formatProblem(p)}`);
  } else {
    out.push(`OK: ${report.rows.length} prompt set${report.rows.length === 1 ? '' : 's'} checked${report.version ? ` (version ${report.version})` : ''}`);
  }
  return out.join('\n');
}
