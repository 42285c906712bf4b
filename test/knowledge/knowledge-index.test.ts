import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { TEXT_BUDGET, analysisWindow } from '../../src/core/text-budget.js';
import { KNOWLEDGE_LIMITS, type Article } from '../../src/knowledge/article-schema.js';
import { chunkArticle } from '../../src/knowledge/chunk-article.js';
import { parseArticle } from '../../src/knowledge/front-matter.js';
import { buildKnowledgeIndex } from '../../src/knowledge/knowledge-index.js';
import { repositoryKnowledgeTerms } from '../../src/knowledge/knowledge-terms.js';

const { queryTerms } = repositoryKnowledgeTerms();
import { loadArticles } from '../../src/knowledge/load-articles.js';

const DEMO = path.resolve('skills/_store/knowledge');

const article = (over: Partial<Article> = {}): Article => ({
  id: 'a',
  title: 'Travel mugs',
  body: 'Intro text.\n\n## Lids\n\nThe lid comes apart for cleaning.\n\n### Seals\n\nReplace the seal yearly.\n',
  ...over,
});

describe('articles: front matter', () => {
  it('reads title, url and skills, and keeps the body', () => {
    const { article: a } = parseArticle('f.md', 'f', '---\ntitle: Gift cards\nurl: /help/gift-cards\nskills: [other]\n---\n# Gift cards\n\nText.\n');
    expect(a).toMatchObject({ id: 'f', title: 'Gift cards', url: '/help/gift-cards', skills: ['other'] });
    expect(a!.body).toContain('Text.');
  });

  it('names the file and the field of a problem', () => {
    const err = (text: string) => {
      try {
        parseArticle('knowledge/x.md', 'x', text);
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no error');
    };
    expect(err('---\nurl: /x\n---\nbody')).toMatchObject({ source: 'knowledge/x.md', field: 'title', message: expect.stringMatching(/is required/) });
    expect(err('---\ntitle: X\nurl: ftp://x\n---\nbody')).toMatchObject({ source: 'knowledge/x.md', field: 'url' });
    expect(err('---\ntitle: X\nskills: [Not A Skill]\n---\nbody').field).toBe('skills[0]');
    expect(err('---\ntitle: X\ntitel: X\n---\nbody')).toMatchObject({ field: 'titel' });
    expect(err('no front matter').message).toMatch(/front matter/);
    expect(err('---\ntitle: X\nbody without end').message).toMatch(/closing ---/);
    expect(err('---\ntitle: [unclosed\n---\nbody').message).toMatch(/not valid YAML/);
  });

  it('leaves drafts out (draft: true, whatever else they carry)', () => {
    expect(parseArticle('d.md', 'd', '---\ntitle: "x"\ndraft: true\ncreatedBy: "ana"\n---\nTODO').article).toBeNull();
  });
});

describe('articles: chunking by heading', () => {
  it('makes one passage per heading, the opening text under the title', () => {
    const passages = chunkArticle(article({ url: 'https://x.example/mugs' }));
    expect(passages.map((p) => [p.heading, p.text])).toEqual([
      ['Travel mugs', 'Intro text.'],
      ['Lids', 'The lid comes apart for cleaning.'],
      ['Seals', 'Replace the seal yearly.'],
    ]);
    expect(passages[1]).toMatchObject({ articleId: 'a', title: 'Travel mugs', url: 'https://x.example/mugs', id: 'a#1' });
  });

  it('splits an over-long section between paragraphs and keeps link text only', () => {
    const para = (i: number) => `Paragraph ${i} ${'word '.repeat(60)}see [our page](https://x.example/p).`;
    const passages = chunkArticle(article({ body: `## Long\n\n${[1, 2, 3, 4, 5, 6].map(para).join('\n\n')}` }), 700);
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages) {
      expect(p.heading).toBe('Long');
      expect(p.text.length).toBeLessThanOrEqual(700);
      expect(p.text).not.toContain('](');
    }
  });

  it('does not take a # line inside a code fence for a heading', () => {
    const passages = chunkArticle(article({ body: '## Setup\n\n```\n# not a heading\n```\n' }));
    expect(passages.map((p) => p.heading)).toEqual(['Setup']);
  });
});

describe('knowledge folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kb-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads *.md (sub-folders too), never drafts/; a missing folder is empty', async () => {
    await mkdir(path.join(dir, 'drafts'));
    await mkdir(path.join(dir, 'help'));
    await writeFile(path.join(dir, 'a.md'), '---\ntitle: A\n---\nText a.');
    await writeFile(path.join(dir, 'help', 'b.md'), '---\ntitle: B\n---\nText b.');
    await writeFile(path.join(dir, 'drafts', 'c.md'), 'not even front matter');
    await writeFile(path.join(dir, 'notes.txt'), 'ignored');
    expect((await loadArticles(dir)).map((a) => a.id)).toEqual(['a', 'help/b']);
    expect(await loadArticles(path.join(dir, 'missing'))).toEqual([]);
  });

  it('refuses an article over the size cap, naming the file', async () => {
    await writeFile(path.join(dir, 'big.md'), `---\ntitle: Big\n---\n${'x'.repeat(KNOWLEDGE_LIMITS.articleBytes)}`);
    await expect(loadArticles(dir)).rejects.toMatchObject({ source: path.join(dir, 'big.md') });
  });

  it('refuses more articles than the cap', async () => {
    for (let i = 0; i <= KNOWLEDGE_LIMITS.articles; i++) await writeFile(path.join(dir, `a${i}.md`), `---\ntitle: A${i}\n---\nx`);
    await expect(loadArticles(dir)).rejects.toThrow(/at most/);
  });
});

describe('knowledge index (the demo articles)', () => {
  it('answers a shipping question from the shipping article, with its title and link', async () => {
    const index = buildKnowledgeIndex(await loadArticles(DEMO));
    expect(index.size().articles).toBeGreaterThanOrEqual(5);
    const [hit] = index.search('do you ship to Canada?');
    expect(hit).toMatchObject({ articleId: 'shipping-and-delivery', title: 'Shipping and delivery', heading: 'Countries we ship to' });
    expect(hit!.url).toMatch(/^https:/);
    expect(hit!.text).toContain('Canada');
    expect(hit!.confidence).toBeGreaterThan(0.9);
  });

  it('keeps articles limited to other skills out; `other` sees every article', async () => {
    const index = buildKnowledgeIndex(await loadArticles(DEMO));
    expect(index.search('can I pay with paypal', { skill: 'warranty' }).some((h) => h.articleId === 'payment')).toBe(false);
    expect(index.search('can I pay with paypal', { skill: 'other' })[0]?.articleId).toBe('payment');
  });

  it('reads only the work budget of a hostile message', async () => {
    const index = buildKnowledgeIndex(await loadArticles(DEMO));
    const hostile = `do you ship to Canada ${'zzqx '.repeat(50_000)}${'a'.repeat(100_000)} paypal`;
    expect(queryTerms(hostile).length).toBeLessThanOrEqual(TEXT_BUDGET.tokens);
    expect(index.search(hostile)).toEqual(index.search(analysisWindow(hostile)));
    // One 100,000-character "word" is cut to the word budget.
    expect(queryTerms('x'.repeat(100_000))[0]!.length).toBeLessThanOrEqual(TEXT_BUDGET.tokenChars);
    expect(index.search('\u0000'.repeat(10_000))).toEqual([]);
  });
});
