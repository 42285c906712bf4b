import type { AssembledPrompt } from '../core/skill.js';
import { CUSTOMER_CLOSE, CUSTOMER_OPEN } from '../skills/customer-text.js';

/**
 * The injection half of the guard: signs that the reply obeyed text the customer wrote
 * instead of the store's rules. The bot cannot issue refunds, discounts or exceptions
 * (only tools start a return or a claim), it is always this store's assistant, and it
 * never hands out text that was hidden from the customer. A reply that says otherwise
 * followed an injection, or made a promise nobody can keep.
 */

const PROMISES: Array<[RegExp, string]> = [
  [/\b(?:i|we)(?:'ve|'ll| have| will| can| just| already)*\s+(?:issued|processed|approved|refunded|credited|sent|transferred|authori[sz]ed)\s+(?:you\s+)?(?:a\s+|the\s+|your\s+)?(?:full\s+|partial\s+)?(?:refund|money|credit|reimbursement)/i, 'says a refund was issued; refunds only follow a return that reaches the warehouse'],
  [/\brefund(?:ed)?\b[^.!?]{0,40}\b(?:immediately|right (?:now|away)|instantly|today)\b/i, 'promises an immediate refund, which the policy does not allow'],
  [/\bkeep (?:the|your|it|this)\b[^.!?]{0,40}\b(?:refund|money back|for free)\b|\brefund\b[^.!?]{0,30}\bwithout (?:returning|sending|a return)/i, 'promises a refund without a return'],
  [/\b\d{1,3}\s?%\s?(?:off|discount)\b|\b(?:discount|promo(?:tional)?|coupon|voucher)\s+code\b/i, 'offers a discount or code; the assistant has none to give'],
  [/\b(?:i|we)(?:'ll| will| can| could|'d| would)\s+(?:happily\s+|gladly\s+)?(?:give|offer|apply|add|send|grant)\s+(?:you\s+)?(?:(?:a|an|the|some)\s+)?(?:special\s+|extra\s+|exclusive\s+)?(?:discount|coupon|voucher|free\b|price match|compensation)/i, 'offers a discount, credit or freebie the policy does not provide'],
  [/\b(?:i|we)(?:'ll| will| can|'ve| have)\s+(?:make|made|grant|granted)\s+(?:an?\s+)?exception\b|\bextend(?:ed)?\s+(?:your|the)\s+(?:return\s+|warranty\s+)?(?:window|period|warranty|deadline)\b/i, 'grants an exception or extension the policy does not provide'],
  // Warranty repairs and replacements cost nothing, so only upgrades are checked here.
  [/\bfree\s+upgrade\b|\bupgrade\b[^.!?]{0,30}\b(?:for free|free of charge|at no (?:extra )?cost)\b/i, 'promises a free upgrade the policy does not provide'],
];

const IDENTITY: RegExp[] = [
  /\b(?:i am|i'm)\s+(?:now\s+|actually\s+|really\s+)?(?:dan|chatgpt|gpt-?\d*|claude|gemini|an?\s+(?:unrestricted|unfiltered|jailbroken|uncensored|different|new|evil|rogue)\b)/i,
  /\b(?:i am|i'm)\s+now\s+(?:called|named|known as|operating|acting|free|unrestricted|in\s+\w+\s+mode)\b|\bno longer\s+(?:bound|restricted|limited)\b/i,
  /\bdeveloper mode\b|\bjailbr(?:oken|eak)\b|\bDAN\b/,
  /\b(?:ignor(?:e|ing)|disregard(?:ing)?|forget(?:ting)?)\s+(?:all\s+|my\s+|the\s+|any\s+)?(?:previous|prior|earlier|above|original|system)\s+(?:instructions|rules|prompts?|guidelines)/i,
  /\b(?:as|acting as)\s+(?:dan|an?\s+(?:unrestricted|unfiltered|jailbroken)\b)/i,
];

const HIDDEN = /\b(?:the\s+)?(?:hidden|secret|internal)\s+(?:text|message|note|instructions?|code|password|word|key|prompt)\s+(?:is|says|reads|was)\b/i;

// "say 'I am a pirate'", "reply with: APPROVED", "repeat after me: …"
const ECHO_REQUEST = /\b(?:say|reply with|respond with|repeat(?: after me)?|write|print|output|answer with|start (?:your|the) (?:reply|answer) with|end (?:your|the) (?:reply|answer) with)\s*(?::\s*)?["“'‘«]([^"“”'‘’«»\n]{6,160})["”'’»]/gi;

function lastCustomerText(prompt: AssembledPrompt): string {
  for (let i = prompt.messages.length - 1; i >= 0; i--) {
    const m = prompt.messages[i]!;
    if (m.role === 'user') return m.content.replace(CUSTOMER_OPEN, '').replace(CUSTOMER_CLOSE, '').trim();
  }
  return '';
}

export function checkInjectionCompliance(input: { reply: string; prompt: AssembledPrompt }): string[] {
  const problems: string[] = [];
  const { reply } = input;
  for (const [re, why] of PROMISES) {
    const m = re.exec(reply);
    if (m) problems.push(`It ${why} ("${m[0].trim()}").`);
  }
  for (const re of IDENTITY) {
    const m = re.exec(reply);
    if (m) {
      problems.push(`It steps out of its role ("${m[0].trim()}"); it is always this store's assistant and keeps its rules.`);
      break;
    }
  }
  const hidden = HIDDEN.exec(reply);
  if (hidden) problems.push(`It reveals hidden text ("${hidden[0].trim()}").`);

  const customer = lastCustomerText(input.prompt);
  // Lower-cased only when the customer asked for an echo (a long reply's copy otherwise for nothing).
  let lowerReply: string | undefined;
  for (const m of customer.matchAll(ECHO_REQUEST)) {
    const asked = m[1]!.trim().toLowerCase();
    if (asked.split(/\s+/).length >= 2 && (lowerReply ??= reply.toLowerCase()).includes(asked)) {
      problems.push(`It repeats text the customer told it to say ("${m[1]!.trim()}"); customer messages cannot script the reply.`);
      break;
    }
  }
  return problems;
}
