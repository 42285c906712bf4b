import type { Article } from './article-schema.js';
import { KNOWLEDGE_LIMITS } from './article-schema.js';

/** One indexed passage: a section of an article (or part of a long one). */
export interface Passage {
  /** `<articleId>#<n>`: unique in the index. */
  id: string;
  articleId: string;
  title: string;
  url?: string;
  /** Skills the article is limited to; absent: every skill. */
  skills?: readonly string[];
  /** The section heading (the article's title for the text before the first heading). */
  heading: string;
  text: string;
}

/** `## Delivery times ##` -> [2, 'Delivery times']; null when the line is no ATX heading. Plain string work, no regex. */
function headingOf(line: string): [number, string] | null {
  let level = 0;
  while (level < line.length && line[level] === '#') level++;
  if (level === 0 || level > 6) return null;
  const next = line[level];
  if (next !== ' ' && next !== '\t') return null;
  let text = line.slice(level).trim();
  while (text.endsWith('#')) text = text.slice(0, -1);
  text = text.trim();
  return text ? [level, text] : null;
}

/** A line that starts a list item ("- ", "* ", "+ ", "1. "): kept on its own line. */
function isListItem(line: string): boolean {
  const t = line.trimStart();
  if (t.startsWith('- ') || t.startsWith('* ') || t.startsWith('+ ')) return true;
  let i = 0;
  while (i < t.length && i < 4 && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++;
  return i > 0 && (t[i] === '.' || t[i] === ')') && t[i + 1] === ' ';
}

/** Hard-wrapped paragraph lines joined into one line each; list items stay separate. */
function unwrap(text: string): string {
  return text
    .split('\n\n')
    .map((para) => {
      const lines: string[] = [];
      for (const line of para.split('\n')) {
        if (lines.length && lines[lines.length - 1]!.trim() && line.trim() && !isListItem(line)) lines[lines.length - 1] += ` ${line.trim()}`;
        else lines.push(line.trimEnd());
      }
      return lines.join('\n');
    })
    .join('\n\n');
}

/** Markdown reduced to what a person reads: link text without the target, no emphasis marks, paragraphs unwrapped. */
export function plainText(markdown: string): string {
  return unwrap(markdown)
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/\*\*|__|`/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Splits a long section between paragraphs (a single over-long paragraph between words). */
function pieces(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let current = '';
  for (const para of text.split('\n\n')) {
    let p = para;
    while (p.length > max) {
      const cut = p.lastIndexOf(' ', max);
      const at = cut > max / 2 ? cut : max;
      if (current) {
        out.push(current);
        current = '';
      }
      out.push(p.slice(0, at).trim());
      p = p.slice(at).trim();
    }
    if (!p) continue;
    if (current && current.length + 2 + p.length > max) {
      out.push(current);
      current = p;
    } else current = current ? `${current}\n\n${p}` : p;
  }
  if (current) out.push(current);
  return out;
}

/**
 * An article as passages, one per heading (any level): the heading says what the passage is
 * about, so a search hit can be quoted on its own. Text before the first heading is filed
 * under the article's title; a top-level heading that only repeats the title adds nothing.
 */
export function chunkArticle(article: Article, maxChars: number = KNOWLEDGE_LIMITS.passageChars): Passage[] {
  const sections: Array<{ heading: string; lines: string[] }> = [{ heading: article.title, lines: [] }];
  let fence = false;
  for (const line of article.body.split('\n')) {
    const trimmed = line.trimEnd();
    if (trimmed.startsWith('```') || trimmed.startsWith('~~~')) fence = !fence;
    const h = fence ? null : headingOf(trimmed);
    if (h) sections.push({ heading: h[1], lines: [] });
    else sections.at(-1)!.lines.push(trimmed);
  }
  const out: Passage[] = [];
  for (const s of sections) {
    const text = plainText(s.lines.join('\n'));
    if (!text) continue;
    for (const piece of pieces(text, maxChars)) {
      out.push({
        id: `${article.id}#${out.length}`,
        articleId: article.id,
        title: article.title,
        ...(article.url ? { url: article.url } : {}),
        ...(article.skills ? { skills: article.skills } : {}),
        heading: plainText(s.heading),
        text: piece,
      });
    }
  }
  return out;
}
