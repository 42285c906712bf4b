import type { ModelUnavailableError } from '../core/errors.js';
import type { Usage } from '../core/model.js';

/** How one model call ended: `ok`, `aborted` by the caller, or the ModelUnavailableError kind. */
export type ModelCallOutcome = 'ok' | 'aborted' | ModelUnavailableError['kind'];

/**
 * Reported once per model call through the client's `onCall` hook, so the composition
 * root can feed metrics and the turn record without this module depending on prom-client.
 */
export interface ModelCallInfo {
  /** From ModelRequest.purpose; 'unspecified' when the caller gave none. */
  purpose: 'skill' | 'router' | 'guard' | 'unspecified';
  skill?: string;
  variant?: string;
  model: string;
  provider: string;
  outcome: ModelCallOutcome;
  /** Tokens billed for the call; partial output of a stalled or cut stream is included. */
  usage: Usage;
  /** True when the server sent no usage and the counts come from gpt-tokenizer. */
  usageEstimated: boolean;
  /** USD from the price table. */
  cost: number;
  /** From the call's start (including any wait in the bulkhead queue) to its end. */
  latencyMs: number;
  /** From the call's start to the first streamed content or tool-call fragment, if any. */
  firstTokenMs?: number;
  /** The model's finish reason when the call completed. */
  finishReason?: string;
}

export type ModelCallHook = (info: ModelCallInfo) => void;
