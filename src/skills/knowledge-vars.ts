import type { Commerce, ReturnPolicy, WarrantyTerm, WarrantyTerms } from '../core/commerce.js';
import { OUT_OF_SCOPE, type SkillManifest } from '../core/skill.js';

/** "Kitchen & Dining" -> "kitchen_dining": the key used in per-category variables. */
export function categoryKey(category: string): string {
  return category
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|(?<!_)_+$/g, '');
}

// Building an Intl.NumberFormat costs far more than formatting with one; keep one per currency and style.
const moneyFormats = new Map<string, Intl.NumberFormat | null>();

/**
 * An amount in a currency (ISO 4217), formatted by Intl: the symbol comes from the platform's
 * currency data, never from code. `whole` drops ".00" from a round amount (a budget: "under $70").
 */
export function formatMoney(amount: number, currency: string, opts: { whole?: boolean } = {}): string {
  const whole = opts.whole === true && Number.isInteger(amount);
  const key = `${currency}:${whole ? 'whole' : 'cents'}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en-US', { style: 'currency', currency, ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}) });
    } catch {
      format = null; // not an ISO currency code
    }
    if (moneyFormats.size < 128) moneyFormats.set(key, format);
  }
  return format ? format.format(amount) : `${whole ? String(amount) : amount.toFixed(2)} ${currency}`;
}

const bullets = (items: readonly string[]): string => (items.length ? items.map((i) => `- ${i}`).join('\n') : '- (none)');
const numbered = (items: readonly string[]): string => items.map((s, i) => `${i + 1}. ${s}`).join('\n');

/** Windows grouped by length ("- 15 days: computers_tablets, phones_wearables"): the same facts in far fewer tokens. */
export function returnWindowLines(policy: ReturnPolicy): string[] {
  const byDays = new Map<number, string[]>();
  for (const w of policy.windows) byDays.set(w.days, [...(byDays.get(w.days) ?? []), w.category]);
  if (!byDays.has(policy.defaultWindowDays)) byDays.set(policy.defaultWindowDays, []);
  return [...byDays.entries()]
    .sort(([a], [b]) => a - b)
    .map(([days, cats]) => {
      const list = days === policy.defaultWindowDays ? [...cats, 'any other category'] : cats;
      return `${days} days: ${list.join(', ')}`;
    });
}

export function warrantyTermLine(t: WarrantyTerm): string {
  const covers = t.covers.length ? `; covers ${t.covers.join(', ')}` : '';
  const excludes = t.excludes.length ? `; excludes ${t.excludes.join(', ')}` : '';
  return `${t.category}: ${t.months} months${covers}${excludes}`;
}

function scoped(rule: { category?: string; sku?: string }): string {
  return rule.sku ? `${rule.sku}: ` : rule.category ? `${rule.category}: ` : '';
}

export function warrantyTermsText(terms: WarrantyTerms): string {
  return bullets([...terms.terms.map(warrantyTermLine), `any other category: ${terms.defaultMonths} months`]);
}

/**
 * Every variable a prompt template may use, filled from the store's back office, so a
 * policy change in the store data changes every prompt that states it and no prompt
 * ever carries a hand-written policy fact.
 */
export function knowledgeVariables(commerce: Commerce, manifests: readonly SkillManifest[]): Map<string, string> {
  const vars = new Map<string, string>();
  const store = commerce.storeInfo();
  vars.set('store.name', store.name);
  vars.set('store.currency', store.currency);
  vars.set('store.supportHours', store.supportHours);
  vars.set('store.supportEmail', store.supportEmail);
  vars.set('store.supportPhone', store.supportPhone);
  vars.set('store.website', store.website);

  for (const [k, n] of numericVariables(commerce)) vars.set(k, String(n));

  const policy = commerce.returnPolicy();
  vars.set('returns.windows', bullets(returnWindowLines(policy)));
  vars.set('returns.conditions', bullets(policy.conditions));
  vars.set('returns.exceptions', bullets(policy.exceptions.map((e) => `${scoped(e)}${e.rule}`)));
  vars.set('returns.nonReturnable', bullets(policy.nonReturnable.map((e) => `${scoped(e)}${e.reason}`)));
  vars.set('returns.refundMethod', policy.refundMethod);
  vars.set('returns.howToReturn', numbered(policy.howToReturn));

  const warranty = commerce.warrantyTerms();
  vars.set('warranty.terms', warrantyTermsText(warranty));
  vars.set('warranty.monthsByCategory', bullets([...warranty.terms.map((t) => `${t.category}: ${t.months} months`), `any other category: ${warranty.defaultMonths} months`]));
  vars.set('warranty.howToClaim', numbered(warranty.howToClaim));
  vars.set('warranty.extendedOffer', warranty.extendedOffer ?? 'No extended warranty is offered.');

  const categories = commerce.categories();
  vars.set('catalog.categories', categories.join(', '));
  for (const c of categories) {
    const key = categoryKey(c);
    const term = warranty.terms.find((t) => t.category === c);
    vars.set(`warranty.covers.${key}`, (term?.covers ?? []).join(', '));
    vars.set(`warranty.excludes.${key}`, (term?.excludes ?? []).join(', '));
  }

  // The out-of-scope skill is described as "anything the others do not handle": it reads last.
  const ordered = [...manifests.filter((m) => m.id !== OUT_OF_SCOPE), ...manifests.filter((m) => m.id === OUT_OF_SCOPE)];
  vars.set('skills', ordered.map((m) => `- ${m.id}: ${m.description.replace(/\s+/g, ' ').trim()}`).join('\n'));
  vars.set('skills.ids', ordered.map((m) => m.id).join(', '));
  return vars;
}

/** The shared variables plus the ones about the skill whose prompt is being filled. */
export function skillVariables(base: ReadonlyMap<string, string>, manifest: SkillManifest): Map<string, string> {
  const vars = new Map(base);
  vars.set('skill.id', manifest.id);
  vars.set('skill.title', manifest.title);
  vars.set('skill.description', manifest.description.replace(/\s+/g, ' ').trim());
  vars.set('skill.tools', manifest.tools.join(', ') || 'none');
  return vars;
}

/**
 * The variables that are numbers (days, months, counts). Prompt text gets their digits; a YAML
 * value that is just one of them gets the number itself. Only these become numbers: a variable
 * that merely looks numeric (a store's all-digit SKU or order number) stays a string, or the
 * demonstrations' tool arguments would be numbers their tools reject.
 */
function numericVariables(commerce: Commerce): Map<string, number> {
  const out = new Map<string, number>();
  const policy = commerce.returnPolicy();
  out.set('returns.defaultWindowDays', policy.defaultWindowDays);
  out.set('returns.refundDays', policy.refundDays);
  // A back office may give an exception its own window (a sleep trial, sale items); the core
  // type does not know that field, so it is read defensively.
  for (const e of policy.exceptions as Array<ReturnPolicy['exceptions'][number] & { windowDays?: unknown; tag?: unknown; onSale?: unknown }>) {
    if (typeof e.windowDays !== 'number') continue;
    const scope = typeof e.tag === 'string' ? e.tag : e.sku ?? (e.onSale === true ? 'on_sale' : e.category);
    if (scope) out.set(`returns.exceptionDays.${categoryKey(scope)}`, e.windowDays);
  }
  const warranty = commerce.warrantyTerms();
  out.set('warranty.defaultMonths', warranty.defaultMonths);
  const categories = commerce.categories();
  out.set('catalog.categoryCount', categories.length);
  for (const c of categories) {
    const key = categoryKey(c);
    out.set(`returns.window.${key}`, policy.windows.find((w) => w.category === c)?.days ?? policy.defaultWindowDays);
    out.set(`warranty.months.${key}`, warranty.terms.find((t) => t.category === c)?.months ?? warranty.defaultMonths);
  }
  return out;
}

/**
 * Values a demonstration's tool result can take whole: `covers: "{{warranty.covers.audio}}"`
 * becomes the list itself, so results shown to the model keep the tool's real shape.
 */
export function structuredVariables(commerce: Commerce): Map<string, unknown> {
  const out = new Map<string, unknown>(numericVariables(commerce));
  const warranty = commerce.warrantyTerms();
  for (const c of commerce.categories()) {
    const term = warranty.terms.find((t) => t.category === c);
    out.set(`warranty.covers.${categoryKey(c)}`, [...(term?.covers ?? [])]);
    out.set(`warranty.excludes.${categoryKey(c)}`, [...(term?.excludes ?? [])]);
  }
  const policy = commerce.returnPolicy();
  out.set('returns.conditionsList', [...policy.conditions]);
  out.set('returns.howToReturnList', [...policy.howToReturn]);
  out.set('warranty.howToClaimList', [...warranty.howToClaim]);
  return out;
}
