import type { CueSection } from '../locale/cue-section.js';
import { compileCue, cueMatches, cueWords, type CuePattern } from './cue-phrases.js';

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
}

/** Words that may follow an end-anchored phrase ("yes please", "ok thanks"). */
const POLITE = 'polite';

export function createCues(sections: readonly CueSection[]): Cues {
  const patterns = new Map<string, CuePattern[]>();
  const polite = new Set<string>();
  for (const section of sections) {
    for (const [intent, phrases] of Object.entries(section)) {
      if (intent === POLITE) {
        for (const p of phrases) for (const w of cueWords(p)) polite.add(w);
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
  const any = (intent: string, words: readonly string[]): boolean => (patterns.get(intent) ?? []).some((p) => cueMatches(p, words, polite));
  return {
    has(intent, text) {
      const words = cueWords(text);
      return any(intent, words) && !any(`not_${intent}`, words);
    },
    names: () => [...patterns.keys()].filter((k) => !k.startsWith('not_')),
  };
}

/** No packs: nothing is recognised (tests of other parts, a store without locales). */
export const noCues: Cues = createCues([]);
