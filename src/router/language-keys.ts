import { TEXT_BUDGET } from '../core/text-budget.js';
import { fold } from '../locale/fold.js';
import { keysByLanguageStem, phrasesByLanguageStem, stemPhrasesIn, type LanguageStemmers } from '../locale/language-stemmers.js';

/**
 * The message as the router reads it in its language: a word that is another form of a
 * synonym key the lexicon reads as an object ("Uhren", "relojes", "manteaux" of "uhr", "reloj",
 * "manteau") is read as the key. The router's own stemming is the packs' suffix rules, tried
 * for every message whatever its language (English's only, so far), which leave these plurals
 * apart from their singulars; the language's Snowball stemmer (`stemming: snowball`) joins them,
 * and runs only for a message detected in that language, as product search does
 * (src/commerce/product-search.ts). A message without a language, in the default one, or in a
 * language without a stemmer is returned as it came (the same string).
 */
export type LanguageKeyReader = (text: string, language: string | null | undefined) => string;

/** A word as keys and message words are compared: folded, ß as ss. */
const foldWord = (w: string): string => fold(w.replace(/ß/g, 'ss'));

/** Letters and their marks: a word as the stemmer takes it. A module constant: built once. */
const WORD = /[\p{L}\p{M}]+/gu;

/**
 * `keys`: the synonym keys the lexicon reads as objects (a key of several words, "tienda de
 * campana", is met word by word: "tiendas de campaña"); `known`: every word the lexicon reads
 * (such a word is read as it is, never as a single-word key).
 */
export function languageKeyReader(keys: Iterable<string>, known: ReadonlySet<string>, stemmers: LanguageStemmers, defaultLanguage: string): LanguageKeyReader {
  const all = [...keys].filter((k) => k.trim().length > 0);
  const list = all.filter((k) => !k.includes(' '));
  const knownFolded = new Set<string>();
  for (const w of known) knownFolded.add(foldWord(w));
  // Keys are stemmed as message words are, folded ("écouteur" as "ecouteur"): the stemmers keep
  // accents, and a message's word is folded before its stem is looked up.
  const byLanguage = keysByLanguageStem(stemmers, list.map((key) => [foldWord(key), key] as const), defaultLanguage);
  const phrases = all.filter((k) => k.includes(' ')).map((key) => [key.split(' ').filter((w) => w.length > 0).map(foldWord), key] as const);
  const phrasesByLanguage = phrasesByLanguageStem(stemmers, phrases, defaultLanguage);
  if (byLanguage.size === 0 && phrasesByLanguage.size === 0) return (text) => text;
  return (text, language) => {
    const own = language ? byLanguage.get(language) : undefined;
    const ownPhrases = language ? phrasesByLanguage.get(language) : undefined;
    if (!own && !ownPhrases) return text;
    // The words the router reads: the first routingWords of the analysis window.
    const end = Math.min(text.length, TEXT_BUDGET.analysisChars);
    const starts: number[] = [];
    const ends: number[] = [];
    /** Each word folded; null when longer than any key (never folded, stemmed nor cached). */
    const folded: Array<string | null> = [];
    WORD.lastIndex = 0;
    for (let m = WORD.exec(text); m !== null && m.index < end && folded.length < TEXT_BUDGET.routingWords; m = WORD.exec(text)) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
      // No key is longer than a token (TEXT_BUDGET.tokenChars): a longer word is neither folded, stemmed nor cached.
      folded.push(m[0].length > 2 * TEXT_BUDGET.tokenChars ? null : foldWord(m[0]));
    }
    WORD.lastIndex = 0;
    // Phrase keys first, word by word in the language's stems, then single words outside them.
    const found = ownPhrases
      ? stemPhrasesIn(folded.map((w) => (w === null || w.length > TEXT_BUDGET.tokenChars ? '' : ownPhrases.stem(w))), ownPhrases.byFirst)
      : [];
    let out = '';
    let from = 0;
    let next = 0;
    for (let i = 0; i < folded.length; i++) {
      const phrase = found[next];
      if (phrase && phrase.at === i) {
        next++;
        i += phrase.length - 1;
        if (folded.slice(phrase.at, i + 1).join(' ') === phrase.value.split(' ').map(foldWord).join(' ')) continue;
        out += `${text.slice(from, starts[phrase.at])}${phrase.value}`;
        from = ends[i]!;
        continue;
      }
      const word = folded[i];
      if (!own || word === null || word === undefined || word.length < 3 || word.length > TEXT_BUDGET.tokenChars || knownFolded.has(word)) continue;
      const key = own.keys.get(own.stem(word));
      if (key === undefined || foldWord(key) === word) continue;
      out += `${text.slice(from, starts[i])}${key}`;
      from = ends[i]!;
    }
    return from === 0 ? text : out + text.slice(from);
  };
}
