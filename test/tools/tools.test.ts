import { beforeEach, describe, expect, it } from 'vitest';
import type { Commerce } from '../../src/core/commerce.js';
import type { ToolContext } from '../../src/core/skill.js';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import { createToolExecutor, runToolCall } from '../../src/tools/run-tool-call.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { demoCommerce } from '../commerce/demo-fixture.js';

const TOOL_NAMES = [
  'search_products',
  'get_product',
  'get_order',
  'check_return_eligibility',
  'start_return',
  'get_return_policy',
  'check_warranty',
  'open_warranty_claim',
  'get_warranty_terms',
];

const registry = createToolRegistry();
let commerce: DemoCommerce;
let ctx: ToolContext;
beforeEach(async () => {
  ({ commerce } = await demoCommerce());
  ctx = { conversationId: 'conv-t', commerce };
});

const run = (name: string, args: unknown) => runToolCall(registry, { name, arguments: args }, ctx);

describe('tool registry', () => {
  it('holds exactly the nine commerce tools', () => {
    expect(registry.names().sort()).toEqual([...TOOL_NAMES].sort());
  });

  it('describes each tool with a JSON Schema generated from its zod arguments', () => {
    for (const name of TOOL_NAMES) {
      const { spec } = registry.get(name)!;
      expect(spec.name).toBe(name);
      expect(spec.description.length).toBeGreaterThan(20);
      expect(spec.parameters).toMatchObject({ type: 'object', additionalProperties: false });
      expect(spec.parameters).not.toHaveProperty('$schema');
      for (const key of Object.keys(spec.parameters.properties as object)) expect(key).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
    }
    expect(registry.get('search_products')!.spec.parameters).toMatchObject({
      required: ['query'],
      properties: { query: { type: 'string' }, max_price: { type: 'number' } },
    });
    expect(registry.get('start_return')!.spec.parameters).toMatchObject({ required: ['order_id', 'sku', 'reason'] });
  });

  it('parse() names the field and the reason without running anything', () => {
    const search = registry.get('search_products')!;
    expect(search.parse({ query: 'blender' })).toMatchObject({ ok: true });
    expect(search.parse({ query: 5 })).toEqual({ ok: false, error: expect.stringMatching(/^query: must be a string/) });
    expect(search.parse({ query: 'x', max_price: '80' })).toEqual({ ok: false, error: expect.stringMatching(/max_price: must be a number/) });
    expect(search.parse({ query: '  ' })).toEqual({ ok: false, error: expect.stringMatching(/query: must not be empty/) });
    expect(registry.get('check_warranty')!.parse({})).toEqual({ ok: false, error: expect.stringContaining('at least one of sku or order_id') });
    expect(registry.get('start_return')!.parse({ order_id: 'SB-10001', sku: 'KIT-1001' })).toEqual({ ok: false, error: expect.stringMatching(/^reason: /) });
  });
});

