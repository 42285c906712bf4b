import { EMPTY_KNOWLEDGE, type KnowledgeBase } from '../core/knowledge.js';
import type { ToolDefinition, ToolRegistry } from '../core/skill.js';
import { cancelOrderTool } from './cancel-order.js';
import { checkReturnEligibilityTool } from './check-return-eligibility.js';
import { checkWarrantyTool } from './check-warranty.js';
import { compareProductsTool } from './compare-products.js';
import { getOrderTool } from './get-order.js';
import { getOrderStatusTool } from './get-order-status.js';
import { getProductTool } from './get-product.js';
import { getReturnPolicyTool } from './get-return-policy.js';
import { getWarrantyTermsTool } from './get-warranty-terms.js';
import { openWarrantyClaimTool } from './open-warranty-claim.js';
import { searchKnowledgeTool } from './search-knowledge.js';
import { searchProductsTool } from './search-products.js';
import { startReturnTool } from './start-return.js';

export interface ToolRegistryOptions {
  /** The store's help articles for search_knowledge (live: read on every call); none: the tool finds nothing. */
  knowledge?: KnowledgeBase;
}

/** The commerce tools and search_knowledge, by name. Skills pick theirs in skill.yaml. */
export function createToolRegistry(extra: readonly ToolDefinition[] = [], opts: ToolRegistryOptions = {}): ToolRegistry {
  const knowledge = opts.knowledge ?? EMPTY_KNOWLEDGE;
  const all = [
    searchProductsTool,
    getProductTool,
    compareProductsTool,
    getOrderTool,
    checkReturnEligibilityTool,
    startReturnTool,
    getReturnPolicyTool,
    checkWarrantyTool,
    openWarrantyClaimTool,
    getWarrantyTermsTool,
    getOrderStatusTool,
    cancelOrderTool,
    searchKnowledgeTool(() => knowledge),
    ...extra,
  ];
  const byName = new Map<string, ToolDefinition>();
  for (const t of all) {
    if (byName.has(t.spec.name)) throw new Error(`duplicate tool name ${t.spec.name}`);
    byName.set(t.spec.name, t);
  }
  return {
    get: (name) => byName.get(name),
    names: () => [...byName.keys()],
  };
}
