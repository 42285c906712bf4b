import type { Commerce, ReturnPolicy, WarrantyTerm, WarrantyTerms } from '../core/commerce.js';
import type { SkillManifest } from '../core/skill.js';

/** "Kitchen & Dining" -> "kitchen_dining": the key used in per-category variables. */
export function categoryKey(category: string): string {
  return category
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

const bullets = (items: readonly string[]): string => (items.length ? items.map((i) => `- ${i}`).join('\n') : '- (none)');
const numbered = (items: readonly string[]): string => items.map((s, i) => `${i + 1}. ${s}`).join('\n');

export function returnWindowLines(policy: ReturnPolicy): string[] {
  return policy.windows.map((w) => `${w.category}: ${w.days} days`);
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

  const policy = commerce.returnPolicy();
  vars.set('returns.defaultWindowDays', String(policy.defaultWindowDays));
  vars.set('returns.windows', bullets([...returnWindowLines(policy), `any other category: ${policy.defaultWindowDays} days`]));
  vars.set('returns.conditions', bullets(policy.conditions));
  vars.set('returns.exceptions', bullets(policy.exceptions.map((e) => `${scoped(e)}${e.rule}`)));
  vars.set('returns.nonReturnable', bullets(policy.nonReturnable.map((e) => `${scoped(e)}${e.reason}`)));
  vars.set('returns.refundMethod', policy.refundMethod);
  vars.set('returns.refundDays', String(policy.refundDays));
  vars.set('returns.howToReturn', numbered(policy.howToReturn));

  const warranty = commerce.warrantyTerms();
  vars.set('warranty.defaultMonths', String(warranty.defaultMonths));
  vars.set('warranty.terms', warrantyTermsText(warranty));
  vars.set('warranty.howToClaim', numbered(warranty.howToClaim));
  vars.set('warranty.extendedOffer', warranty.extendedOffer ?? 'No extended warranty is offered.');

  const categories = commerce.categories();
  vars.set('catalog.categories', categories.join(', '));
  vars.set('catalog.categoryCount', String(categories.length));
  for (const c of categories) {
    const key = categoryKey(c);
    const window = policy.windows.find((w) => w.category === c)?.days ?? policy.defaultWindowDays;
    vars.set(`returns.window.${key}`, String(window));
    const term = warranty.terms.find((t) => t.category === c);
    vars.set(`warranty.months.${key}`, String(term?.months ?? warranty.defaultMonths));
  }

  vars.set('skills', manifests.map((m) => `- ${m.id}: ${m.description.replace(/\s+/g, ' ').trim()}`).join('\n'));
  vars.set('skills.ids', manifests.map((m) => m.id).join(', '));
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
