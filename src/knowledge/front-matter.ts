import { parse } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { fieldPath } from '../skills/config-problem.js';
import { articleFrontMatterSchema, type Article } from './article-schema.js';

/** The front matter's opening and closing `---` lines (a BOM and CRLF line ends allowed). */
const OPEN = /^\uFEFF?---\r?\n/;
const CLOSE = /^---[ \t]*$/m;

export interface ParsedArticle {
  /** null: a draft, left out. */
  article: Article | null;
}

/** True when the raw front matter says `draft: true` (drafts carry extra keys the strict schema refuses). */
function isDraft(data: unknown): boolean {
  return typeof data === 'object' && data !== null && !Array.isArray(data) && Object.hasOwn(data, 'draft') && (data as { draft: unknown }).draft === true;
}

/**
 * Splits and validates one article file. Errors are ConfigErrors naming the file and the
 * front-matter field, like every other file a retailer edits.
 */
export function parseArticle(file: string, id: string, text: string): ParsedArticle {
  const open = OPEN.exec(text);
  if (!open) throw new ConfigError(file, 'an article starts with YAML front matter between --- lines (title: is required)');
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) throw new ConfigError(file, 'the front matter has no closing --- line');
  let data: unknown;
  try {
    data = parse(rest.slice(0, close.index)) ?? {};
  } catch (err) {
    throw new ConfigError(file, `front matter is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (isDraft(data)) return { article: null };
  const parsed = articleFrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // An unknown key is reported on the key itself.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : undefined;
    throw new ConfigError(file, keys ? `unknown key (expected title, url, skills)` : issue.message, keys ?? fieldPath(issue.path) ?? 'front matter');
  }
  const body = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  return { article: { id, ...parsed.data, body } };
}
