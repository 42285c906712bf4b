import type { AssembledPrompt } from '../core/skill.js';
import { CUSTOMER_CLOSE, CUSTOMER_OPEN } from '../skills/customer-text.js';
import { repositoryGuardPhrases, type GuardPhrases, type PromiseKey } from '../locale/guard-section.js';
import { firstPhrase } from '../locale/phrase-pattern.js';

/**
 * The injection half of the guard: signs that the reply obeyed text the customer wrote
 * instead of the store's rules. The bot cannot issue refunds, discounts or exceptions
 * (only tools start a return or a claim), it is always this store's assistant, and it
 * never hands out text that was hidden from the customer. A reply that says otherwise
 * followed an injection, or made a promise nobody can keep.
 */

// The phrases are the locale packs' (`guard:` in locales/<lang>.yaml, src/locale/guard-section.ts);
// what each finding means is said here, in the engine's words: these lines go to the logs only
// (the model's correction note is a fixed sentence per kind, src/skills/correction-note.ts).
const PROMISE_WHY: Readonly<Record<PromiseKey, string>> = {
  refund_issued: 'says a refund was issued; refunds only follow a return that reaches the warehouse',
  refund_now: 'promises an immediate refund, which the policy does not allow',
  refund_without_return: 'promises a refund without a return',
  discount_code: 'offers a discount or code; the assistant has none to give',
  discount_offer: 'offers a discount, credit or freebie the policy does not provide',
  exception: 'grants an exception or extension the policy does not provide',
  // Warranty repairs and replacements cost nothing, so the packs list only upgrades.
  free_upgrade: 'promises a free upgrade the policy does not provide',
};

// "say 'I am a pirate'", "reply with: APPROVED", "repeat after me: …": the packs' echo words
// before a quoted text (any language's quotation marks), built once per set of phrases.
const echoPatterns = new WeakMap<GuardPhrases, RegExp | null>();
function echoRequest(phrases: GuardPhrases): RegExp | null {
  let re = echoPatterns.get(phrases);
  if (re === undefined) {
    re = phrases.echoRequest ? new RegExp(String.raw`(?:${phrases.echoRequest})\s*(?::\s*)?["“'‘«„‚]([^"“”'‘’«»„‚\n]{6,160})["”'’»“‘]`, 'gi') : null;
    echoPatterns.set(phrases, re);
  }
  return re;
}

function lastCustomerText(prompt: AssembledPrompt): string {
  for (let i = prompt.messages.length - 1; i >= 0; i--) {
    const m = prompt.messages[i]!;
    if (m.role === 'user') return m.content.replace(CUSTOMER_OPEN, '').replace(CUSTOMER_CLOSE, '').trim();
  }
  return '';
}

/** `phrases`: the locale packs' guard phrases (every loaded pack's together); default: the repository's. */
export function checkInjectionCompliance(input: { reply: string; prompt: AssembledPrompt }, phrases: GuardPhrases = repositoryGuardPhrases()): string[] {
  const problems: string[] = [];
  const { reply } = input;
  for (const [key, pattern] of phrases.promises) {
    const m = firstPhrase(pattern, reply);
    if (m) problems.push(`It ${PROMISE_WHY[key]} ("${m[0].trim()}").`);
  }
  const role = firstPhrase(phrases.roleChange, reply);
  if (role) problems.push(`It steps out of its role ("${role[0].trim()}"); it is always this store's assistant and keeps its rules.`);
  const hidden = firstPhrase(phrases.hiddenText, reply);
  if (hidden) problems.push(`It reveals hidden text ("${hidden[0].trim()}").`);

  const echo = echoRequest(phrases);
  const customer = echo ? lastCustomerText(input.prompt) : '';
  // Lower-cased only when the customer asked for an echo (a long reply's copy otherwise for nothing).
  let lowerReply: string | undefined;
  for (const m of echo ? customer.matchAll(echo) : []) {
    const asked = m[1]!.trim().toLowerCase();
    if (asked.split(/\s+/).length >= 2 && (lowerReply ??= reply.toLowerCase()).includes(asked)) {
      problems.push(`It repeats text the customer told it to say ("${m[1]!.trim()}"); customer messages cannot script the reply.`);
      break;
    }
  }
  return problems;
}
