import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../core/errors.js';
import { isIgnoredFile } from '../skills/skill-files.js';
import { KNOWLEDGE_LIMITS, type Article } from './article-schema.js';
import { parseArticle } from './front-matter.js';

/** Folders under knowledge/ that never hold finished articles (the Insights page writes drafts there). */
export const UNLOADED_KNOWLEDGE_FOLDERS: ReadonlySet<string> = new Set(['drafts']);

/** The `*.md` files under `dir` (sub-folders too, drafts/ left out), relative with `/`, sorted; a missing dir is empty. */
export async function articleFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return;
      throw err;
    }
    for (const e of entries) {
      if (isIgnoredFile(e.name)) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (depth < 3 && !UNLOADED_KNOWLEDGE_FOLDERS.has(e.name)) await walk(child, depth + 1);
      } else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) {
        out.push(child);
        // Stop listing early: the count is refused below anyway.
        if (out.length > KNOWLEDGE_LIMITS.articles) return;
      }
    }
  }
  await walk('', 0);
  return out.sort();
}

/**
 * Reads and validates every article in the store's knowledge folder. A problem in any file
 * rejects the whole set (a reload then keeps the last good one), with the file and field named.
 */
export async function loadArticles(dir: string): Promise<Article[]> {
  const files = await articleFiles(dir);
  if (files.length > KNOWLEDGE_LIMITS.articles) {
    throw new ConfigError(dir, `more than ${KNOWLEDGE_LIMITS.articles} articles; the knowledge folder holds at most ${KNOWLEDGE_LIMITS.articles}`);
  }
  const articles: Article[] = [];
  for (const rel of files) {
    const file = path.join(dir, rel);
    const { size } = await stat(file);
    if (size > KNOWLEDGE_LIMITS.articleBytes) {
      throw new ConfigError(file, `the article is ${Math.ceil(size / 1024)} KB; an article is at most ${KNOWLEDGE_LIMITS.articleBytes / 1024} KB (split it)`);
    }
    const text = await readFile(file, 'utf8');
    const { article } = parseArticle(file, rel.slice(0, -'.md'.length), text);
    if (article) articles.push(article);
  }
  return articles;
}
