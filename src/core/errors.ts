/**
 * The one HTTP error type. Anything thrown with it reaches the client as
 * `{ error: { code, message, details? } }` with its status; anything else is a 500
 * that hides its message (see src/http/error-handler.ts).
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    opts: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers ?? {};
  }
}

/** A configuration problem found at start-up. `source` names the env var or file, `field` the key. */
export class ConfigError extends Error {
  readonly source: string;
  readonly field: string | undefined;

  constructor(source: string, message: string, field?: string) {
    super(field ? `${source}: ${field}: ${message}` : `${source}: ${message}`);
    this.name = 'ConfigError';
    this.source = source;
    this.field = field;
  }
}

/**
 * The model could not produce an answer (network, 4xx/5xx after retries, timeout,
 * open circuit, stalled stream). The engine catches exactly this and falls back
 * to the offline responder; `kind` is for logs and metrics, not for control flow.
 */
export class ModelUnavailableError extends Error {
  readonly kind: 'not_configured' | 'timeout' | 'stalled' | 'rate_limited' | 'server' | 'client' | 'network' | 'circuit_open' | 'busy' | 'invalid_output';
  readonly status: number | undefined;

  constructor(kind: ModelUnavailableError['kind'], message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ModelUnavailableError';
    this.kind = kind;
    this.status = opts.status;
  }
}

/** The store cannot be reached right now (Redis down or reconnecting). Mapped to 503 + Retry-After. */
export class StoreUnavailableError extends Error {
  constructor(message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'StoreUnavailableError';
  }
}

/** A per-conversation lock could not be taken in time (another turn is still running). */
export class LockTimeoutError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`timed out waiting for lock ${key}`);
    this.name = 'LockTimeoutError';
    this.key = key;
  }
}

/**
 * The store's order back-end cannot answer right now (down, slow past its timeout, 5xx, throttled
 * past its retries, or its circuit is open). Tools report it as data; the bot says it cannot
 * check orders right now and offers a person.
 */
export class CommerceUnavailableError extends Error {
  readonly backend: string;
  /** `client`: the platform refused our request (bad token, missing scope); `invalid_response`: its answer failed validation. */
  readonly kind: 'timeout' | 'server' | 'throttled' | 'network' | 'circuit_open' | 'client' | 'invalid_response';
  constructor(backend: string, kind: CommerceUnavailableError['kind'], message: string, opts: { cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CommerceUnavailableError';
    this.backend = backend;
    this.kind = kind;
  }
}

/** No pending proposal with that id in the conversation (already decided, replaced, lapsed or never made). */
export class ProposalNotFoundError extends Error {
  readonly proposalId: string;
  constructor(proposalId: string) {
    super(`no pending proposal "${proposalId}" in this conversation (it was already decided, replaced or has lapsed)`);
    this.name = 'ProposalNotFoundError';
    this.proposalId = proposalId;
  }
}

/** The conversation is already bound to another verified customer (a conversation has at most one, for its lifetime). */
export class CustomerAlreadyBoundError extends Error {
  constructor() {
    super('this conversation is already bound to another customer; start a new conversation');
    this.name = 'CustomerAlreadyBoundError';
  }
}

/** No such conversation (never existed, expired, erased, or not one this caller may start). Mapped to 404. */
export class ConversationNotFoundError extends Error {
  readonly conversationId: string;
  constructor(conversationId: string, message = `no conversation "${conversationId}"`) {
    super(message);
    this.name = 'ConversationNotFoundError';
    this.conversationId = conversationId;
  }
}

/**
 * The conversation was erased (customer DELETE or agent erase): nothing may write to it or
 * bring it back, whichever process tries. A kind of not-found, so callers that only care
 * that it is gone catch ConversationNotFoundError. Mapped to 404.
 */
export class ConversationErasedError extends ConversationNotFoundError {
  constructor(conversationId: string) {
    super(conversationId, `conversation "${conversationId}" was erased`);
    this.name = 'ConversationErasedError';
  }
}

/** No skill with that id in the loaded skill set (an agent re-routed to a skill that does not exist). Mapped to 400. */
export class UnknownSkillError extends Error {
  readonly skill: string;
  constructor(skill: string) {
    super(`no skill "${skill}"`);
    this.name = 'UnknownSkillError';
    this.skill = skill;
  }
}

/** No message with that id (of the kind asked for) in the conversation. Mapped to 404. */
export class MessageNotFoundError extends Error {
  readonly messageId: string;
  constructor(messageId: string, message = `no message "${messageId}" in this conversation`) {
    super(message);
    this.name = 'MessageNotFoundError';
    this.messageId = messageId;
  }
}

/**
 * An action on a conversation was refused by its current state or by what was asked:
 * `conflict` (the state does not allow it now: another agent owns it, the draft was decided,
 * it is no longer waiting) or `invalid` (the request names the wrong kind of thing). `code` is
 * a stable snake_case reason for clients; the HTTP layer maps conflict → 409 and invalid → 400.
 */
export class ConversationActionError extends Error {
  readonly kind: 'conflict' | 'invalid';
  readonly code: string;
  readonly details: unknown;
  constructor(kind: 'conflict' | 'invalid', code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ConversationActionError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}
