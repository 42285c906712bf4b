/**
 * The caller gave up (its AbortSignal fired, or it stopped reading the stream). Used
 * inside the model module only, so the breaker can tell "the caller left" from "the
 * model failed"; callers receive the signal's own reason, as with fetch.
 */
export class CallerAbortError extends Error {
  readonly reason: unknown;
  constructor(reason: unknown) {
    super('model call aborted by the caller');
    this.name = 'CallerAbortError';
    this.reason = reason;
  }
}

/** What a caller sees when its own signal ended the call. */
export function abortReason(signal: AbortSignal | undefined): unknown {
  const reason: unknown = signal?.reason;
  return reason ?? new DOMException('This operation was aborted', 'AbortError');
}
