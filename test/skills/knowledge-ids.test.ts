import { describe, expect, it } from 'vitest';
import type { Product, StoreInfo } from '../../src/core/commerce.js';
import type { SkillManifest } from '../../src/core/skill.js';
import { retrieveKnowledge } from '../../src/skills/knowledge-retrieval.js';
import { createFakeCommerce, fakeProducts } from './fakes.js';

/** Products named by code are found with the store's own SKU pattern, whatever shape its codes have. */
describe('knowledge retrieval finds products by the store’s own SKU shape', () => {
  const manifest = { id: 'product_recommendation', tools: ['get_product'] } as unknown as SkillManifest;

  it('finds a digits-only SKU the store declares, and not one outside its pattern', async () => {
    const base = createFakeCommerce();
    const product: Product = { ...fakeProducts[0]!, sku: '4471902' };
    const info: StoreInfo = { ...base.storeInfo(), identifiers: { ...base.storeInfo().identifiers, sku: { pattern: '\\d{7}', example: '4471902' } } };
    const commerce = { ...base, storeInfo: () => info, getProduct: async (sku: string) => (sku === product.sku ? product : null) };
    const found = await retrieveKnowledge({ commerce, manifest, text: 'is 4471902 any good for tea?' });
    expect(found.map((k) => k.label)).toContain('product:4471902');
    const none = await retrieveKnowledge({ commerce, manifest, text: 'is 44719 any good for tea?' });
    expect(none.map((k) => k.label)).not.toContain('product:4471902');
  });
});
