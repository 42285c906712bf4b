import {
  BrokenCircuitError,
  BulkheadPolicy,
  BulkheadRejectedError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  IsolatedCircuitError,
  TaskCancelledError,
  bulkhead,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';
import { ModelUnavailableError } from '../core/errors.js';
import { CallerAbortError } from './caller-abort.js';

export interface ResilienceOptions {
  /** Consecutive model failures that open the circuit (MODEL_BREAKER_FAILURES). */
  breakerFailures: number;
  /** How long the circuit stays open before one probe call is let through (MODEL_BREAKER_RESET_MS). */
  breakerResetMs: number;
  /** Model calls in flight at once (MODEL_MAX_CONCURRENCY). */
  maxConcurrency: number;
  /** Calls allowed to wait for a slot; beyond that a call is rejected as `busy` (MODEL_QUEUE_SIZE). */
  queueSize: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface ResilienceStats {
  breaker: BreakerState;
  inFlight: number;
  queued: number;
  maxConcurrency: number;
  queueSize: number;
}

export interface ModelResilience {
  /**
   * Runs one whole model call (for a stream: until its last chunk) inside the bulkhead and
   * the breaker. Rejects with ModelUnavailableError `busy` or `circuit_open` without
   * calling `fn`; otherwise with whatever `fn` threw.
   */
  execute<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  health(): { state: BreakerState; detail?: string };
  stats(): ResilienceStats;
}

// Failures that say the model (or our access to it) is broken, as opposed to this one
// request being bad: those trip the breaker. 401/403/404 mean wrong key, no access or
// wrong model/deployment, which no retry of any request will fix until config changes.
const MODEL_DOWN_KINDS = new Set<ModelUnavailableError['kind']>(['timeout', 'stalled', 'rate_limited', 'server', 'network']);
const MODEL_DOWN_STATUSES = new Set([401, 403, 404]);

export function isModelFailure(err: unknown): boolean {
  if (!(err instanceof ModelUnavailableError)) return false;
  if (MODEL_DOWN_KINDS.has(err.kind)) return true;
  return err.kind === 'client' && err.status !== undefined && MODEL_DOWN_STATUSES.has(err.status);
}

function stateName(state: CircuitState): BreakerState {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'half_open';
  return 'open';
}

function circuitOpen(detail: string): ModelUnavailableError {
  return new ModelUnavailableError('circuit_open', `model circuit is open: ${detail}`);
}

export function createModelResilience(opts: ResilienceOptions): ModelResilience {
  let breaker: CircuitBreakerPolicy;
  // A caller that leaves during the half-open probe tells us nothing about the model;
  // cockatiel would treat the unhandled error as success and close the circuit, so it
  // counts as a failure there (the circuit stays open for another reset period).
  const counts = (err: Error) => isModelFailure(err) || (err instanceof CallerAbortError && breaker.state === CircuitState.HalfOpen);
  breaker = circuitBreaker(handleWhen(counts), {
    halfOpenAfter: opts.breakerResetMs,
    breaker: new ConsecutiveBreaker(opts.breakerFailures),
  });
  const limiter: BulkheadPolicy = bulkhead(opts.maxConcurrency, opts.queueSize);

  let openedAt = 0;
  let lastFailure = '';
  breaker.onBreak((reason) => {
    openedAt = Date.now();
    const err = 'error' in reason ? reason.error : undefined;
    lastFailure = err instanceof ModelUnavailableError ? `${err.kind}: ${err.message}` : err instanceof Error ? err.message : 'unknown';
  });

  const describeOpen = () => {
    const wait = Math.max(0, opts.breakerResetMs - (Date.now() - openedAt));
    const probe = wait > 0 ? `probe in ${wait} ms` : 'probe on the next call';
    return `opened ${new Date(openedAt).toISOString()} after ${opts.breakerFailures} consecutive failures (last: ${lastFailure}); ${probe}`;
  };

  return {
    async execute<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      try {
        return await limiter.execute(() => {
          // Only one probe at a time; everyone else answers offline at once instead of
          // queueing behind a probe that may take a full timeout.
          if (breaker.state === CircuitState.HalfOpen) throw circuitOpen('a probe call is in progress');
          return breaker.execute(fn);
        }, signal);
      } catch (err) {
        // instanceof, not cockatiel's is*Error helpers: in 3.2.1 isIsolatedCircuitError and
        // isTaskCancelledError test for the bulkhead flag and would call `busy` a cancel.
        if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) throw circuitOpen(describeOpen());
        if (err instanceof BulkheadRejectedError) {
          throw new ModelUnavailableError(
            'busy',
            `model is busy: ${opts.maxConcurrency} calls in flight and ${opts.queueSize} waiting`,
          );
        }
        if (err instanceof TaskCancelledError) throw new CallerAbortError(signal?.reason);
        throw err;
      }
    },
    health() {
      const state = stateName(breaker.state);
      if (state === 'closed') return { state };
      if (state === 'half_open') return { state, detail: `probing after: ${lastFailure}` };
      return { state, detail: describeOpen() };
    },
    stats() {
      return {
        breaker: stateName(breaker.state),
        inFlight: opts.maxConcurrency - limiter.executionSlots,
        queued: opts.queueSize - limiter.queueSlots,
        maxConcurrency: opts.maxConcurrency,
        queueSize: opts.queueSize,
      };
    },
  };
}
