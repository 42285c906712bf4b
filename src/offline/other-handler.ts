import type { SkillAnswer } from '../core/skill.js';
import { cues } from './intent-cues.js';
import type { OfflineTurn } from './offline-turn.js';
import { listing } from './reply-text.js';

/**
 * Out of scope: a short, polite answer that says what the bot can do and offers a
 * person, with the store's own contact details.
 */
export function otherHandler(capabilities: () => string[]) {
  return async (turn: OfflineTurn): Promise<SkillAnswer> => {
    const info = turn.commerce.storeInfo();
    const can = listing(capabilities());
    const contact = `${info.supportHours}, ${info.supportEmail} or ${info.supportPhone}`;
    const text = turn.conv.text;
    if (cues.isGreeting(text)) return turn.answer(`Hi! I'm the ${info.name} assistant. I can ${can}. What can I do for you?`);
    if (cues.isThanks(text)) return turn.answer(`You're welcome! Is there anything else I can help with?`);
    if (cues.wantsHuman(text)) {
      return turn.answer(`Of course. I'll pass you to a member of our team; they're available ${contact}.`, { offerHuman: true });
    }
    return turn.answer(
      `Sorry, I can't help with that here. I can ${can}. For anything else our team is happy to help (${contact}). Would you like me to connect you with a person?`,
      { offerHuman: true },
    );
  };
}

/** What the bot can do, from the tools the registry offers, so a store without returns tools does not promise returns. */
export function capabilitiesFromTools(names: readonly string[]): string[] {
  const out: string[] = [];
  if (names.includes('search_products')) out.push('find the right product for you');
  if (names.includes('check_return_eligibility') || names.includes('get_return_policy')) out.push('check a return or refund');
  if (names.includes('check_warranty') || names.includes('get_warranty_terms')) out.push('sort out warranty questions');
  return out.length ? out : ['answer questions about the store'];
}
