import type { ActionKind, RefusalFacts } from '../core/actions.js';
import { ownValue } from '../core/own-keys.js';
import { z } from 'zod';
import { fillTemplate } from './template-fill.js';

/**
 * Why a confirmed action was refused, in the customer's language: the locale pack's
 * `refusals` section holds one template per reason code (`window_expired`), optionally per
 * action (`start_return_not_delivered` before `not_delivered`), filled with the refusal's
 * facts formatted for the pack's language (dates by Intl). A reason no template knows, or a
 * template that needs a fact the refusal lacks, says `other` (which needs only the order).
 */

/** A pack's `refusals`: reason code (or `<action>_<reason>`) → template; `other` is required. */
export const refusalSectionSchema = z
  .record(z.string().regex(/^[a-z_]{1,60}$/, 'must be a reason code such as window_expired'), z.string().trim().min(1).max(400))
  .refine((r) => Object.hasOwn(r, 'other'), { message: 'must have an `other` template (a reason no other template knows)' });
export type RefusalSection = z.infer<typeof refusalSectionSchema>;

/** An ISO day as a long date in `language` ("14 March 2026", "14. März 2026"); the ISO day itself if unreadable. */
function longDate(isoDay: string, language: string): string {
  const ms = Date.parse(`${isoDay.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(ms)) return isoDay;
  const options = { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' } as const;
  try {
    return new Date(ms).toLocaleDateString(language, options);
  } catch {
    return new Date(ms).toLocaleDateString('en', options);
  }
}

/** The template variables of a refusal's facts: {order}, {item}, {sku}, {days}, {last_day}, {expires}, {months}. */
export function refusalVars(facts: RefusalFacts, language: string): Record<string, string | number> {
  const vars: Record<string, string | number> = {};
  if (facts.orderId) vars.order = facts.orderId;
  if (facts.sku) vars.sku = facts.sku;
  // The item by name where known, else by its code.
  if (facts.itemName || facts.sku) vars.item = facts.itemName ?? facts.sku!;
  if (facts.windowDays !== undefined) vars.days = facts.windowDays;
  if (facts.lastDay) vars.last_day = longDate(facts.lastDay, language);
  if (facts.expiresOn) vars.expires = longDate(facts.expiresOn, language);
  if (facts.months !== undefined) vars.months = facts.months;
  return vars;
}

const UNFILLED = /\{[a-z_]{1,30}\}/;

/** The explanation of a refusal in the pack's language (see the file comment). */
export function refusalText(section: RefusalSection, language: string, input: { kind: ActionKind; reason: string; facts: RefusalFacts }): string {
  const vars = refusalVars(input.facts, language);
  for (const key of [`${input.kind}_${input.reason}`, input.reason]) {
    const template = ownValue(section, key);
    if (template === undefined) continue;
    const text = fillTemplate(template, vars);
    if (!UNFILLED.test(text)) return text;
  }
  return fillTemplate(section.other!, vars);
}
