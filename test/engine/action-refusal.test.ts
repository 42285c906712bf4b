import { describe, expect, it } from 'vitest';
import type { ProposedAction } from '../../src/core/actions.js';
import { runProposal, type ActionResult } from '../../src/engine/action-runner.js';
import { renderActionResult } from '../../src/engine/proposal-step.js';
import { loadLocalePacks } from '../../src/locale/locale-packs.js';
import { demoCommerce, LOCALES_DIR, owner, PINNED_NOW, scratchStoreDir } from '../commerce/demo-fixture.js';

/*
 * A confirmed action the store refuses (the return window closed, the warranty ended) is
 * explained from data: the commerce layer's reason code and facts, rendered by the locale
 * pack's `refusals` templates in the customer's language, never the commerce layer's English.
 */

function proposal(p: Pick<ProposedAction, 'kind' | 'orderId' | 'sku' | 'itemName'>): ProposedAction {
  return { id: 'p1', detail: 'x', skill: 'returns', proposedAt: PINNED_NOW, ...p };
}

async function refusalOf(p: ProposedAction): Promise<Extract<ActionResult, { outcome: 'refused' }>> {
  const { commerce, store, clock } = await demoCommerce();
  const result = await runProposal({ proposal: p, customer: owner(p.orderId), commerce, store, clock, conversationId: 'c1', confirmedBy: { kind: 'customer_message' } });
  expect(result.outcome).toBe('refused');
  return result as Extract<ActionResult, { outcome: 'refused' }>;
}

describe('a refused action, explained from its reason code and facts', () => {
  it('a return past its window carries the code and the last day as data, no English sentence', async () => {
    const result = await refusalOf(proposal({ kind: 'start_return', orderId: 'SB-10023', sku: 'KIT-1005' }));
    expect(result.reason).toBe('window_expired');
    expect(result.facts).toMatchObject({ orderId: 'SB-10023', sku: 'KIT-1005', windowDays: expect.any(Number), lastDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(result.facts.itemName).toBeTruthy();
    expect(Object.keys(result)).not.toContain('explanation');

    const packs = await loadLocalePacks(LOCALES_DIR);
    const lastDay = result.facts.lastDay!;
    const texts = new Map(['en', 'es', 'de', 'fr'].map((l) => [l, renderActionResult(result, packs.get(l))]));
    for (const [language, text] of texts) {
      const date = new Date(`${lastDay}T12:00:00Z`).toLocaleDateString(language, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
      expect(text, language).toContain(date);
      expect(text, language).toContain(result.facts.itemName!);
      expect(text, language).not.toMatch(/\{[a-z_]+\}/);
    }
    // Each language its own words: no two alike, and none but English carries the English template's words.
    expect(new Set(texts.values()).size).toBe(4);
    for (const language of ['es', 'de', 'fr']) expect(texts.get(language)).not.toContain('return window');
    expect(texts.get('de')).toContain('Rückgabefrist');
  });

  it('a claim on an ended warranty says when it ended, in the language', async () => {
    const { commerce } = await demoCommerce();
    const status = await commerce.orderWarranty(owner('SB-10012'), { orderId: 'SB-10012' });
    expect(status.reason).toBe('expired');
    const result = await refusalOf(proposal({ kind: 'open_warranty_claim', orderId: 'SB-10012', sku: status.sku! }));
    expect(result).toMatchObject({ reason: 'expired', facts: { orderId: 'SB-10012', sku: status.sku, expiresOn: status.expiresOn, months: 12 } });
    const packs = await loadLocalePacks(LOCALES_DIR);
    const french = renderActionResult(result, packs.get('fr'));
    const date = new Date(`${status.expiresOn}T12:00:00Z`).toLocaleDateString('fr', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    expect(french).toContain(`La garantie de ${result.facts.itemName} a pris fin le ${date}.`);
  });

  it('a reason no template knows, or a template whose facts are missing, says `other` with the order', async () => {
    const packs = await loadLocalePacks(LOCALES_DIR);
    const unknown: ActionResult = { outcome: 'refused', kind: 'start_return', orderId: 'SB-1', reason: 'platform_specific_code', facts: { orderId: 'SB-1' } };
    const missing: ActionResult = { outcome: 'refused', kind: 'start_return', orderId: 'SB-1', reason: 'window_expired', facts: { orderId: 'SB-1' } };
    for (const language of ['en', 'es', 'de', 'fr']) {
      const pack = packs.get(language);
      const other = pack.refusals.other!.replace('{order}', 'SB-1');
      expect(renderActionResult(unknown, pack)).toContain(other);
      expect(renderActionResult(missing, pack)).toContain(other);
    }
  });
});

/*
 * After an executed return or claim: the next steps are the store's own policy text (its
 * process, its addresses), quoted as written; everything the engine says around them is the
 * pack's, and how the refund goes (when the store's steps do not say it) comes as data and is
 * written in the customer's language.
 */
describe("an executed action's next steps", () => {
  const returnProposal = proposal({ kind: 'start_return', orderId: 'SB-10001', sku: 'KIT-1001' });

  async function executed(dir?: string): Promise<Extract<ActionResult, { outcome: 'executed' }>> {
    const { commerce, store, clock } = await demoCommerce(dir ? { dir } : {});
    const result = await runProposal({ proposal: returnProposal, customer: owner('SB-10001'), commerce, store, clock, conversationId: 'c1', confirmedBy: { kind: 'customer_message' } });
    expect(result.outcome).toBe('executed');
    return result as Extract<ActionResult, { outcome: 'executed' }>;
  }

  it("quotes the store's steps under the pack's own words, and adds no refund sentence the store's steps already give", async () => {
    const result = await executed();
    expect(result.refund).toBeUndefined();
    const packs = await loadLocalePacks(LOCALES_DIR);
    const german = renderActionResult(result, packs.get('de'));
    const [head, label, ...steps] = german.split('\n');
    expect(head).toBe(`Erledigt: Rücksendung ${result.id} für ${result.itemName} aus Bestellung SB-10001 ist angelegt.`);
    expect(label).toBe('Nächste Schritte:');
    expect(steps).toEqual(result.steps.map((s, i) => `${i + 1}. ${s}`));
  });

  it("writes how the refund goes in the customer's language when the store's steps do not say it", async () => {
    const scratch = await scratchStoreDir();
    try {
      await scratch.edit('returns-policy.yaml', (text) => text.replace(/^  - The refund is issued[^\n]*\n/m, ''));
      const result = await executed(scratch.dir);
      expect(result.refund).toEqual({ method: expect.any(String), days: 7 });
      expect(result.steps.join(' ')).not.toMatch(/refund/i);
      const packs = await loadLocalePacks(LOCALES_DIR);
      const last = new Map(['en', 'es', 'de', 'fr'].map((l) => [l, renderActionResult(result, packs.get(l)).split('\n').at(-1)!]));
      expect(last.get('en')).toBe(`${result.steps.length + 1}. The refund goes ${result.refund!.method} within 7 days of the item reaching us.`);
      expect(last.get('de')).toBe(`${result.steps.length + 1}. Sobald der Artikel bei uns ist, geht die Erstattung ${result.refund!.method} innerhalb von 7 Tagen.`);
      for (const language of ['es', 'fr']) {
        expect(last.get(language), language).toContain(result.refund!.method);
        expect(last.get(language), language).not.toContain('The refund goes');
      }
    } finally {
      await scratch.cleanup();
    }
  });
});
