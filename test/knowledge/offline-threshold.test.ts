import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildKnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import { loadArticles } from '../../src/knowledge/load-articles.js';
import { OFFLINE_CONFIDENCE, confidentPassage, knowledgeAnswer } from '../../src/knowledge/offline-answer.js';

/**
 * The offline answer's threshold, measured on our own messages (never eval-set sentences):
 * questions the demo articles answer, and messages they must not be quoted for (other
 * skills' own questions, unrelated requests). The figures are printed for the report.
 */
const POSITIVE: Array<[skill: string, text: string, article: string]> = [
  ['other', 'do you ship to Canada?', 'shipping-and-delivery'],
  ['other', 'how long does delivery take to the UK', 'shipping-and-delivery'],
  ['other', 'can I pay with paypal', 'payment'],
  ['other', 'do you accept apple pay', 'payment'],
  ['product_recommendation', 'what size running shoes should I get', 'sizing-guide'],
  ['other', 'how do I clean my blender', 'product-care'],
  ['other', 'is there a store I can visit', 'faq'],
  ['other', 'how do I contact you', 'contact-us'],
  ['other', 'how much is express shipping', 'shipping-and-delivery'],
  ['other', 'can I pay in instalments', 'payment'],
  ['other', 'is delivery free over 50', 'shipping-and-delivery'],
  ['other', 'do you offer gift wrapping', 'faq'],
  ['other', 'can I change my delivery address', 'shipping-and-delivery'],
  ['other', 'will I have to pay customs duties', 'shipping-and-delivery'],
  ['other', 'are your products genuine', 'faq'],
  ['other', 'do you do cash on delivery', 'payment'],
  ['other', 'do I need an account to place an order', 'faq'],
  ['order_status', 'when will I be charged for my order', 'payment'],
  ['warranty', 'how should I clean my hiking boots', 'product-care'],
  ['other', 'what are your phone numbers', 'contact-us'],
];
const NEGATIVE: Array<[skill: string, text: string]> = [
  ['other', 'what is the weather tomorrow'],
  ['other', 'tell me a joke'],
  ['product_recommendation', 'I need a blender for smoothies'],
  ['order_status', 'my order SB-10001 has not arrived'],
  ['returns', 'can I return my headphones'],
  ['warranty', 'my kettle stopped working'],
  ['other', 'write my history essay'],
  ['other', 'what is the capital of france'],
  ['product_recommendation', 'recommend a laptop for a student'],
  ['warranty', 'how long is the warranty on the vacuum'],
  ['product_recommendation', 'running shoes for a marathon'],
  ['returns', 'what is the return window for shoes'],
  ['returns', 'yes, start the return'],
  ['other', 'who won the football last night'],
  ['other', 'can you book me a flight to Paris'],
  ['product_recommendation', 'a mattress for back pain'],
  ['other', 'hello'],
  ['other', 'thanks a lot'],
  ['other', 'I want to speak to a person'],
];

describe('offline knowledge answer: threshold', async () => {
  const index = buildKnowledgeIndex(await loadArticles(path.resolve('skills/_store/knowledge')));

  it(`quotes the right article for most questions it covers and never for the rest (other ≥ ${OFFLINE_CONFIDENCE.other}, skills ≥ ${OFFLINE_CONFIDENCE.skill})`, () => {
    const answered = POSITIVE.filter(([skill, text, article]) => confidentPassage(index, skill, text)?.articleId === article);
    const quoted = NEGATIVE.filter(([skill, text]) => confidentPassage(index, skill, text) !== null);
    console.info(`knowledge threshold: positives answered from the right article ${answered.length}/${POSITIVE.length}; negatives quoted ${quoted.length}/${NEGATIVE.length}`);
    expect(quoted.map(([, t]) => t)).toEqual([]);
    expect(answered.length / POSITIVE.length).toBeGreaterThanOrEqual(0.85);
  });

  it('answers a shipping question with the quoted passage, the article title and its link', () => {
    const a = knowledgeAnswer({ knowledge: index, skill: 'other', text: 'Do you ship to Canada?' })!;
    expect(a.text).toContain('"Shipping and delivery"');
    expect(a.text).toMatch(/^> We ship to .*Canada/m);
    expect(a.text).toContain('https://shop.kestrel-lane.example/help/shipping');
    expect(a.sources).toEqual([{ articleId: 'shipping-and-delivery', title: 'Shipping and delivery', url: 'https://shop.kestrel-lane.example/help/shipping', heading: 'Countries we ship to' }]);
  });
});