describe('running tool calls', () => {
  it('never throws: bad JSON, bad arguments and unknown tools come back as ok:false with a message', async () => {
    const badJson = await run('get_order', '{"order_id": ');
    expect(badJson).toMatchObject({ ok: false, result: { error: expect.stringContaining('not valid JSON') } });
    const badArgs = await run('get_order', { order_id: 12 });
    expect(badArgs).toMatchObject({ ok: false, result: { error: expect.stringMatching(/get_order: order_id: must be a string/) } });
    const unknown = await run('delete_everything', {});
    expect(unknown).toMatchObject({ ok: false, result: { error: expect.stringContaining('unknown tool "delete_everything"') } });
    expect(badArgs.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('turns a failing back office into ok:false instead of an exception', async () => {
    const broken: Commerce = { ...commerce, getOrder: async () => Promise.reject(new Error('back office offline')) };
    const rec = await runToolCall(registry, { name: 'get_order', arguments: { order_id: 'SB-10001' } }, { conversationId: 'c', commerce: broken });
    expect(rec).toMatchObject({ ok: false, result: { error: 'back office offline' } });
  });

  it('accepts the model\'s JSON string arguments through the engine executor shape', async () => {
    const exec = createToolExecutor(registry);
    const rec = await exec({ id: 'call_1', name: 'get_product', arguments: '{"sku":"kit-1002"}' }, ctx);
    expect(rec).toMatchObject({ name: 'get_product', ok: true, arguments: { sku: 'kit-1002' }, result: { found: true, product: { sku: 'KIT-1002', price: 149 } } });
  });

  it('keeps search results compact and says why each product matched', async () => {
    const rec = await run('search_products', { query: 'quiet blender', max_price: 100 });
    const result = rec.result as { count: number; products: Array<Record<string, unknown>> };
    expect(result.count).toBe(result.products.length);
    expect(result.products.length).toBeLessThanOrEqual(5);
    expect(result.products[0]).toMatchObject({ sku: 'KIT-1001', price: 69.99, matched: expect.arrayContaining(['quiet', 'blender']) });
    expect(result.products[0]).not.toHaveProperty('description');
    expect(Object.keys(result.products[0]!.key_attributes as object).length).toBeLessThanOrEqual(4);
    expect(JSON.stringify(rec.result).length).toBeLessThan(2000);
  });

  it('is explicit about not-found cases', async () => {
    expect((await run('search_products', { query: 'unicorn saddle polish' })).result).toMatchObject({ count: 0, products: [], note: expect.stringContaining('No product') });
    expect((await run('search_products', { query: 'blender', category: 'spaceships' })).result).toMatchObject({ count: 0, note: expect.stringContaining('Unknown category') });
    expect((await run('get_product', { sku: 'ZZZ-0000' })).result).toMatchObject({ found: false });
    expect((await run('get_order', { order_id: 'SB-99999' })).result).toMatchObject({ found: false, message: expect.stringContaining('SB-99999') });
    expect((await run('get_return_policy', { category: 'spaceships' })).result).toMatchObject({ found: false });
  });

  it('shows orders without personal data beyond a first name', async () => {
    const rec = await run('get_order', { order_id: 'sb10011' });
    expect(rec.result).toMatchObject({ found: true, order: { id: 'SB-10011', customer_first_name: 'Chloe', items: [{ sku: 'PCR-9001', opened: true }, { sku: 'PCR-9006' }] } });
    expect(JSON.stringify(rec.result)).not.toContain('@');
  });

  it('start_return checks first, then starts once, and reports a repeat as already requested', async () => {
    const refused = await run('start_return', { order_id: 'SB-10023', sku: 'KIT-1005', reason: 'broken' });
    expect(refused.result).toMatchObject({ started: false, reason: 'window_expired' });
    const first = await run('start_return', { order_id: 'SB-10001', sku: 'KIT-1001', reason: 'too loud' });
    expect(first.result).toMatchObject({ started: true, already_requested: false, return: { id: 'RET-10001-KIT-1001' } });
    const again = await run('start_return', { order_id: 'SB-10001', sku: 'KIT-1001', reason: 'too loud' });
    expect(again.result).toMatchObject({ started: true, already_requested: true, return: { id: 'RET-10001-KIT-1001' } });
  });

  it('open_warranty_claim refuses expired items and repeats as already open', async () => {
    expect((await run('open_warranty_claim', { order_id: 'SB-10012', sku: 'AUD-4003', issue: 'left side silent' })).result).toMatchObject({ opened: false, reason: 'expired' });
    const first = await run('open_warranty_claim', { order_id: 'SB-10013', sku: 'CLN-2001', issue: 'battery dies' });
    expect(first.result).toMatchObject({ opened: true, already_open: false, claim: { id: 'WC-10013-CLN-2001' } });
    expect((await run('open_warranty_claim', { order_id: 'SB-10013', sku: 'CLN-2001', issue: 'battery dies' })).result).toMatchObject({ opened: true, already_open: true });
  });

  it('policy and terms tools resolve plain category words and keep only relevant rules', async () => {
    const mattress = (await run('get_return_policy', { category: 'mattress' })).result as { category: string; exceptions: string[]; non_returnable: string[] };
    expect(mattress.category).toBe('furniture_bedding');
    expect(mattress.exceptions.join(' ')).toContain('100-night sleep trial');
    expect(mattress.non_returnable.join(' ')).not.toMatch(/software/i);
    const all = (await run('get_return_policy', {})).result as { windows: Record<string, number> };
    expect(all.windows).toMatchObject({ computers_tablets: 15, apparel_shoes: 60 });
    expect((await run('get_warranty_terms', { category: 'kitchen' })).result).toMatchObject({ category: 'kitchen_appliances', months: 24 });
    expect((await run('check_warranty', { order_id: 'SB-10039' })).result).toMatchObject({ reason: 'item_required', items: expect.any(Array) });
    expect((await run('check_return_eligibility', { order_id: 'SB-10011' })).result).toMatchObject({ reason: 'some_items_eligible', items: expect.any(Array) });
  });
});
