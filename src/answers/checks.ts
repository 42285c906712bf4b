import type { Commerce } from '../core/commerce.js';
import type { ToolCallRecord } from '../core/conversation.js';
import { categoryKey, formatMoney } from '../skills/knowledge-vars.js';
import type { Fact, ToolExpectation, TurnExpectation } from './case-schema.js';
import { ownValue } from '../core/own-keys.js';
import { durations, type Count } from '../guard/reply-text.js';

/** What one turn did, as the checks see it. */
export interface TurnOutcome {
  route: string | null;
  text: string;
  tools: ToolCallRecord[];
  /** Queued for a person, or a person offered. */
  handedOff: boolean;
  offline: boolean;
  /** The kind of change left waiting for the customer's confirmation, if any. */
  proposal: string | null;
  /** Ids of the help articles the reply lists as its sources. */
  sources?: string[];
  /** What a hand-off could promise, when the reply made one. */
  handoffState?: string | null;
}

const REGEX = /^\/(.+)\/([a-z]*)$/s;

/** A phrase as a case-insensitive test: "/pattern/flags" is a regular expression, anything else a substring. */
export function phraseMatcher(phrase: string): (text: string) => boolean {
  const m = REGEX.exec(phrase);
  if (m) {
    const flags = m[2]!.includes('i') ? m[2]! : `${m[2]!}i`;
    const re = new RegExp(m[1]!, flags.replace('g', ''));
    return (text) => re.test(text);
  }
  const wanted = normalise(phrase);
  return (text) => normalise(text).includes(wanted);
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ');
}

/** Ids and names compare loosely ("ab10001" = "AB-10001"); "/regex/" tests the value as text. */
function argMatches(expected: string | number | boolean | null, actual: unknown): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (typeof expected === 'number') return Number(actual) === expected;
  if (typeof expected === 'boolean') return actual === expected;
  if (actual === undefined || actual === null) return false;
  const m = REGEX.exec(expected);
  if (m) return new RegExp(m[1]!, m[2]!.includes('i') ? m[2]! : `${m[2]!}i`).test(String(actual));
  const loose = (v: string) => v.toLowerCase().replace(/[^a-z0-9.]+/g, '');
  return loose(String(actual)) === loose(expected);
}

