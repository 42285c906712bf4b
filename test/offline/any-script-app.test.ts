import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsEnv, memoryBundle } from '../assist/assist-harness.js';
import { askNewConversation, startRealApp, type RealApp } from '../assist/real-app.js';
import { ARABIC, GREEK, JAPANESE, RUSSIAN, storeFolder, type ScriptStore } from '../fixtures/any-script/stores.js';

/**
 * Issue 16 over the whole product (HTTP, offline): a store folder whose store.yaml says
 * `language: ru|ja|el|ar` is served by STORE_DIR with the shipped locale packs, and a product
 * question in that language is answered in it, naming the store's product.
 */
const open: Array<{ close(): Promise<void> | void }> = [];
const cleanups: Array<() => Promise<void>> = [];
const apps = new Map<string, RealApp>();
beforeAll(async () => {
  const accounts = await accountsEnv({ alice: 'alice password 1' });
  for (const s of [RUSSIAN, JAPANESE, GREEK, ARABIC] as ScriptStore[]) {
    const folder = await storeFolder(s);
    cleanups.push(folder.cleanup);
    const bundle = memoryBundle();
    open.push(bundle);
    const app = await startRealApp({ bundle, accounts, env: { ROUTER_MODEL_ENABLED: 'false', STORE_DIR: folder.dir } });
    open.push(app);
    apps.set(s.language, app);
  }
}, 120_000);
afterAll(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  for (const c of cleanups) await c();
});

type Said = { route: { skill: string } | null; reply: { text: string } | null; language?: string | null };

async function ask(url: string, text: string): Promise<Said> {
  const { status, said } = await askNewConversation<Said>(url, text);
  expect(status).toBe(200);
  return said;
}

describe('a store in Russian, Japanese, Greek or Arabic, served by STORE_DIR', () => {
  it.each([
    ['ru', 'Посоветуйте рюкзак для походов', 'Рюкзак туристический 40 л', 'Лучший вариант'],
    ['el', 'θέλω ένα σακίδιο πλάτης', 'Σακίδιο πλάτης 30 λίτρων', 'καλύτερη επιλογή'],
  ])('%s: "%s" names the product, in that language', async (language, text, name, words) => {
    const said = await ask(apps.get(language)!.url, text);
    expect(said.route?.skill).toBe('product_recommendation');
    expect(said.reply?.text).toContain(name);
    expect(said.reply?.text).toContain(words);
  });

  // The clarifying question names the skills in the store's language (the pack's skill_titles),
  // and a first message with no language of its own ("ok", "👍", a number) is answered in the
  // store's language (store.yaml), not the packs' default.
  it.each([
    ['ja', 'えっと', ['商品のおすすめ', '返品・交換・返金', '保証と修理'], 'product recommendations'],
    ['ar', 'حسنا إذن', ['اقتراح المنتجات', 'الضمان والإصلاح'], 'product recommendations'],
  ])('%s: the clarifying question for "%s" names the skills in that language', async (language, text, titles, english) => {
    const said = await ask(apps.get(language)!.url, text);
    for (const t of titles) expect(said.reply?.text).toContain(t);
    expect(said.reply?.text.toLowerCase()).not.toContain(english);
  });

  it.each([
    ['ja', 'ok', /[\u3040-\u30ff\u4e00-\u9fff]/u],
    ['ja', '👍', /[\u3040-\u30ff\u4e00-\u9fff]/u],
    ['ru', '12', /[а-яё]/u],
    ['el', 'ok', /[α-ω]/u],
    ['ar', '👍', /[\u0600-\u06ff]/u],
  ])('%s: a first "%s" is answered in the store language', async (language, text, script) => {
    const said = await ask(apps.get(language)!.url, text);
    expect(said.reply?.text).toMatch(script);
    // The widget is told the same language, so its own words (buttons, notices) match the reply.
    expect(said.language).toBe(language);
    // The skills it lists are in that language too (the pack's skill_titles), not the manifests' English offers.
    expect(said.reply?.text).not.toMatch(/\b(where an order is|product|warranty)\b/i);
  });

  // The router does not yet send these to product search (issue 16, left open): the reply is
  // the router's question back, but in the customer's language (the pack's clarify_general).
  it.each([
    ['ja', '防水ジャケットはありますか', '申し訳ありません'],
    ['ar', 'أريد حقيبة ظهر من فضلك', 'عذرًا'],
  ])('%s: "%s" is answered in that language', async (language, text, words) => {
    const said = await ask(apps.get(language)!.url, text);
    expect(said.reply?.text).toContain(words);
  });
});
