import { z } from 'zod';
import type { KnowledgeBase } from '../core/knowledge.js';
import type { ToolDefinition } from '../core/skill.js';
import { defineTool } from './define-tool.js';

/** Passages per call: enough to answer, few enough to keep the context small. */
const RESULT_LIMIT = 3;
/** Passages covering less of the question than this are noise, not an answer. */
const MIN_CONFIDENCE = 0.25;

/**
 * search_knowledge: the store's help articles (shipping, payment, sizing, care, FAQ...) for
 * the model to look up what the reference data did not bring. Every passage carries its
 * article's title and link, so the reply can cite it and the turn record lists it.
 */
export function searchKnowledgeTool(knowledge: () => KnowledgeBase): ToolDefinition {
  return defineTool({
    name: 'search_knowledge',
    description:
      "Search the store's help articles (shipping and delivery, payment, sizing, product care, FAQ, contact) for store " +
      'information no other tool gives. Returns up to 3 passages with the article title and link; answer only from what they say.',
    args: z.object({
      query: z.string({ error: 'must be a string: the question in a few words' }).trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters').describe('The question, in the customer\'s words or a few keywords.'),
    }),
    async run(args) {
      const hits = knowledge()
        .search(args.query, { limit: RESULT_LIMIT })
        .filter((h) => h.confidence >= MIN_CONFIDENCE);
      if (hits.length === 0) return { found: false, passages: [], note: 'No help article covers this. Do not guess: offer to connect the customer with the team.' };
      return {
        found: true,
        passages: hits.map((h) => ({ article_id: h.articleId, title: h.title, ...(h.url ? { url: h.url } : {}), heading: h.heading, text: h.text })),
      };
    },
  });
}
