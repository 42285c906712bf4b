import { categoryLabel, categoryWords } from '../category-labels.js';
import { words } from '../../commerce/text-terms.js';
import type { Stemmer } from '../../locale/stemmer.js';
import type { PolicyResult } from '../tool-shapes.js';
import { andWord, listing, type Renderer } from './render-kit.js';
import { DEFAULT_LANGUAGE } from '../templates.js';
import { analysisWindow } from '../../core/text-budget.js';

const stemSet = (text: string, stem: Stemmer): Set<string> => new Set(words(text).map(stem));


/** How many of a rule's words the customer said (stems of four letters or more, not the generic ones). */
function relevance(rule: string, said: ReadonlySet<string>, generic: ReadonlySet<string>, stem: Stemmer): number {
  return [...stemSet(rule, stem)].filter((s) => said.has(s) && s.length > 3 && !generic.has(s)).length;
}

/**
 * The policy rule that mentions most of what the customer talks about ("mattress" -> the sleep
 * trial), the first such in the policy's order; none when no rule does. Each rule is scored
 * once against the customer's words, stemmed once per answer: the sort used to stem the whole
 * message again for every comparison, a cost that grew with the message (issue 14).
 */
function relevant(rules: readonly string[], said: ReadonlySet<string>, generic: ReadonlySet<string>, stem: Stemmer): string[] {
  let best: string | null = null;
  let bestScore = 0;
  for (const rule of rules) {
    const score = relevance(rule, said, generic, stem);
    if (score > bestScore) {
      best = rule;
      bestScore = score;
    }
  }
  return best === null ? [] : [best];
}

/** get_return_policy: the window for the category talked about (or the general policy), with the rules that speak to it. */
export const returnPolicy: Renderer = async ({ turn, result }) => {
  const policy = result as PolicyResult | null;
  const { commerce, conv } = turn;
  if (!policy || !policy.found) return { text: turn.say('policy_unknown') };
  const followUp = conv.text.split(/\s+/).length <= 6 && !turn.cues.has('policy', conv.text);
  // Words every rule shares with every returns question (the packs' service_words) say nothing about which rule applies.
  // Product search's stemmer (the locale packs').
  const { stem } = turn.words;
  const generic = new Set([...turn.cues.words('service_words')].map(stem));
  const context = followUp ? [conv.text, ...conv.earlier.slice(0, 2)].join(' ') : conv.text;
  const vars = {
    refund: turn.say('refund_line', { method: policy.refund_method, days: policy.refund_days }),
    category: policy.category ? categoryLabel(commerce, policy.category, turn.language) : '',
    days: policy.window_days ?? '',
  };
  if (turn.cues.has('refund_status', conv.text)) return { text: turn.say('refund_timing', vars) };
  if (policy.category && policy.returnable === false) {
    return { text: turn.say('not_returnable', { ...vars, reason: policy.non_returnable[0] ?? turn.say('category_not_returnable', vars) }) };
  }
  if (policy.category && policy.returnable_when_opened === false && turn.cues.has('opened', context)) {
    // The store's own rule in its own language; in another language the playbook's sentence says the same.
    const own = policy.opened_rule && (turn.language ?? DEFAULT_LANGUAGE) === DEFAULT_LANGUAGE ? policy.opened_rule.replace(/;\s*(?:sealed|unopened)[^.;]*\.?$/i, '.') : null;
    return { text: turn.say('opened_policy', { ...vars, reason: own ?? turn.say('opened_not_returnable') }) };
  }
  if (policy.category && policy.window_days !== undefined) {
    // The words of the work budget's window (src/core/text-budget.ts), like every step reading customer text.
    const said = stemSet(analysisWindow(context), stem);
    const rules = [...relevant(policy.exceptions, said, generic, stem), ...relevant(policy.non_returnable, said, generic, stem)].join(' ');
    return { text: turn.say('category_policy', { ...vars, rules }) };
  }
  const def = policy.default_window_days ?? 30;
  const different = Object.entries(policy.windows ?? {})
    .filter(([, d]) => d !== def)
    .map(([c, d]) => turn.say('category_days', { category: categoryWords(commerce, c, turn.language), days: d }));
  return {
    text: turn.say('general_policy', {
      ...vars,
      days: def,
      different: different.length ? `(${listing(different, andWord(turn))})` : '',
      rules: policy.non_returnable.slice(0, 2).join(' '),
    }),
  };
};
