import { CommerceUnavailableError } from '../../core/errors.js';

/**
 * Any failure of a back-end call as CommerceUnavailableError. Back-ends throw it themselves with
 * the right kind; what else escapes them (a socket reset inside a client library, an abort, a bug
 * in a mapping) is still the platform being unusable for this call, never a 500 for the customer.
 */
export function toUnavailable(backend: string, err: unknown, signal?: AbortSignal): CommerceUnavailableError {
  if (err instanceof CommerceUnavailableError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (signal?.aborted || (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError'))) {
    return new CommerceUnavailableError(backend, 'timeout', `${backend} call aborted: ${message}`, { cause: err });
  }
  if (err instanceof TypeError && /fetch failed|network|socket|ECONN|ENOTFOUND|EAI_AGAIN/i.test(`${message} ${String((err as { cause?: unknown }).cause ?? '')}`)) {
    return new CommerceUnavailableError(backend, 'network', `${backend} unreachable: ${message}`, { cause: err });
  }
  return new CommerceUnavailableError(backend, 'server', `${backend} call failed: ${message}`, { cause: err });
}
