import { capabilities, orderSummary, skillAbout } from './about.js';
import { orderStatus } from './order-status.js';
import { productSearch } from './products.js';
import type { Renderer } from './render-kit.js';
import { returnPolicy } from './return-policy.js';
import { warrantyTerms } from './warranty.js';

export type { Rendered, Renderer } from './render-kit.js';

/**
 * Built-in renderers a playbook step may name (`render:`): each turns one kind of tool result
 * (or the catalog) into a reply from the playbook's templates, in the customer's language.
 * They are per tool, not per skill: any skill listing the tool can use them.
 */
export const renderers: ReadonlyMap<string, Renderer> = new Map<string, Renderer>([
  ['order_status', orderStatus],
  ['return_policy', returnPolicy],
  ['warranty_terms', warrantyTerms],
  ['product_search', productSearch],
  ['capabilities', capabilities],
  ['skill_about', skillAbout],
  ['order_summary', orderSummary],
]);
