import type { Playbook } from '../core/playbook.js';
import { ownValue } from '../core/own-keys.js';

/** The language every playbook must have (its templates are the fallback) and the store's own. */
export const DEFAULT_LANGUAGE = 'en';

export type TemplateVars = Readonly<Record<string, string | number | null | undefined>>;

/** `{name}` and `{name.field}` placeholders; one pass, unknown ones left empty. */
const PLACEHOLDER = /\{([a-z_]{1,30}(?:\.[a-z_]{1,30})?)\}/g;

export function fill(template: string, vars: TemplateVars): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const v = ownValue(vars, name);
    return v === undefined || v === null ? '' : String(v);
  });
}

/**
 * A playbook's template in the customer's language, else the default language's (English is
 * required in every playbook, so a store can add a language one template at a time).
 */
export function template(playbook: Playbook, key: string, language: string | null | undefined): string | null {
  const own = language ? ownValue(ownValue(playbook.replies, language) ?? {}, key) : undefined;
  return own ?? ownValue(ownValue(playbook.replies, 'en') ?? {}, key) ?? null;
}

/** Tidy spacing left by empty placeholders, keeping line breaks. */
export function tidy(text: string): string {
  return text
    .split('\n')
    // A narrow no-break space before ? ! : ; (French typography) stays; a space an empty placeholder left before it goes.
    .map((line) => line.replace(/ {2,}/g, ' ').replace(/ ([.,;:!?])/g, '$1').replace(/ \u202f/g, '\u202f').trim())
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
}
