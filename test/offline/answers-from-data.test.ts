import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import { loadArticles } from '../../src/knowledge/load-articles.js';
import { offlineChat, skill } from './offline-kit.js';

const root = path.join(import.meta.dirname, '..', '..');
const demoKnowledge = async () => buildKnowledgeIndex(await loadArticles(path.join(root, 'skills', '_store', 'knowledge')));

describe('offline: what the bot can do comes from the skills loaded', () => {
  it('lists every skill with tools here, order status included, in the customer language', async () => {
    const chat = await offlineChat();
    const en = await chat.say('other', 'could you write me a poem about autumn?');
    expect(en.text).toMatch(/tell you where an order is/);
    expect(en.text).toMatch(/find the right product for you/);
    const es = await chat.say('other', '¿puedes escribirme un poema sobre el otoño?');
    expect(es.text).toMatch(/decirte dónde está un pedido/);
  });

  it('shows a new skill from its manifest alone, and leaves out a skill whose tools are not offered', async () => {
    const wrap = await skill('gift_wrapping', { tools: [] });
    wrap.manifest.offer = 'wrap an order as a gift';
    const ghost = await skill('ghost_skill', { tools: ['no_such_tool'] });
    ghost.manifest.offer = 'do something impossible';
    const chat = await offlineChat({ skills: [wrap, ghost, await skill('other')] });
    const a = await chat.say('other', 'what is the capital of Peru?');
    expect(a.text).toMatch(/wrap an order as a gift/);
    expect(a.text).not.toMatch(/impossible/);
  });
});

describe('offline: help articles answer for the product asked about', () => {
  it('quotes the section about the asked product category, not one that only shares a verb', async () => {
    const chat = await offlineChat({ knowledge: await demoKnowledge() });
    const a = await chat.say('other', 'how can I wash my duvet?');
    expect(a.text).toMatch(/Mattresses and bedding/);
    expect(a.text).not.toMatch(/shoes/i);
  });

  it('says the article does not cover the product when no section names it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'care-'));
    await writeFile(
      path.join(dir, 'care.md'),
      '---\ntitle: Looking after footwear\n---\n\n## Trainers\n\nWash trainers by hand with a brush; never use a washing machine.\n',
    );
    const chat = await offlineChat({ knowledge: buildKnowledgeIndex(await loadArticles(dir)) });
    const a = await chat.say('other', 'how can I wash my duvet?');
    expect(a.text).toMatch(/"Looking after footwear" doesn't cover duvet/);
    expect(a.text).not.toMatch(/brush/);
  });

  it('answers a country the articles never name from the section about where the store ships', async () => {
    const chat = await offlineChat({ knowledge: buildKnowledgeIndex(await loadArticles(path.join(root, 'examples', 'stores', 'northbound', 'knowledge'))) });
    const a = await chat.say('other', 'would you ship my parcel to Portugal?');
    expect(a.text).toMatch(/We do not ship outside Canada yet/);
    expect(a.attachments?.sources?.[0]?.articleId).toBe('shipping');
  });
});

describe('offline: attribute questions about the item in focus', () => {
  it("answers the shown item's weight, or says the store lists none, instead of searching again", async () => {
    const chat = await offlineChat();
    await chat.say('product_recommendation', 'I am after a cordless stick vacuum');
    const a = await chat.say('product_recommendation', 'and the first one, how heavy is it?');
    expect(a.text).toMatch(/weight 2\.\d kg/i);
    expect(a.tools.map((t) => t.name)).not.toContain('search_products');
    await chat.say('product_recommendation', 'show me blenders for smoothies');
    const b = await chat.say('product_recommendation', 'how much does that one weigh?');
    expect(b.text).toMatch(/The store lists no weight for/);
  });

  it('searches again when the attribute question names another kind of product', async () => {
    const chat = await offlineChat();
    await chat.say('product_recommendation', 'I am after a cordless stick vacuum');
    const a = await chat.say('product_recommendation', 'how big is the camping tent, would it fit two?');
    expect(a.tools.map((t) => t.name)).toContain('search_products');
    expect(a.text).not.toMatch(/Sweeply/);
  });
});
