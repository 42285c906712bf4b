import { sourcesOf, type ArticleSource, type KnowledgeBase, type KnowledgeHit } from '../core/knowledge.js';
import { OUT_OF_SCOPE } from '../core/skill.js';
import { repositoryKnowledgeTerms, type KnowledgeTerms } from './knowledge-terms.js';

/**
 * When a passage is confident enough to be the offline answer. Measured on our own questions
 * (test/knowledge/offline-threshold.test.ts): for `other`, half of what the message asks must
 * be in the passage; a skill with its own data and tools answers itself unless the passage
 * covers most of the message and its heading names what was asked, since the skill's own
 * words ("return window") also appear in articles about something else.
 */
export const OFFLINE_CONFIDENCE = { other: 0.5, skill: 0.75 } as const;

/** Characters of a passage quoted at most; a longer one is cut at a sentence end. */
const QUOTE_CHARS = 700;

export interface KnowledgeAnswer {
  text: string;
  sources: ArticleSource[];
}

function headingNamesIt(hit: KnowledgeHit, asked: ReadonlySet<string>, terms: KnowledgeTerms): boolean {
  return terms.passageTerms(hit.heading).some((t) => asked.has(t));
}

/**
 * For `other`: the best passage is about what was asked even below the threshold when its
 * heading names an asked word and every asked word it lacks is one no article mentions at
 * all ("do you ship to <a country the articles never name>?" meets "Where we ship", which
 * says where the store does ship). A word some other passage has means the message is about
 * something else, so it still counts against the passage.
 */
function namesTopic(h: KnowledgeHit, best: KnowledgeHit, asked: ReadonlySet<string>, terms: KnowledgeTerms): boolean {
  if (h !== best || h.confidence <= 0 || !headingNamesIt(h, asked, terms)) return false;
  const missing = h.missing ?? [];
  const unseen = new Set(h.unseen ?? []);
  return missing.length < asked.size && missing.every((t) => unseen.has(t));
}

/** The passage to answer with, or null when none is confident for this skill. */
export function confidentPassage(knowledge: KnowledgeBase, skill: string, text: string): KnowledgeHit | null {
  const hits = knowledge.search(text, { skill, limit: 3 });
  if (hits.length === 0) return null;
  const terms = knowledge.terms ?? repositoryKnowledgeTerms();
  const asked = new Set(terms.queryTerms(text));
  let best: KnowledgeHit | null = null;
  for (const h of hits) {
    const ok = skill === OUT_OF_SCOPE ? h.confidence >= OFFLINE_CONFIDENCE.other || namesTopic(h, hits[0]!, asked, terms) : h.confidence >= OFFLINE_CONFIDENCE.skill && headingNamesIt(h, asked, terms);
    if (ok && (!best || h.confidence > best.confidence)) best = h;
  }
  return best;
}

function quote(text: string): string {
  let cut = text;
  if (cut.length > QUOTE_CHARS) {
    const end = cut.lastIndexOf('. ', QUOTE_CHARS);
    cut = end > QUOTE_CHARS / 3 ? cut.slice(0, end + 1) : `${cut.slice(0, QUOTE_CHARS).trimEnd()}…`;
  }
  return cut
    .split('\n')
    .map((line) => (line.trim() ? `> ${line}` : '>'))
    .join('\n');
}

/**
 * The offline answer from the help articles: the passage quoted, with its article's title and
 * link. Null when no passage is confident, so the skill's own offline answer runs instead.
 */
export function knowledgeAnswer(input: { knowledge: KnowledgeBase; skill: string; text: string }): KnowledgeAnswer | null {
  const hit = confidentPassage(input.knowledge, input.skill, input.text);
  return hit ? quotedAnswer(hit) : null;
}

/** A passage as the offline answer: quoted, with its article's title, section and link. */
export function quotedAnswer(hit: KnowledgeHit): KnowledgeAnswer {
  const section = hit.heading !== hit.title ? ` (${hit.heading})` : '';
  const lines = [`Here is what our help article "${hit.title}"${section} says:`, '', quote(hit.text)];
  if (hit.url) lines.push('', `Read more: ${hit.url}`);
  return { text: lines.join('\n'), sources: sourcesOf([hit]) };
}