function argsOf(record: ToolCallRecord): Record<string, unknown> {
  const a = record.arguments;
  if (typeof a === 'string') {
    try {
      return JSON.parse(a) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return a && typeof a === 'object' ? (a as Record<string, unknown>) : {};
}

export function toolMatches(expected: ToolExpectation, record: ToolCallRecord): boolean {
  if (record.name !== expected.name) return false;
  const args = argsOf(record);
  return Object.entries(expected.args ?? {}).every(([k, v]) => argMatches(v, ownValue(args, k)));
}

function describeTool(t: ToolExpectation): string {
  return t.args ? `${t.name}(${JSON.stringify(t.args)})` : t.name;
}

function describeCalls(tools: readonly ToolCallRecord[]): string {
  return tools.length ? tools.map((t) => `${t.name}(${JSON.stringify(argsOf(t))})`).join(', ') : 'none';
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * Whether the reply states this duration, read the way the answer guard reads durations (the
 * locale packs' units and number words: "30 days", "2-year", "six months", "2 Jahre"; weeks
 * count as days, years as months), so the check knows no language of its own.
 */
function states(text: string, value: number, unit: Count['unit']): boolean {
  return durations(text).some((d) => d.unit === unit && d.value === value);
}

function resolveCategory(commerce: Commerce, name: string): string | null {
  const key = categoryKey(name);
  return commerce.categories().find((c) => c === name || categoryKey(c) === key) ?? null;
}

/** The expected value of a fact from the store data, and a test for the reply. */
export async function factExpectation(commerce: Commerce, fact: Fact): Promise<{ label: string; test: (text: string) => boolean } | { error: string }> {
  if ('price' in fact) {
    const p = await commerce.getProduct(fact.price);
    if (!p) return { error: `price: no product ${fact.price} in the catalog` };
    const [whole, cents] = p.price.toFixed(2).split('.') as [string, string];
    const wholeRe = Number(whole) >= 1000 ? `${escapeRe(whole.slice(0, -3))},?${whole.slice(-3)}` : whole;
    const re = new RegExp(`(?<![\\d.,])${wholeRe}${cents === '00' ? '(?:\\.00)?' : `\\.${cents}`}(?![\\d])`);
    return { label: `price of ${p.sku} = ${formatMoney(p.price, commerce.storeInfo().currency)}`, test: (t) => re.test(t) };
  }
  if ('returnWindow' in fact) {
    const policy = commerce.returnPolicy();
    const category = resolveCategory(commerce, fact.returnWindow);
    if (!category) return { error: `returnWindow: no category "${fact.returnWindow}" (categories: ${commerce.categories().join(', ')})` };
    const days = policy.windows.find((w) => w.category === category)?.days ?? policy.defaultWindowDays;
    return { label: `return window of ${category} = ${days} days`, test: (t) => states(t, days, 'day') };
  }
  const product = await commerce.getProduct(fact.warrantyMonths);
  let months: number;
  let label: string;
  if (product) {
    months = product.warrantyMonths;
    label = `warranty of ${product.sku} = ${months} months`;
  } else {
    const category = resolveCategory(commerce, fact.warrantyMonths);
    if (!category) return { error: `warrantyMonths: "${fact.warrantyMonths}" is neither a SKU nor a category` };
    const terms = commerce.warrantyTerms();
    months = terms.terms.find((t) => t.category === category)?.months ?? terms.defaultMonths;
    label = `warranty of ${category} = ${months} months`;
  }
  return { label, test: (t) => states(t, months, 'month') };
}

/** Every way this turn missed its expectations, as readable reasons (empty: it passed). */
export async function checkTurn(expect: TurnExpectation, outcome: TurnOutcome, commerce: Commerce): Promise<string[]> {
  const fails: string[] = [];
  if (expect.route !== undefined && outcome.route !== expect.route) {
    fails.push(`route: expected ${expect.route}, got ${outcome.route ?? 'none'}`);
  }
  for (const t of expect.tools ?? []) {
    if (!outcome.tools.some((r) => toolMatches(t, r))) fails.push(`tool: expected a call to ${describeTool(t)}; calls: ${describeCalls(outcome.tools)}`);
  }
  for (const t of expect.noTools ?? []) {
    const spec: ToolExpectation = typeof t === 'string' ? { name: t } : t;
    if (outcome.tools.some((r) => toolMatches(spec, r))) fails.push(`tool: ${describeTool(spec)} must not be called; calls: ${describeCalls(outcome.tools)}`);
  }
  for (const p of expect.say ?? []) {
    if (!phraseMatcher(p)(outcome.text)) fails.push(`say: missing ${JSON.stringify(p)}`);
  }
  if (expect.sayAny && !expect.sayAny.some((p) => phraseMatcher(p)(outcome.text))) {
    fails.push(`sayAny: none of ${JSON.stringify(expect.sayAny)}`);
  }
  for (const p of expect.notSay ?? []) {
    if (phraseMatcher(p)(outcome.text)) fails.push(`notSay: the reply contains ${JSON.stringify(p)}`);
  }
  for (const fact of expect.facts ?? []) {
    const f = await factExpectation(commerce, fact);
    if ('error' in f) fails.push(`fact: ${f.error}`);
    else if (!f.test(outcome.text)) fails.push(`fact: the reply does not state the ${f.label}`);
  }
  if (expect.proposal !== undefined && (outcome.proposal ?? false) !== expect.proposal) {
    fails.push(
      expect.proposal === false
        ? `proposal: expected nothing waiting for confirmation, got a ${outcome.proposal} proposal`
        : `proposal: expected a ${expect.proposal} proposal waiting for confirmation, got ${outcome.proposal ?? 'none'}`,
    );
  }
  for (const id of expect.sources ?? []) {
    if (!(outcome.sources ?? []).includes(id)) fails.push(`sources: the reply does not cite the article "${id}" (sources: ${(outcome.sources ?? []).join(', ') || 'none'})`);
  }
  if (expect.handoff !== undefined && outcome.handedOff !== expect.handoff) {
    fails.push(expect.handoff ? 'handoff: expected a hand-off to a person, none happened' : 'handoff: handed off to a person, which this turn must not do');
  }
  if (expect.handoffState !== undefined && outcome.handoffState !== expect.handoffState) {
    fails.push(`handoffState: expected ${expect.handoffState}, got ${outcome.handoffState ?? 'no hand-off state'}`);
  }
  return fails;
}
