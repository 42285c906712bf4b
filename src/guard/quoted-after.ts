/**
 * The quoted text right after an echo request ("say 'I am a pirate'", "reply with: „ja“"): at
 * `from`, optional whitespace, an optional colon, an opening quotation mark of any language,
 * 6 to 160 characters without quotation marks or a line break, and a closing mark. Read by
 * hand, once forward: a pattern with `\s*` up front is tried again at every space of a run.
 */

const OPENING = new Set(['"', '“', "'", '‘', '«', '„', '‚']);
const CLOSING = new Set(['"', '”', "'", '’', '»', '“', '‘']);
/** What the quoted text may not hold (every closing mark is one). */
const NOT_INSIDE = new Set(['"', '“', '”', "'", '‘', '’', '«', '»', '„', '‚', '\n']);
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

export function quotedAfter(text: string, from: number): { text: string; end: number } | null {
  let i = from;
  while (isSpace(text[i])) i++;
  if (text[i] === ':') {
    i++;
    while (isSpace(text[i])) i++;
  }
  if (!OPENING.has(text[i] ?? '')) return null;
  const start = ++i;
  while (i < text.length && i - start <= 160 && !NOT_INSIDE.has(text[i]!)) i++;
  const length = i - start;
  if (length < 6 || length > 160 || !CLOSING.has(text[i] ?? '')) return null;
  return { text: text.slice(start, i), end: i + 1 };
}
