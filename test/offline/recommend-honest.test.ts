import { describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { collectEffects } from '../../src/engine/turn-effects.js';
import { createOfflineResponder } from '../../src/offline/offline-responder.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { CAMERA_STORE, demoCommerce } from '../commerce/demo-fixture.js';
import { skill } from './offline-kit.js';

/**
 * Issue 17.4 through the offline recommend handler: it words what search_products and
 * compare_products return as data (match level, currency mismatch, nearest categories, the
 * match beyond the budget, side by side), on the demo store and a camera store.
 */
const recommend = skill('product_recommendation', { tools: ['search_products', 'get_product', 'compare_products'] });

async function ask(commerce: DemoCommerce, text: string) {
  const responder = createOfflineResponder({ commerce, tools: createToolRegistry() });
  return responder.respond({
    skill: recommend,
    text,
    history: [],
    conversationId: 'conv-honest',
    context: { customer: null, namedOrders: [], effects: collectEffects('product_recommendation', () => 0) },
  });
}

const listed = (a: { attachments?: { products?: Array<{ sku: string }> } }) => a.attachments?.products?.map((p) => p.sku) ?? [];

describe('offline: honest product answers', async () => {
  const { commerce: demo } = await demoCommerce();
  const { commerce: camera } = await demoCommerce({ dir: CAMERA_STORE });

  it('"Do you sell TVs? I need a 55 inch one": says it does not carry them, lists no laptop or phone', async () => {
    const a = await ask(demo, 'Do you sell TVs? I need a 55 inch one');
    expect(a.text).toMatch(/don't carry/);
    for (const sku of listed(a)) expect((await demo.getProduct(sku))!.category).not.toMatch(/computers|phones/);
  });

  it('"gift for dad under $50, he likes coffee": the coffee match and its price, not a gift card or a toy', async () => {
    const a = await ask(demo, 'gift for dad under $50, he likes coffee');
    const [sku] = listed(a);
    expect((await demo.getProduct(sku!))!.tags).toContain('coffee');
    expect(a.text).toContain('under $50');
    expect(a.text).not.toMatch(/Gift Card|Activity Cube/);
  });

  it('"unter 200 Euro" in a USD store: points out the currency instead of reading $200', async () => {
    const a = await ask(demo, 'Kopfhörer unter 200 Euro');
    expect(a.text).toMatch(/in USD/);
    expect(a.text).toContain('€200');
    expect(a.text).not.toContain('under $200');
  });

  it('a dollar budget in a euro store is pointed out too, prices in euros', async () => {
    const a = await ask(camera, 'a lens under $300');
    expect(a.text).toMatch(/in EUR/);
    expect(a.text).toMatch(/€/);
  });

  it('"difference between A and B" is answered side by side from compare_products', async () => {
    const a = await ask(demo, "what's the difference between the QuietBlend and the ProBlend?");
    expect(a.tools.map((t) => t.name)).toEqual(['search_products', 'compare_products']);
    expect(a.text).toContain('Vireo QuietBlend 600 Blender (KIT-1001) vs Vireo ProBlend 1400 Blender (KIT-1002)');
    expect(a.text).toContain('Price: $69.99 vs $149.00');
    expect(a.text).toContain('Power: 600 W vs 1400 W');
    const b = await ask(camera, 'which is better, the Ridge 2 or the Storm 3?');
    expect(b.text).toContain('Seasons: 3 vs 4');
    expect(b.text).toContain('€349.00 vs €689.00');
  });

  it('something the store does not carry: says so and offers its nearest categories', async () => {
    const a = await ask(camera, 'do you sell drones?');
    expect(a.text).toMatch(/don't carry "drones"/);
    expect(a.text).toMatch(/cameras|lenses|film/);
  });
});
