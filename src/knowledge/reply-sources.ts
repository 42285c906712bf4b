import type { ToolCallRecord } from '../core/conversation.js';
import { sourcesOf, type ArticleSource } from '../core/knowledge.js';
import type { AssembledPrompt } from '../core/skill.js';

/** A search_knowledge result passage, read defensively (a stored record is untyped JSON). */
function toolPassages(record: ToolCallRecord): ArticleSource[] {
  if (record.name !== 'search_knowledge' || !record.ok) return [];
  const passages = (record.result as { passages?: unknown } | null)?.passages;
  if (!Array.isArray(passages)) return [];
  const out: ArticleSource[] = [];
  for (const p of passages.slice(0, 10)) {
    const o = p as Record<string, unknown>;
    if (typeof o.article_id !== 'string' || typeof o.title !== 'string') continue;
    out.push({
      articleId: o.article_id,
      title: o.title,
      ...(typeof o.url === 'string' ? { url: o.url } : {}),
      ...(typeof o.heading === 'string' ? { heading: o.heading } : {}),
    });
  }
  return out;
}

/** The help-article sources of a model reply: the passages its prompt carried and those its search_knowledge calls returned. */
export function replySources(prompt: Pick<AssembledPrompt, 'sources'>, tools: readonly ToolCallRecord[]): ArticleSource[] {
  return sourcesOf([...(prompt.sources ?? []), ...tools.flatMap(toolPassages)]);
}
