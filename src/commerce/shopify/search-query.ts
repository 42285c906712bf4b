import { normalizeEmail, type OrderOwner } from '../../core/identity.js';
import { numericId } from './shopify-mapping.js';

/** An order name as customers type it, before it goes into a search: letters, digits, '-', '_', at most 32. */
const NAME = /^[A-Za-z0-9_-]{1,32}$/;

/** A value quoted for Shopify's search syntax: backslash and double quote escaped, so customer text stays one value. */
export function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The owner as a search term: the e-mail on the order, or the store's customer id. Null when neither is usable. */
export function ownerTerm(owner: OrderOwner): string | null {
  const email = normalizeEmail(owner.email);
  // Control characters and spaces never belong in an address; refusing them keeps the term one token.
  if (email.includes('@') && email.length <= 254 && !/[\s\u0000-\u001f]/.test(email)) return `email:${quoted(email)}`;
  const id = owner.customerId ? numericId(owner.customerId) : '';
  return /^\d{1,20}$/.test(id) ? `customer_id:${id}` : null;
}

/**
 * The search for one order: its name as typed, with and without the '#' Shopify puts before
 * default names, and the owner. The result is still checked (exact name, ownership): the search
 * only narrows.
 */
export function orderSearch(typed: string, owner: OrderOwner): string | null {
  const bare = typed.trim().replace(/^#\s*/, '');
  const who = ownerTerm(owner);
  if (!NAME.test(bare) || !who) return null;
  return `${who} AND (name:${quoted(`#${bare}`)} OR name:${quoted(bare)})`;
}
