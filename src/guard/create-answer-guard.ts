import type { Commerce } from '../core/commerce.js';
import type { AnswerGuard, GuardVerdict, ToolRegistry } from '../core/skill.js';
import { createGroundingCheck } from './grounding-guard.js';
import { checkInjectionCompliance } from './injection-guard.js';
import { createLeakCheck } from './leak-guard.js';
import { turnGrounding } from './turn-grounding.js';
import { maskCustomerQuotes } from './customer-quotes.js';
import { repositoryFactWords, type FactWords } from '../locale/fact-words.js';
import { repositoryGuardPhrases, type GuardPhrases } from '../locale/guard-section.js';

export interface AnswerGuardOptions {
  commerce: Commerce;
  tools: ToolRegistry;
  /**
   * The locale packs' fact words (month names, time units, vague category words: every loaded
   * pack's together, see src/locale/fact-words.ts); default: the repository's locales/.
   */
  words?: FactWords;
  /** The locale packs' guard phrases (src/locale/guard-section.ts); default: the repository's locales/. */
  phrases?: GuardPhrases;
}

/**
 * The answer guard the engine runs on every model reply before it is sent: injection
 * compliance first (the most serious), then leaks, then grounding. All checks are local
 * and deterministic (no model call), so the guard costs microseconds, not tokens. The
 * problems of every failing check go back to the model in one correction note.
 */
export function createAnswerGuard(opts: AnswerGuardOptions): AnswerGuard {
  const words = opts.words ?? repositoryFactWords();
  const grounding = createGroundingCheck({ commerce: opts.commerce, words });
  const phrases = opts.phrases ?? repositoryGuardPhrases();
  const leak = createLeakCheck({ commerce: opts.commerce, tools: opts.tools, phrases, words });
  return {
    async check(input): Promise<GuardVerdict> {
      if (!input.reply.trim()) return { ok: true, problems: [] };
      // The packs' phrases, found in one pass for the injection and the leak check.
      const found = phrases.find(input.reply);
      const injection = checkInjectionCompliance(input, phrases, found);
      // What the prompt and tool results establish, read once for both checks (it scans the
      // system prompt, reference data and the customer's text).
      const g = turnGrounding(input, words);
      // The reply without its verbatim quotes of the customer, for the checks that read claims (customer-quotes.ts).
      const own = maskCustomerQuotes(input.reply, g.customer);
      const leaks = await leak(input, g, own, found);
      const facts = await grounding(input, g, own);
      const problems = [...injection, ...leaks, ...facts];
      if (problems.length === 0) return { ok: true, problems: [] };
      const kind = injection.length ? 'injection' : leaks.length ? 'leak' : 'grounding';
      return { ok: false, problems, kind };
    },
  };
}
