import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import type { Logger } from '../core/logger.js';
import { requireBearer } from './bearer.js';
import { errorHandler, notFound } from './error-handler.js';
import { healthRoutes, type HealthCheck } from './health-routes.js';
import type { Metrics } from './metrics.js';

export interface Mount {
  path: string;
  router: Router;
  /** Cross-origin callers allowed (the widget's API); other mounts are same-origin only. */
  cors?: boolean;
}

export interface AppDeps {
  logger: Logger;
  /** Routers from channels, the assist panel, etc., mounted in order. */
  mounts: Mount[];
  healthChecks: Record<string, HealthCheck>;
  metrics?: Metrics;
  /** METRICS_TOKEN: GET /metrics requires `Authorization: Bearer <token>`; without one, /metrics does not exist (404). */
  metricsToken?: string;
  /** Directory of static files (web/): the demo page, widget.js, the agent panel. */
  staticDir?: string;
  corsOrigins: string[];
  /** Express `trust proxy`: a hop count, or the proxies' addresses and subnets. */
  trustProxy?: string | number;
  isShuttingDown?: () => boolean;
  /** Runs before every route (e.g. refusing new work during shutdown). */
  before?: RequestHandler[];
}

/** Builds the express app. Nothing listens here: main.ts (or a test) does. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  if (deps.metrics) app.use(deps.metrics.httpMiddleware);
  for (const handler of deps.before ?? []) app.use(handler);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
        },
      },
      // widget.js is meant to be embedded by other sites.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
    }),
  );

  app.use(healthRoutes(deps.healthChecks, deps.isShuttingDown));
  if (deps.metrics && deps.metricsToken) {
    const registry = deps.metrics.registry;
    // Cost, volumes and flags are business data: only the scraper with the token reads them.
    app.get('/metrics', requireBearer(deps.metricsToken, 'metrics', 'METRICS_TOKEN'), async (_req, res) => {
      res.set('Cache-Control', 'no-store');
      res.set('Content-Type', registry.contentType);
      res.send(await registry.metrics());
    });
  }

  const corsMiddleware = cors({
    origin: (origin, callback) => callback(null, origin === undefined || deps.corsOrigins.includes(origin)),
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Accept'],
    maxAge: 600,
  });
  for (const mount of deps.mounts) {
    if (mount.cors) app.use(mount.path, corsMiddleware, mount.router);
    else app.use(mount.path, mount.router);
  }

  if (deps.staticDir) {
    app.use(express.static(deps.staticDir, { index: 'index.html', extensions: ['html'], maxAge: '5m' }));
  }
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
