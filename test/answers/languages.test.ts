import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateAnswers } from '../../src/cli/eval-answers.js';

/**
 * `npm run eval -- answers --offline --data test/answers/languages/<file>`: customers writing in
 * Spanish, German and French, answered by the offline responder through the real engine. Each
 * case checks the reply's facts and that no English is left where the locale pack has the text.
 * languages.jsonl was tuned on; languages-heldout.jsonl was written before any change and read
 * once at the end. What still fails, and why, is in the floors' notes.
 */
const dir = path.join(import.meta.dirname, 'languages');

// Floors are cases passed (of 21 and of 12). December 7, integ -> h-lang3: tuning 8/21 -> 19/21 (17/21 on integ before the cases checked
// ratings, German dates, quoted words, wireless and category names). Left: de-tents-plural
// ("Habt ihr Zelte für vier Personen?" routed to `other`: src/router) and fr-cancel-guest-verify
// turn 2 (the store's refund method is quoted from returns-policy.yaml, in English).
const TUNING_MIN = 19;
// Held-out, read once at the end: 9/12 -> 10/12. Left, both routing (src/router): de-h-cancel-yes
// ("stornieren ... falsche Spielzeug bestellt" routed to returns) and fr-h-shoes-window (a
// clarifying question between returns and products).
const HELD_OUT_MIN = 10;
// Fixed by this branch; each failed before: the identity step's replies in the customer's
// language, an order's item named in the customer's words, a rating written as the language
// writes numbers ("4,6/5"), German "bis zum {date}", no catalog word quoted as the customer's
// ("coincide con \"blender\""), "sans fil" / "ohne Kabel" read as wireless, not "fill".
const MUST_PASS = [
  'es-warranty-guest-verify',
  'de-return-guest-verify-yes',
  'es-blender-budget-words',
  'es-kettles-plural-no-accents',
  'de-kettle-budget',
  'fr-mattress-budget',
  'de-status-shipped',
  'fr-earbuds-plural',
  'de-vacuums-first',
  // A category named in the customer's language (catalog.yaml `labels`).
  'es-return-signed-in-yes',
  'fr-return-signed-in-yes',
];

describe('answers in Spanish, German and French, offline', () => {
  it('tuning cases', async () => {
    const { summary, lines } = await evaluateAnswers({ data: [path.join(dir, 'languages.jsonl')], offline: true });
    expect(summary.mode).toBe('offline');
    const failing = lines.filter((l) => l.startsWith('FAIL')).join('\n');
    expect(lines.filter((l) => l.startsWith('PASS')).length, failing).toBeGreaterThanOrEqual(TUNING_MIN);
    const passed = new Set(lines.filter((l) => l.startsWith('PASS')).map((l) => l.trim().split(/\s+/).at(-1)));
    for (const id of MUST_PASS) expect(passed.has(id), `${id}\n${failing}`).toBe(true);
  }, 60_000);

  it('held-out cases', async () => {
    const { summary, lines } = await evaluateAnswers({ data: [path.join(dir, 'languages-heldout.jsonl')], offline: true });
    expect(summary.mode).toBe('offline');
    expect(lines.filter((l) => l.startsWith('PASS')).length, lines.filter((l) => l.startsWith('FAIL')).join('\n')).toBeGreaterThanOrEqual(HELD_OUT_MIN);
  }, 60_000);
});
