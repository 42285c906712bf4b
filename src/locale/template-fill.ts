import { ownValue } from '../core/own-keys.js';

/** Fills `{name}` placeholders from `vars`; unknown placeholders stay as they are. */
export function fillTemplate(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([a-z_]{1,30})\}/g, (whole, key: string) => {
    const value = ownValue(vars, key);
    return value === undefined ? whole : String(value);
  });
}
