import type { RefusalFacts } from '../core/actions.js';

/**
 * A store rule refused an action (return outside its window, claim on an expired
 * warranty, unknown order). `code` is the same reason code the checks return and `facts`
 * the data behind it, so a caller explains it in the customer's language without parsing
 * the (English, developer-facing) message.
 */
export class CommerceRuleError extends Error {
  readonly code: string;
  readonly facts: RefusalFacts;
  constructor(code: string, message: string, facts: RefusalFacts = {}) {
    super(message);
    this.name = 'CommerceRuleError';
    this.code = code;
    this.facts = facts;
  }
}
