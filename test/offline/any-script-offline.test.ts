import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoCommerce } from '../../src/commerce/demo-commerce.js';
import type { SearchLanguage } from '../../src/commerce/search-language.js';
import { collectEffects } from '../../src/engine/turn-effects.js';
import type { Article } from '../../src/knowledge/article-schema.js';
import { buildKnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import { loadLanguageStemmers, messageStemmer } from '../../src/locale/language-stemmers.js';
import { matchItem } from '../../src/offline/item-match.js';
import { createOfflineResponder } from '../../src/offline/offline-responder.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';
import { LOCALES_DIR, memoryStore, pinnedClock, shippedSearchLanguage } from '../commerce/demo-fixture.js';
import { createDemoCommerce } from '../../src/commerce/demo-commerce.js';
import { ARABIC, GREEK, JAPANESE, MIXED, RUSSIAN, storeFolder, type ScriptStore } from '../fixtures/any-script/stores.js';
import { skill } from './offline-kit.js';
import { loadLocalePacks, type LocalePacks } from '../../src/locale/locale-packs.js';

/**
 * Issue 16, any store, through the offline responder: a store folder whose catalog is in
 * Russian, Japanese, Greek, Arabic or Latin and CJK mixed answers a product question by naming
 * the product; an order item is found by a word of its name in any script; the store's help
 * articles in Japanese or Russian are found by a customer's words.
 */
const recommend = skill('product_recommendation', { tools: ['search_products', 'get_product', 'compare_products'] });

let language: SearchLanguage;
const stores = new Map<string, { commerce: DemoCommerce; cleanup(): Promise<void> }>();
beforeAll(async () => {
  const shipped = await shippedSearchLanguage();
  const extra = await loadLanguageStemmers(new Map([['ru', 'russian'], ['el', 'greek'], ['ar', 'arabic']]), LOCALES_DIR);
  language = { ...shipped, languageStems: new Map([...shipped.languageStems, ...extra]) };
  for (const s of [RUSSIAN, JAPANESE, GREEK, ARABIC, MIXED] as ScriptStore[]) {
    const folder = await storeFolder(s);
    const clock = pinnedClock();
    const commerce = await createDemoCommerce({ dir: folder.dir, store: memoryStore(clock), clock, language: async () => language });
    stores.set(s.language, { commerce, cleanup: folder.cleanup });
  }
});
afterAll(async () => {
  for (const s of stores.values()) await s.cleanup();
});

async function ask(store: string, text: string, language?: string | null) {
  const commerce = stores.get(store)!.commerce;
  const responder = createOfflineResponder({ commerce, tools: createToolRegistry() });
  return responder.respond({
    skill: await recommend,
    text,
    history: [],
    conversationId: `conv-${store}`,
    ...(language === undefined ? {} : { language }),
    context: { customer: null, namedOrders: [], effects: collectEffects('product_recommendation', () => 0) },
  });
}

const listed = (a: { attachments?: { products?: Array<{ sku: string }> } }) => a.attachments?.products?.map((p) => p.sku) ?? [];

describe('offline product answers name the product, in any script', () => {
  it.each([
    ['ru', 'Посоветуйте рюкзак', '100001', 'Рюкзак туристический 40 л'],
    ['ru', 'нужна палатка', '100002', 'Палатка двухместная «Байкал»'],
    ['ja', '防水ジャケットはありますか', '200001', '防水ジャケット'],
    ['ja', '歯ブラシ', '200002', '電動歯ブラシ'],
    ['el', 'θέλω μια σκηνή', '300002', 'Σκηνή τριών ατόμων'],
    ['ar', 'أريد حقيبة ظهر', '400001', 'حقيبة ظهر للرحلات'],
    ['en', 'do you have a ジャケット?', '500001', 'Nimbus 防水ジャケット'],
    ['en', 'an electric kettle please', '500002', 'Kettle 电水壶 1.7 L'],
  ])('%s: "%s" -> %s', async (store, text, sku, name) => {
    const a = await ask(store, text);
    expect(a.tools.map((t) => t.name)).toContain('search_products');
    expect(listed(a)[0]).toBe(sku);
    expect(a.text).toContain(name);
  });
});

describe('order items by a word of their name', () => {
  const items = (s: ScriptStore) => s.products.map((p) => ({ sku: p.sku, name: p.name }));
  it.each<[string, ScriptStore, string]>([
    ['термос протекает', RUSSIAN, '100004'],
    ['歯ブラシが動きません', JAPANESE, '200002'],
    ['ジャケットを返品したい', JAPANESE, '200001'],
    ['ο φακός δεν ανάβει', GREEK, '300003'],
    ['خيمة وصلت ممزقة', ARABIC, '400002'],
    ['the 电水壶 leaks', MIXED, '500002'],
  ])('"%s"', (text, s, sku) => {
    expect(matchItem(items(s), text, [])?.sku).toBe(sku);
  });

  it('another case of a Russian word, or an Arabic word with its article, with the stemmer of its language', () => {
    const ru = messageStemmer({ languageStems: () => language.languageStems }, 'ru');
    expect(ru).toBeDefined();
    expect(matchItem(items(RUSSIAN), 'у палатки сломалась молния', [], undefined, undefined, ru)?.sku).toBe('100002');
    // And Arabic's article, by its stemmer.
    const ar = messageStemmer({ languageStems: () => language.languageStems }, 'ar');
    expect(matchItem(items(ARABIC), 'الخيمة وصلت ممزقة', [], undefined, undefined, ar)?.sku).toBe('400002');
  });
});

describe("the store's help articles in any script", () => {
  const article = (id: string, title: string, body: string): Article => ({ id, title, body, url: `/help/${id}` });
  const index = buildKnowledgeIndex([
    article('henpin', '返品について', '# 返品について\n\n商品到着後30日以内であれば返品を受け付けます。送料はお客様のご負担となります。'),
    article('haiso', '配送について', '# 配送について\n\n全国どこでも3日以内にお届けします。離島は追加料金がかかります。生鮮品はクールボックスでお届けします。'),
    article('dostavka', 'Доставка', '# Доставка\n\nДоставляем заказы по всей России за 3–7 дней. Доставка бесплатна от 5000 рублей.'),
    article('vozvrat', 'Возврат', '# Возврат\n\nВернуть товар можно в течение 14 дней.'),
  ]);
  it.each([
    ['返品できますか', 'henpin'],
    // Half-width katakana, as some keyboards type it, meets the article's full-width word.
    ['ｸｰﾙﾎﾞｯｸｽ', 'haiso'],
    ['配送は何日かかりますか', 'haiso'],
    // A lone kanji: the start of a pair ("返品") or the end of one ("離島"), by the passages' own characters.
    ['返', 'henpin'],
    ['島', 'haiso'],
    ['сколько стоит доставка', 'dostavka'],
    ['как вернуть товар', 'vozvrat'],
  ])('"%s" -> %s', (text, id) => {
    expect(index.search(text)[0]?.articleId).toBe(id);
  });
});


/**
 * A store whose store.yaml says `language: ru|ja|el|ar`, answered offline in the customer's
 * language as the engine does: the language detected by the shipped packs (a word or two is
 * enough), the playbook's templates in it, the catalog read with the pack's stemmer and words.
 */
describe('offline answers in the store\'s language', () => {
  let packs: LocalePacks;
  beforeAll(async () => {
    packs = await loadLocalePacks(LOCALES_DIR);
  });

  it.each([
    ['ru', 'Посоветуйте рюкзак', '100001', 'Лучший вариант'],
    ['ru', 'рюкзак для походов', '100001', 'Лучший вариант'],
    ['ja', '電動歯ブラシはありますか', '200002', 'おすすめ'],
    ['el', 'σακιδίου', '300001', 'καλύτερη επιλογή'],
    ['ar', 'أريد حقيبة ظهر من فضلك', '400001', 'أفضل خيار'],
  ])('%s: "%s" -> %s, in that language', async (store, text, sku, words) => {
    const language = packs.detect(text);
    expect(language).toBe(store);
    const a = await ask(store, text, language);
    expect(listed(a)[0]).toBe(sku);
    expect(a.text).toContain(words);
    // No grammar or filler word is answered as a product the store does not carry.
    expect(a.text).not.toMatch(/We don't carry|У нас нет|取り扱っていません|Δεν διαθέτουμε|لا نبيع/);
  });

  it('a lone kanji finds the product whose name holds it (Han alone is no language: the conversation gives it)', async () => {
    expect(packs.detect('筒')).toBeNull();
    const a = await ask('ja', '筒', 'ja');
    expect(listed(a)[0]).toBe('200004');
    expect(a.text).toContain('おすすめ');
  });

  it('a product the store does not carry is said so in its language', async () => {
    const a = await ask('ja', '自転車はありますか', packs.detect('自転車はありますか'));
    expect(a.text).toContain('取り扱っていません');
    expect(a.text).toContain('自転車');
    expect(a.text).not.toContain('ありますか');
  });
});
