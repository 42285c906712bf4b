import express from 'express';

export type HealthCheck = () => Promise<{ ok: boolean; detail?: string }>;

/**
 * /healthz: the process is alive (no dependencies checked, so an orchestrator does not
 * restart us because Redis blinked). /readyz: we can serve traffic right now.
 */
export function healthRoutes(checks: Record<string, HealthCheck>, isShuttingDown: () => boolean = () => false): express.Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results: Record<string, { ok: boolean; detail?: string }> = {};
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          results[name] = await Promise.race([
            check(),
            new Promise<{ ok: boolean; detail: string }>((resolve) =>
              setTimeout(() => resolve({ ok: false, detail: 'check timed out' }), 2000).unref(),
            ),
          ]);
        } catch (err) {
          results[name] = { ok: false, detail: (err as Error).message };
        }
      }),
    );
    const shuttingDown = isShuttingDown();
    const ok = !shuttingDown && Object.values(results).every((r) => r.ok);
    if (!ok) res.set('Retry-After', '5');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : shuttingDown ? 'shutting_down' : 'not_ready', checks: results });
  });
  return router;
}
