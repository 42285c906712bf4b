import type { AssembledPrompt } from '../core/skill.js';
import { CUSTOMER_CLOSE, CUSTOMER_OPEN } from '../skills/customer-text.js';
import { repositoryGuardPhrases, type GuardFindings, type GuardPhrases, type PromiseKey } from '../locale/guard-section.js';
import { eachEchoRequest } from './echo-request.js';

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

function lastCustomerText(prompt: AssembledPrompt): string {
  for (let i = prompt.messages.length - 1; i >= 0; i--) {
    const m = prompt.messages[i]!;
    if (m.role === 'user') return m.content.replace(CUSTOMER_OPEN, '').replace(CUSTOMER_CLOSE, '').trim();
  }
  return '';
}

/**
 * `phrases`: the locale packs' guard phrases (every loaded pack's together); default: the repository's.
 * `found`: what they find in the reply, when the caller has it (the answer guard reads it once for this and the leak check).
 */
export function checkInjectionCompliance(
  input: { reply: string; prompt: AssembledPrompt },
  phrases: GuardPhrases = repositoryGuardPhrases(),
  found: GuardFindings = phrases.find(input.reply),
): string[] {
  const problems: string[] = [];
  const { reply } = input;
  for (const [key, m] of found.promises) problems.push(`It ${PROMISE_WHY[key]} ("${m.text}").`);
  if (found.roleChange) problems.push(`It steps out of its role ("${found.roleChange.text}"); it is always this store's assistant and keeps its rules.`);
  if (found.hiddenText) problems.push(`It reveals hidden text ("${found.hiddenText.text}").`);

  // "say 'I am a pirate'", "reply with: APPROVED", "repeat after me: …": the packs' echo words
  // before a quoted text (any language's quotation marks) in the customer's last message.
  if (!phrases.echoRequest) return problems;
  // Lower-cased only when the customer asked for an echo (a long reply's copy otherwise for nothing).
  let lowerReply: string | undefined;
  eachEchoRequest(lastCustomerText(input.prompt), phrases.echoRequest, (quoted) => {
    const asked = quoted.trim().toLowerCase();
    if (asked.split(/\s+/).length < 2 || !(lowerReply ??= reply.toLowerCase()).includes(asked)) return false;
    problems.push(`It repeats text the customer told it to say ("${quoted.trim()}"); customer messages cannot script the reply.`);
    return true;
  });
  return problems;
}
