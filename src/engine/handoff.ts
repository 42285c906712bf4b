/**
 * Spotting "let me talk to a person" in several languages. Deliberately a small,
 * explicit pattern list rather than a classifier: a missed hand-off request is
 * costly, and agents can read exactly why a conversation was escalated.
 */
const PATTERNS: RegExp[] = [
  /\b(talk|speak|chat|connect|transfer|put)\b[^.?!]{0,30}\b(human|person|agent|someone|somebody|representative|rep|operator|staff|manager|supervisor|real people|customer (care|service))\b/i,
  /\b(human|live|real)\s+(agent|person|being|support|help|representative)\b/i,
  // "I want a human", "need a real person": the bare noun only when it cannot be anything else.
  /\b(?:want|need)\s+(?:a\s+|an\s+)?(?:human|real person|live person|live agent|human agent|human being)\b/i,
  /\b(customer (care|service) (executive|agent|representative))\b/i,
  /\b(call me back|callback|call back|ring me)\b/i,
  /^\s*(agent|human|operator|representative)[\s.!?]*$/i,
  /\b(hablar con|quiero)\b[^.?!]{0,20}\b(una persona|un humano|un agente|alguien)\b/i,
  /\b(mit einem|einen)\s+(menschen|mitarbeiter|berater|agenten)\b/i,
  /\b(parler|discuter)\b[^.?!]{0,20}\b(humain|personne|conseiller|agent)\b/i,
];

/** Negated requests ("no need for a human") must not escalate. */
const NEGATION = /\b(no need|don't need|do not need|dont need|without|not)\b[^.?!]{0,15}\b(human|person|agent)\b/i;

export function asksForHuman(text: string): boolean {
  if (NEGATION.test(text)) return false;
  return PATTERNS.some((p) => p.test(text));
}
