import { fold } from '../commerce/text-terms.js';
import { analysisWindow, TEXT_BUDGET } from '../core/text-budget.js';

/**
 * Cue phrases (locale packs' `cues` sections, syntax in src/locale/cue-section.ts) compiled to
 * word patterns and matched on a message's words. Work is bounded: a message is read up to
 * the text budget's word count, a phrase has at most 10 parts with at most one gap and three
 * optional parts, so one phrase costs at most words x a small constant.
 */

/** One word of a phrase: a whole word, a word starting with a stem (`leak*`) or ending with one (`*ing`). */
interface WordTest {
  text: string;
  at: 'whole' | 'start' | 'end';
}

type Part = { kind: 'words'; options: readonly WordTest[]; optional: boolean } | { kind: 'any' } | { kind: 'gap' };

export interface CuePattern {
  parts: readonly Part[];
  start: boolean;
  end: boolean;
}

const MAX_PARTS = 10;
const MAX_GAP = 6;
const MAX_OPTIONAL = 3;

/**
 * A message's words: folded, apostrophes unified, everything but letters, digits, ' and - a
 * separator. The last text's words are kept: one turn asks for the same message's words from
 * the intent checks and from every product guess (several per step), and each time folded and
 * split its whole analysis window again. Shared, so read-only.
 */
export function cueWords(text: string): readonly string[] {
  if (text === lastText) return lastWords;
  const words = fold(analysisWindow(text))
    .replace(/[’`]/g, "'")
    .split(/[^\p{L}\p{N}'-]+/u)
    .filter((w) => w !== '' && w !== "'" && w !== '-')
    .slice(0, TEXT_BUDGET.tokens)
    .map((w) => w.slice(0, TEXT_BUDGET.tokenChars));
  lastText = text;
  lastWords = words;
  return words;
}

let lastText: string | null = null;
let lastWords: readonly string[] = [];

/** One phrase compiled, or null when it breaks the limits (the pack test reports those). */
export function compileCue(phrase: string): CuePattern | null {
  let text = fold(phrase.trim()).replace(/[’`]/g, "'");
  const start = text.startsWith('^');
  if (start) text = text.slice(1);
  const end = text.endsWith('$');
  if (end) text = text.slice(0, -1);
  const parts: Part[] = [];
  for (const raw of text.split(/\s+/).filter(Boolean)) {
    if (raw === '..') parts.push({ kind: 'gap' });
    else if (raw === '*') parts.push({ kind: 'any' });
    else {
      const optional = raw.startsWith('[') && raw.endsWith(']');
      const body = optional ? raw.slice(1, -1) : raw;
      const options = body
        .split('|')
        .filter((o) => o.replace(/\*/g, '') !== '')
        .map((o): WordTest => (o.endsWith('*') ? { text: o.slice(0, -1), at: 'start' } : o.startsWith('*') ? { text: o.slice(1), at: 'end' } : { text: o, at: 'whole' }));
      if (options.length) parts.push({ kind: 'words', options, optional });
    }
  }
  const gaps = parts.filter((p) => p.kind === 'gap').length;
  const optionals = parts.filter((p) => p.kind === 'words' && p.optional).length;
  if (parts.length === 0 || parts.length > MAX_PARTS || gaps > 1 || optionals > MAX_OPTIONAL) return null;
  return { parts, start, end };
}

function wordMatches(t: WordTest, w: string): boolean {
  if (t.at === 'whole') return w === t.text;
  if (t.at === 'start') return w.startsWith(t.text);
  return w.length > t.text.length && w.endsWith(t.text);
}

function partMatches(p: Part, w: string): boolean {
  return p.kind === 'words' ? p.options.some((o) => wordMatches(o, w)) : true;
}

/** Whether the pattern matches `words` from part `pi` at word `wi`; returns the end word index or -1. */
function matchFrom(parts: readonly Part[], pi: number, words: readonly string[], wi: number): number {
  if (pi === parts.length) return wi;
  const p = parts[pi]!;
  if (p.kind === 'gap') {
    for (let skip = 0; skip <= MAX_GAP && wi + skip <= words.length; skip++) {
      const end = matchFrom(parts, pi + 1, words, wi + skip);
      if (end >= 0) return end;
    }
    return -1;
  }
  if (wi < words.length && partMatches(p, words[wi]!)) {
    const end = matchFrom(parts, pi + 1, words, wi + 1);
    if (end >= 0) return end;
  }
  return p.kind === 'words' && p.optional ? matchFrom(parts, pi + 1, words, wi) : -1;
}

/** The word right after each place the pattern matches ("order number is 10039" -> "10039"). */
export function wordsAfter(pattern: CuePattern, words: readonly string[]): string[] {
  const out: string[] = [];
  const last = pattern.start ? 0 : words.length - 1;
  for (let i = 0; i <= Math.max(0, last); i++) {
    const end = matchFrom(pattern.parts, 0, words, i);
    if (end >= 0 && end < words.length) out.push(words[end]!);
  }
  return out;
}

/** Whether the pattern is in the message's words; after an end-anchored one only `polite` words may follow. */
export function cueMatches(pattern: CuePattern, words: readonly string[], polite: ReadonlySet<string>): boolean {
  const last = pattern.start ? 0 : words.length - 1;
  for (let i = 0; i <= Math.max(0, last); i++) {
    const end = matchFrom(pattern.parts, 0, words, i);
    if (end < 0) continue;
    if (!pattern.end) return true;
    if (words.slice(end).every((w) => polite.has(w))) return true;
  }
  return false;
}
