import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/config.js';
import { noEffects } from '../../src/core/actions.js';
import type { ToolCallRecord } from '../../src/core/conversation.js';
import type { VerifiedCustomer } from '../../src/core/identity.js';
import { silentLogger } from '../../src/core/logger.js';
import { createAnswerGuard } from '../../src/guard/create-answer-guard.js';
import { idKinds, identifiers, moneyAmounts } from '../../src/guard/reply-text.js';
import { compose, type Composed } from '../../src/main.js';
import { createPromptAssembler } from '../../src/skills/prompt-assembler.js';
import { createToolExecutor } from '../../src/tools/run-tool-call.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';

/**
 * The guard knows no store: money in the store's currency, order numbers, SKUs and case numbers
 * in the store's own formats (store.yaml `identifiers`). Checked on the northbound example store
 * (CAD, NB-204518, RMA-/WTY- case numbers).
 */

const storeDir = path.resolve(import.meta.dirname, '../../examples/stores/northbound');
const elise: VerifiedCustomer = { email: 'elise.tremblay@example.com', method: 'order_email', verifiedAt: Date.now(), viaOrder: 'NB-204518' };
let composed: Composed;

beforeAll(async () => {
  composed = await compose(parseEnv({ LOG_LEVEL: 'silent', SKILLS_WATCH: 'false', STORE_DIR: storeDir }), { logger: silentLogger, defaultMetrics: false });
});
afterAll(async () => {
  await composed.close();
});

async function check(skill: string, text: string, reply: string, records: ToolCallRecord[] = []) {
  const tools = createToolRegistry();
  const guard = createAnswerGuard({ commerce: composed.commerce, tools });
  const s = composed.skills.current().skills.get(skill)!;
  const prompt = await createPromptAssembler({ commerce: composed.commerce, tokenizerModel: 'gpt-4o-mini', tools }).build({ skill: s, variant: 'default', text, history: [], conversationId: 'c-any' });
  return guard.check({ skill: s, reply, tools: records, prompt, customer: elise });
}

function tool(name: string, args: Record<string, unknown>): Promise<ToolCallRecord> {
  const run = createToolExecutor(createToolRegistry());
  return run({ id: `call_${name}`, name, arguments: JSON.stringify(args) }, { conversationId: 'c-any', commerce: composed.commerce, customer: elise, namedOrders: ['NB-204518'], effects: noEffects });
}

describe('reply readers without store knowledge', () => {
  it('reads money in any currency', () => {
    expect(moneyAmounts('It is CA$499.00, or 499 CAD, €20, £1,299.50, 15 euros, USD 34.50, $69.99').map((a) => a.value)).toEqual([499, 499, 20, 1299.5, 15, 34.5, 69.99]);
    expect(moneyAmounts('within 30 days, 2 people, the 24 mark')).toEqual([]);
  });

  it('reads money where digits are far apart as where they are close', () => {
    // Digits with long stretches between them: each is searched for alone (reply-text.ts, eachNearDigit).
    const far = '𧒙񬇟'.repeat(200);
    const text = `12 ${far} CAD 5 ${far}\u{11FDD}7 ${far} USD 1,299.50 and 3 dollars ${far} 4 people 2 EUR`;
    const close = text.replaceAll(far, 'x 9 '.repeat(3));
    const values = (t: string) => moneyAmounts(t).map((a) => [a.value, a.text]);
    expect(values(text)).toEqual([[5, 'CAD 5'], [7, '\u{11FDD}7'], [1299.5, 'USD 1,299.50'], [3, '3 dollars'], [2, '2 EUR']]);
    expect(values(close)).toEqual(values(text));
  });

  it('classifies ids by the store data', () => {
    const kinds = idKinds(composed.commerce.storeInfo().identifiers);
    const found = identifiers('Order NB-204518 (KY-1001, SB-1301-L) got return RMA-204518-KY-1001; see COVID-19 and 2026-12-01.').map((x) => [x.id, kinds.kind(x.id)]);
    expect(found).toEqual([
      ['NB-204518', 'order'],
      ['KY-1001', 'sku'],
      ['SB-1301-L', 'sku'],
      ['RMA-204518-KY-1001', 'case'],
      ['COVID-19', null],
    ]);
  });
});

describe('the answer guard on another store', () => {
  it('passes a true price in the store currency and flags a wrong one', async () => {
    const good = await check('product_recommendation', 'handheld gps', 'The Trailmark 66 Handheld GPS (GP-1801) is CA$499.00.');
    expect(good.problems).toEqual([]);
    const bad = await check('product_recommendation', 'handheld gps', 'The Trailmark 66 Handheld GPS (GP-1801) is CA$399.00.');
    expect(bad.ok).toBe(false);
    expect(bad.problems.join(' ')).toMatch(/CA\$399\.00 for Trailmark 66 Handheld GPS/);
  });

  it("flags an order or return number nobody gave, in the store's own formats, and an unknown SKU", async () => {
    const r = await check('returns', 'return my kayak', 'Your return RMA-204599-KY-1001 for order NB-204599 is started; the KY-9999 too.');
    expect(r.problems.join('\n')).toMatch(/RMA-204599-KY-1001, which neither/);
    expect(r.problems.join('\n')).toMatch(/NB-204599, which neither/);
    expect(r.problems.join('\n')).toMatch(/SKU KY-9999, which is not in the catalog/);
  });

  it('accepts the ids and status a tool gave', async () => {
    const status = await tool('get_order_status', { order_id: 'NB-204518' });
    const r = await check('order_status', 'where is NB-204518', 'Order NB-204518 was delivered; it had the Riverbend 10 Recreational Kayak (KY-1001).', [status]);
    expect(r.problems).toEqual([]);
  });
});
