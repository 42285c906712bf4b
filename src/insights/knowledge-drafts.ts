import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Topic } from './topics.js';

/**
 * A help-article draft from a topic: the customers' questions and the agents' answers in those
 * conversations, as Markdown for a person to finish. Drafts go to `drafts/` in the store's
 * knowledge folder, marked `draft: true`, so nothing treats them as a finished article.
 */
export interface ArticleDraft {
  file: string;
  markdown: string;
}

const MAX_QUESTIONS = 12;
const MAX_ANSWERS = 12;

export function slugOf(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'topic';
}

export function articleMarkdown(input: {
  topic: Pick<Topic, 'label' | 'terms' | 'size' | 'handoffs'>;
  exchanges: ReadonlyArray<{ question: string; answers: string[] }>;
  agent: string;
  day: string;
  period: { from: string; to: string };
}): string {
  const { topic, exchanges } = input;
  const title = topic.terms.length ? topic.terms.slice(0, 3).map((t, i) => (i === 0 ? t[0]!.toUpperCase() + t.slice(1) : t)).join(', ') : 'Untitled topic';
  const quote = (text: string) => text.replace(/\s+/g, ' ').trim();
  const questions = [...new Set(exchanges.map((e) => quote(e.question)))].slice(0, MAX_QUESTIONS);
  const answers = [...new Set(exchanges.flatMap((e) => e.answers.map(quote)))].slice(0, MAX_ANSWERS);
  const lines = [
    '---',
    `title: ${JSON.stringify(title)}`,
    'draft: true',
    `created: ${input.day}`,
    `createdBy: ${JSON.stringify(input.agent)}`,
    `source: ${JSON.stringify(`insights topic "${topic.label}", ${input.period.from} to ${input.period.to}: about ${topic.size} messages, ${topic.handoffs} handed off`)}`,
    '---',
    '',
    `# ${title}`,
    '',
    '> Draft written from the Insights page. Replace this note and the lists below with the',
    '> answer in your own words; check every fact against the store policies; remove anything',
    '> that identifies a customer. Move the file out of drafts/ when it is ready.',
    '',
    '## What customers ask',
    '',
    ...(questions.length ? questions.map((q) => `- "${q}"`) : ['- (the transcripts of this topic have expired)']),
    '',
    '## What our agents answered',
    '',
    ...(answers.length ? answers.map((a) => `- ${a}`) : ['- No agent replies in these conversations yet: write the answer here.']),
    '',
    '## Answer',
    '',
    'TODO: the article text.',
    '',
  ];
  return lines.join('\n');
}

export async function writeArticleDraft(knowledgeDir: string, name: string, markdown: string): Promise<ArticleDraft> {
  const dir = path.join(knowledgeDir, 'drafts');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${name}.md`);
  // `wx`: never overwrite a draft someone may already be editing.
  await writeFile(file, markdown, { flag: 'wx' });
  return { file, markdown };
}
