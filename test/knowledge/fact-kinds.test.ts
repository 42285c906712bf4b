import { describe, expect, it } from 'vitest';
import { TEXT_BUDGET } from '../../src/core/text-budget.js';
import { type Article } from '../../src/knowledge/article-schema.js';
import { askedFactKinds, passageFactKinds } from '../../src/knowledge/fact-kinds.js';
import { buildKnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import { repositoryRetrievalWords } from '../../src/locale/retrieval-section.js';

const { factQuestions } = repositoryRetrievalWords();

describe('kinds of fact a question asks for (locale packs: retrieval.fact_questions)', () => {
  it('reads a cost, a time and a place in every pack that has the cue', () => {
    expect([...askedFactKinds('how much is delivery', factQuestions)]).toEqual(['cost']);
    expect([...askedFactKinds('wie viel kostet der Versand?', factQuestions)]).toContain('cost');
    expect([...askedFactKinds('combien coûte la livraison', factQuestions)]).toContain('cost');
    expect([...askedFactKinds('¿cuánto tarda el envío?', factQuestions)]).toContain('time');
    expect([...askedFactKinds('how long does shipping take', factQuestions)]).toEqual(['time']);
    expect([...askedFactKinds('which countries do you ship to', factQuestions)]).toEqual(['place']);
    expect([...askedFactKinds('Сколько стоит доставка?', factQuestions)]).toEqual(['cost']);
    expect([...askedFactKinds('Πόσο κοστίζει η αποστολή;', factQuestions)]).toEqual(['cost']);
    expect(askedFactKinds('my mug arrived broken', factQuestions).size).toBe(0);
    // A word that asks "where" only with its accent ("où") is not read without it ("ou": or).
    expect(askedFactKinds('un mug ou une tasse', factQuestions).size).toBe(0);
  });

  it('reads only the message work budget, in linear time, on hostile input', () => {
    const filler = 'how '.repeat(TEXT_BUDGET.tokens);
    expect(askedFactKinds(`${filler}much is delivery`, factQuestions).size).toBe(0);
    const hostile = ['how much '.repeat(250), '9€'.repeat(1000), 'x'.repeat(2000), 'how long how '.repeat(170)];
    for (const text of hostile) {
      const t0 = performance.now();
      for (let i = 0; i < 50; i++) askedFactKinds(text.slice(0, 2000), factQuestions);
      expect(performance.now() - t0).toBeLessThan(500);
    }
  });

  it('finds what a passage is about: its heading names it or its text states it', () => {
    expect(passageFactKinds('Delivery times and costs', 'Text.', factQuestions)).toEqual(new Set(['time', 'cost']));
    expect([...passageFactKinds('Postage', 'Free over 49 EUR, 4.95 EUR below that.', factQuestions)]).toEqual(['cost']);
    expect([...passageFactKinds('Postage', 'Orders take 1 to 3 working days.', factQuestions)]).toEqual(['time']);
    // A percentage is no amount of money, an unknown code no currency.
    expect(passageFactKinds('Repeat orders', 'Every 4 weeks with 5% off. Code ABC 12.', factQuestions).has('cost')).toBe(false);
  });
});

describe('help-article ranking by the kind of fact asked (finding 17)', () => {
  const articles: Article[] = [
    {
      id: 'delivery',
      title: 'Delivery',
      body: '## Where we deliver\nWe deliver across the country.\n\n## Delivery times and costs\nOrders arrive in 1 to 3 working days. Delivery is free over 49 EUR, 4.95 EUR below that.\n\n## Repeat deliveries\nRepeat deliveries every 4 weeks with 5% off each delivery.\n',
    },
  ];
  const index = buildKnowledgeIndex(articles);

  it('puts the passage stating the cost first for "how much"', () => {
    expect(index.search('how much is delivery')[0]?.heading).toBe('Delivery times and costs');
  });

  it('leaves a question asking no kind of fact as it was', () => {
    expect(index.search('repeat deliveries')[0]?.heading).toBe('Repeat deliveries');
  });

  it('stays capped on a 2,000-character message', () => {
    const text = `how much is delivery ${'how long where '.repeat(140)}`.slice(0, 2000);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) index.search(text);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
