/** How a route was decided: the ladder in docs/architecture.md, cheapest first. */
export type RouteMethod = 'local' | 'model' | 'sticky' | 'fallback' | 'clarify' | 'agent';

/** Why a message went where it went: shown in the assist panel and `npm run eval -- --errors`. */
export interface RouteReason {
  /** Features that pushed toward the chosen skill, strongest first, with their weight. */
  features?: Array<{ feature: string; weight: number }>;
  /** Routing examples closest to the message, with their skill and similarity. */
  nearest?: Array<{ text: string; skill: string; score: number }>;
  /** Free text, e.g. the model router's rationale or the policy rule that fired. */
  note?: string;
}

export interface RouteDecision {
  skill: string;
  /** In [0, 1]. */
  confidence: number;
  method: RouteMethod;
  runnerUp?: { skill: string; confidence: number };
  reason?: RouteReason;
  /** Set when the policy asks the customer to clarify instead of answering with a skill. */
  clarify?: boolean;
}

/** What the local classifier returns before the policy is applied. */
export interface Classification {
  skill: string;
  confidence: number;
  runnerUp: { skill: string; confidence: number };
  /** Full distribution over skills, summing to 1. */
  scores: Record<string, number>;
  reason: RouteReason;
}

export interface RouteContext {
  /** The skill that answered the previous turn, if any. */
  activeSkill: string | null;
  /** The previous customer message and bot reply, as context for the model router. */
  previousTurn?: { customer: string; bot?: string };
  /** Consecutive turns that ended in clarify/other: drives "offer a human". */
  unclearStreak?: number;
  /** The message's detected language, else the conversation's (null or absent: unknown). */
  language?: string | null;
}

export interface Router {
  route(text: string, ctx: RouteContext, signal?: AbortSignal): Promise<RouteDecision>;
}
