/**
 * A store rule refused an action (return outside its window, claim on an expired
 * warranty, unknown order). `code` is the same reason code the checks return, so a
 * caller can explain it without parsing the message.
 */
export class CommerceRuleError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CommerceRuleError';
    this.code = code;
  }
}
