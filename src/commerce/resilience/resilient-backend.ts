import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleType,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IPolicy,
} from 'cockatiel';
import { CommerceUnavailableError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { BackendHealth, CallOptions, OrderBackend } from '../../core/order-backend.js';
import { toUnavailable } from './to-unavailable.js';

export interface ResilienceSettings {
  /** One order call's bound, its retries included (COMMERCE_TIMEOUT_MS). */
  timeoutMs: number;
  /** Retries of a failed read (COMMERCE_RETRIES); writes are never retried. */
  retries: number;
  /** Consecutive failed calls that open the circuit (COMMERCE_BREAKER_FAILURES). */
  breakerFailures: number;
  /** How long the circuit stays open before one probe call (COMMERCE_BREAKER_RESET_MS). */
  breakerResetMs: number;
  /** Bound on one whole catalog sync (CATALOG_SYNC_TIMEOUT_MS). */
  catalogTimeoutMs: number;
  /** First retry delay (ms); doubles per retry. */
  retryDelayMs?: number;
}

/** One back-end call, for metrics: which back-end, which operation, how it ended and how long it took. */
export interface CommerceCallInfo {
  backend: string;
  operation: 'findOrder' | 'listOrders' | 'requestReturn' | 'cancelOrder' | 'fetchCatalog';
  /** 'ok', or the CommerceUnavailableError kind. */
  outcome: 'ok' | CommerceUnavailableError['kind'];
  latencyMs: number;
}

export interface ResilientBackend extends OrderBackend {
  health(): BackendHealth;
}

/** Kinds worth another try: the platform may answer the same read a moment later. */
const TRANSIENT = new Set<CommerceUnavailableError['kind']>(['timeout', 'server', 'network', 'throttled']);
const isTransient = (err: Error) => err instanceof CommerceUnavailableError && TRANSIENT.has(err.kind);

/**
 * Every order back-end behind one set of policies, so the bot fails the same way whichever
 * platform is down: a circuit breaker over all calls (like the model's), a timeout per call that
 * aborts the platform request, and retries with exponential backoff for idempotent reads only (a
 * repeated return or cancellation could act twice). Whatever fails leaves as
 * CommerceUnavailableError; the tools turn it into data and the bot offers a person. While the
 * circuit is open or its one probe runs, calls fail at once without touching the platform.
 */
export function withResilience(
  backend: OrderBackend,
  settings: ResilienceSettings,
  hooks: { onCall?: (info: CommerceCallInfo) => void; logger?: Logger } = {},
): ResilientBackend {
  const kind = backend.kind;
  const breaker: CircuitBreakerPolicy = circuitBreaker(handleType(CommerceUnavailableError), {
    halfOpenAfter: settings.breakerResetMs,
    breaker: new ConsecutiveBreaker(settings.breakerFailures),
  });
  const callTimeout = timeout(settings.timeoutMs, TimeoutStrategy.Aggressive);
  const catalogTimeout = timeout(settings.catalogTimeoutMs, TimeoutStrategy.Aggressive);
  const retries = retry(handleWhen(isTransient), {
    maxAttempts: settings.retries,
    backoff: new ExponentialBackoff({ initialDelay: settings.retryDelayMs ?? 100, maxDelay: 2000 }),
  });
  const readPolicy = wrap(breaker, callTimeout, retries);
  const writePolicy = wrap(breaker, callTimeout);
  const catalogPolicy = wrap(breaker, catalogTimeout);

  let openedAt = 0;
  let last: { ok: boolean; at: number; detail: string } = { ok: true, at: 0, detail: '' };
  breaker.onBreak(() => {
    openedAt = Date.now();
  });

  async function run<T>(
    operation: CommerceCallInfo['operation'],
    policy: IPolicy,
    limitMs: number,
    fn: (opts: CallOptions) => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    const report = (outcome: CommerceCallInfo['outcome']) =>
      hooks.onCall?.({ backend: kind, operation, outcome, latencyMs: performance.now() - started });
    try {
      // One probe at a time; everyone else is told at once instead of queueing behind it.
      if (breaker.state === CircuitState.HalfOpen) throw new BrokenCircuitError();
      const result = await policy.execute(async ({ signal }) => {
        try {
          return await fn({ signal });
        } catch (err) {
          throw toUnavailable(kind, err, signal);
        }
      });
      last = { ok: true, at: Date.now(), detail: '' };
      report('ok');
      return result;
    } catch (err) {
      const failure = describe(err, limitMs);
      if (failure.kind !== 'circuit_open') last = { ok: false, at: Date.now(), detail: `${failure.kind}: ${failure.message}` };
      report(failure.kind);
      hooks.logger?.warn({ backend: kind, operation, kind: failure.kind, err: failure.message }, 'commerce back-end call failed');
      throw failure;
    }
  }

  function describe(err: unknown, limitMs: number): CommerceUnavailableError {
    if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
      return new CommerceUnavailableError(kind, 'circuit_open', `${kind} circuit is open: ${openDetail()}`);
    }
    if (err instanceof TaskCancelledError) return new CommerceUnavailableError(kind, 'timeout', `${kind} did not answer within ${limitMs} ms`);
    return toUnavailable(kind, err);
  }

  function openDetail(): string {
    const wait = Math.max(0, settings.breakerResetMs - (Date.now() - openedAt));
    return `opened ${new Date(openedAt).toISOString()} after ${settings.breakerFailures} consecutive failures (last: ${last.detail}); ${wait > 0 ? `probe in ${wait} ms` : 'probe on the next call'}`;
  }

  const wrapped: ResilientBackend = {
    kind,
    findOrder: (orderId, owner) => run('findOrder', readPolicy, settings.timeoutMs, (o) => backend.findOrder(orderId, owner, o)),
    listOrders: (owner, opts) => run('listOrders', readPolicy, settings.timeoutMs, (o) => backend.listOrders(owner, { limit: opts.limit, ...o })),
    cancelOrder: (input) => run('cancelOrder', writePolicy, settings.timeoutMs, (o) => backend.cancelOrder({ order: input.order, reason: input.reason, ...o })),
    health(): BackendHealth {
      if (breaker.state === CircuitState.Open || breaker.state === CircuitState.Isolated) return { state: 'circuit_open', detail: openDetail() };
      if (breaker.state === CircuitState.HalfOpen) return { state: 'circuit_open', detail: `probing after: ${last.detail}` };
      if (!last.ok) return { state: 'down', detail: `last call failed ${new Date(last.at).toISOString()}: ${last.detail}` };
      return { state: 'up' };
    },
    close: async () => backend.close?.(),
  };
  const requestReturn = backend.requestReturn?.bind(backend);
  if (requestReturn) {
    wrapped.requestReturn = (input) =>
      run('requestReturn', writePolicy, settings.timeoutMs, (o) => requestReturn({ order: input.order, sku: input.sku, quantity: input.quantity, reason: input.reason, ...o }));
  }
  const fetchCatalog = backend.fetchCatalog?.bind(backend);
  if (fetchCatalog) wrapped.fetchCatalog = () => run('fetchCatalog', catalogPolicy, settings.catalogTimeoutMs, (o) => fetchCatalog(o.signal));
  // The demo back-end's extras (its customers for the demo page, reload of orders.yaml) stay reachable.
  return Object.assign(Object.create(backend) as object, wrapped) as ResilientBackend;
}
