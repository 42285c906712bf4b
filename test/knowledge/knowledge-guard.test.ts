import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardKit, type GuardKit } from '../guard/guard-kit.js';

/** The guard on replies written from help articles: a stated fact must be in the retrieved text, the store data or this turn's tools. */
let kit: GuardKit;
beforeAll(async () => {
  kit = await createGuardKit();
});
afterAll(async () => {
  await kit?.close();
});

const QUESTION = 'do you ship to Canada? what are the delivery times';

describe('guard: knowledge facts', () => {
  it('puts the shipping passages in the prompt as marked blocks with their source', async () => {
    const prompt = await kit.prompt('other', QUESTION);
    const block = prompt.messages.find((m) => m.role === 'system' && m.content?.includes('<article source='))?.content ?? '';
    expect(block).toContain('<article source="Shipping and delivery');
    expect(block).toContain('url="https://shop.kestrel-lane.example/help/shipping"');
    expect(prompt.sources?.map((s) => s.articleId)).toContain('shipping-and-delivery');
    expect(prompt.knowledge.some((k) => k.startsWith('article:'))).toBe(true);
  });

  it('accepts what the articles say', async () => {
    const verdict = await kit.check('other', QUESTION, 'Yes, we ship to Canada. Delivery there takes 5 to 8 working days (see "Shipping and delivery").');
    expect(verdict).toMatchObject({ ok: true });
  });

  it('rejects a number no article, store data or tool gives', async () => {
    const verdict = await kit.check('other', QUESTION, 'Yes, we ship to Canada and it arrives within 12 working days.');
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join(' ')).toMatch(/12 working days/);
    const percent = await kit.check('other', QUESTION, 'Yes, and Canadian orders get 15% off delivery.');
    expect(percent.ok).toBe(false);
  });

  it('rejects a country the articles do not list, and lets a refusal name it', async () => {
    const claim = await kit.check('other', 'do you ship to Brazil?', 'Yes, we ship to Brazil in 6 to 10 working days.');
    expect(claim.ok).toBe(false);
    expect(claim.problems.join(' ')).toMatch(/Brazil/);
    const refusal = await kit.check('other', 'do you ship to Brazil?', "Sorry, we don't ship to Brazil yet.");
    expect(refusal).toMatchObject({ ok: true });
  });

  it('accepts facts from a search_knowledge call of the same turn', async () => {
    const record = await kit.tool('search_knowledge', { query: 'gift wrapping' });
    expect(record.ok).toBe(true);
    expect((record.result as { passages: Array<{ article_id: string }> }).passages[0]?.article_id).toBe('faq');
    const verdict = await kit.check('other', 'hello', 'Gift wrapping costs $4.99 per order.', [record]);
    expect(verdict).toMatchObject({ ok: true });
    const unsupported = await kit.check('other', 'hello', 'Gift wrapping costs $6.99 per order.', [record]);
    expect(unsupported.ok).toBe(false);
  });
});
