import { z } from 'zod';

/** Limits on the knowledge folder: an article set is data a retailer edits, so everything that grows is capped. */
export const KNOWLEDGE_LIMITS = {
  /** Articles loaded from one folder. */
  articles: 200,
  /** Bytes of one article file. */
  articleBytes: 64 * 1024,
  /** Characters of one passage: a longer section is split between paragraphs. */
  passageChars: 1200,
  /** Passages in the whole index. */
  passages: 4000,
} as const;

/** A skill id as skills/ spells them. */
const skillId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a skill id (lower case letters, digits and _)');

/**
 * The YAML front matter of an article. Strict: a misspelt key (`titel`) is an error, not a
 * silently missing title. Drafts (`draft: true`, or anything under drafts/) are never loaded.
 */
export const articleFrontMatterSchema = z.strictObject({
  title: z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') }).trim().min(1, 'is required').max(200),
  /** Where the article lives on the store's site; the offline answer links to it. */
  url: z
    .string()
    .trim()
    .max(500)
    .refine((u) => /^https?:\/\/\S+$/i.test(u) || /^\/\S*$/.test(u), 'must be an http(s) URL or a path starting with /')
    .optional(),
  /** Skills whose turns may use the article; absent: every skill. `other` sees every article. */
  skills: z.array(skillId).min(1).max(20).optional(),
  draft: z.literal(false).optional(),
});

export type ArticleFrontMatter = z.infer<typeof articleFrontMatterSchema>;

/** One article after validation. */
export interface Article extends ArticleFrontMatter {
  /** The file's name without `.md`, relative to the folder (`shipping`, `help/sizing`). */
  id: string;
  /** The Markdown body after the front matter. */
  body: string;
}
