import { Counter, Histogram, Registry, collectDefaultMetrics, Gauge } from 'prom-client';
import type { RequestHandler } from 'express';
import type { TurnObserver } from '../core/engine.js';

/** What the model layer reports per call (src/model's onCall hook maps onto this). */
export interface ModelCallMetric {
  purpose: string;
  skill?: string;
  variant?: string;
  outcome: string;
  latencyMs: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  cost: number;
}

/** One order back-end call (src/commerce/resilience/ reports each). */
export interface CommerceCallMetric {
  backend: string;
  operation: string;
  /** 'ok' or the failure kind (timeout, server, throttled, network, circuit_open, client, invalid_response). */
  outcome: string;
  latencyMs: number;
}

export interface Metrics {
  registry: Registry;
  turnObserver: TurnObserver;
  onModelCall(call: ModelCallMetric): void;
  onCommerceCall(call: CommerceCallMetric): void;
  onCatalogSync(sync: { backend: string; outcome: string; products: number; durationMs: number }): void;
  httpMiddleware: RequestHandler;
  /** Gauges read at scrape time (e.g. breaker state, queue length). */
  gauge(name: string, help: string, collect: () => number | Promise<number>): void;
}

/** One registry per app (not the global one), so tests and several apps in one process don't collide. */
export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });

  const turns = new Counter({
    name: 'switchboard_turns_total',
    help: 'Customer turns handled, by channel, skill, route method and outcome',
    labelNames: ['channel', 'skill', 'variant', 'method', 'status', 'offline'] as const,
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: 'switchboard_turn_duration_seconds',
    help: 'Time to handle one customer turn',
    labelNames: ['channel', 'offline'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const flags = new Counter({
    name: 'switchboard_turn_flags_total',
    help: 'Flags raised on turns (low confidence, hand-off requests, guard, offline)',
    labelNames: ['flag'] as const,
    registers: [registry],
  });
  const modelCalls = new Counter({
    name: 'switchboard_model_calls_total',
    help: 'Calls to the shared model, by purpose, skill, variant and outcome',
    labelNames: ['purpose', 'skill', 'variant', 'outcome'] as const,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'switchboard_model_tokens_total',
    help: 'Model tokens by kind (prompt, cached, completion), skill and variant',
    labelNames: ['kind', 'purpose', 'skill', 'variant'] as const,
    registers: [registry],
  });
  const cost = new Counter({
    name: 'switchboard_model_cost_usd_total',
    help: 'Model cost in USD from the configured price table',
    labelNames: ['purpose', 'skill', 'variant'] as const,
    registers: [registry],
  });
  const modelSeconds = new Histogram({
    name: 'switchboard_model_call_duration_seconds',
    help: 'Model call latency',
    labelNames: ['purpose'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const commerceCalls = new Counter({
    name: 'switchboard_commerce_calls_total',
    help: 'Calls to the order back-end, by back-end, operation and outcome (ok or the failure kind)',
    labelNames: ['backend', 'operation', 'outcome'] as const,
    registers: [registry],
  });
  const commerceSeconds = new Histogram({
    name: 'switchboard_commerce_call_duration_seconds',
    help: 'Order back-end call latency (retries and waits for the rate limit included), by back-end, operation and outcome',
    labelNames: ['backend', 'operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const catalogSyncs = new Counter({
    name: 'switchboard_catalog_syncs_total',
    help: 'Catalog syncs from the platform, by back-end and outcome (replaced, empty, failed)',
    labelNames: ['backend', 'outcome'] as const,
    registers: [registry],
  });
  const catalogProducts = new Gauge({
    name: 'switchboard_catalog_synced_products',
    help: 'Products brought by the last successful catalog sync',
    labelNames: ['backend'] as const,
    registers: [registry],
  });
  const http = new Histogram({
    name: 'switchboard_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });

  return {
    registry,
    turnObserver: {
      onTurn(o) {
        turns.inc({
          channel: o.channel,
          skill: o.skill ?? 'none',
          variant: o.variant ?? 'none',
          method: o.method ?? 'none',
          status: o.status,
          offline: String(o.offline),
        });
        turnSeconds.observe({ channel: o.channel, offline: String(o.offline) }, o.durationMs / 1000);
        for (const f of o.flags) flags.inc({ flag: f });
      },
    },
    onModelCall(c) {
      const labels = { purpose: c.purpose, skill: c.skill ?? 'none', variant: c.variant ?? 'none' };
      modelCalls.inc({ ...labels, outcome: c.outcome });
      tokens.inc({ ...labels, kind: 'prompt' }, c.promptTokens);
      tokens.inc({ ...labels, kind: 'cached' }, c.cachedTokens);
      tokens.inc({ ...labels, kind: 'completion' }, c.completionTokens);
      cost.inc(labels, c.cost);
      modelSeconds.observe({ purpose: c.purpose }, c.latencyMs / 1000);
    },
    onCommerceCall(c) {
      const labels = { backend: c.backend, operation: c.operation, outcome: c.outcome };
      commerceCalls.inc(labels);
      commerceSeconds.observe(labels, c.latencyMs / 1000);
    },
    onCatalogSync(s) {
      catalogSyncs.inc({ backend: s.backend, outcome: s.outcome });
      if (s.outcome === 'replaced') catalogProducts.set({ backend: s.backend }, s.products);
    },
    httpMiddleware(req, res, next) {
      const end = http.startTimer();
      res.on('finish', () => {
        // The matched route pattern, never the raw path: ids would explode label cardinality.
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    },
    gauge(name, help, collect) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(await collect());
        },
      });
    },
  };
}
