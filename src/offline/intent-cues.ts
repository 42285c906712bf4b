import type { CueSection } from '../locale/cue-section.js';
import { compileCue, cueMatches, cueWords, wordsAfter, type CuePattern } from './cue-phrases.js';

/**
 * What a customer asks for, from the cue phrases of every locale pack (`cues:` in
 * locales/<lang>.yaml): a playbook's `intent: [return]` holds when a `return` phrase of any
 * language is in the message and no `not_return` phrase is. The offline responder only ever
 * *does* something (start a return, open a claim) on an explicit request, so the lists are
 * narrow on purpose; everything else gets an explanation and an offer. No words live here.
 */
export interface Cues {
  /** Whether the message asks for `intent` (and does not say `not_<intent>`). */
  has(intent: string, text: string): boolean;
  /** Every intent some pack lists, for checking the playbooks' conditions. */
  names(): string[];
  /** The words of a plain word list of the packs (`service_words`), folded. */
  words(list: string): ReadonlySet<string>;
  /** The words that follow a phrase of `list` in the text (`order_number`: the number after "order number"). */
  after(list: string, text: string): string[];
}

/** Words that may follow an end-anchored phrase ("yes please", "ok thanks"). */
const POLITE = 'polite';
/** Lists of plain words rather than phrases of an intent. */
const WORD_LISTS = new Set([POLITE, 'service_words', 'order_details']);

export function createCues(sections: readonly CueSection[]): Cues {
  const patterns = new Map<string, CuePattern[]>();
  const lists = new Map<string, Set<string>>();
  for (const section of sections) {
    for (const [intent, phrases] of Object.entries(section)) {
      if (WORD_LISTS.has(intent)) {
        const set = lists.get(intent) ?? new Set<string>();
        for (const p of phrases) for (const w of cueWords(p)) set.add(w);
        lists.set(intent, set);
        continue;
      }
      const list = patterns.get(intent) ?? [];
      for (const p of phrases) {
        const c = compileCue(p);
        if (c) list.push(c);
      }
      patterns.set(intent, list);
    }
  }
  const polite: ReadonlySet<string> = lists.get(POLITE) ?? new Set();
  const any = (intent: string, words: readonly string[]): boolean => (patterns.get(intent) ?? []).some((p) => cueMatches(p, words, polite));
  // A turn asks about many intents of one message: its words are made once (the last text's).
  let lastText: string | null = null;
  let lastWords: readonly string[] = [];
  const wordsOf = (text: string): readonly string[] => {
    if (text !== lastText) {
      lastWords = cueWords(text);
      lastText = text;
    }
    return lastWords;
  };
  return {
    has(intent, text) {
      const words = wordsOf(text);
      return any(intent, words) && !any(`not_${intent}`, words);
    },
    names: () => [...patterns.keys()].filter((k) => !k.startsWith('not_')),
    words: (list) => lists.get(list) ?? new Set(),
    after(list, text) {
      const words = wordsOf(text);
      return (patterns.get(list) ?? []).flatMap((p) => wordsAfter(p, words));
    },
  };
}

/** No packs: nothing is recognised (tests of other parts, a store without locales). */
export const noCues: Cues = createCues([]);
