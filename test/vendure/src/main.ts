import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * Starts a real Vendure server on 127.0.0.1 (a free port), seeds it from
 * test/commerce/contract/seed.ts (plus the extra orders with --extras), and prints one line
 * `VENDURE_READY {json}` with its URLs, credentials, order codes and timings. It stops when
 * its stdin closes (the test process ended, however it ended) or on SIGTERM.
 */
// Vendure's telemetry would post to the vendor after start-up; tests reach nothing outside this machine.
process.env.VENDURE_DISABLE_TELEMETRY = 'true';

const t0 = performance.now();
const { bootstrap } = await import('@vendure/core');
const { serverConfig, SUPERADMIN } = await import('./config.js');
const { seed } = await import('./seed.js');
const loadedMs = performance.now() - t0;

const extras = process.argv.includes('--extras');
const t1 = performance.now();
const app = await bootstrap(serverConfig({ port: 0, firstOrderCode: 1001 }));
const { port } = app.getHttpServer().address() as AddressInfo;
const bootMs = performance.now() - t1;
const base = `http://127.0.0.1:${port}`;
const urls = { admin: `${base}/admin-api`, shop: `${base}/shop-api` };

let closing: Promise<void> | null = null;
const stop = () => {
  closing ??= app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

const t2 = performance.now();
const seeded = await seed(app, urls, { extras });
const seedMs = performance.now() - t2;
process.stdout.write(
  `VENDURE_READY ${JSON.stringify({
    adminApiUrl: urls.admin,
    shopApiUrl: urls.shop,
    superadmin: { username: SUPERADMIN.identifier, password: SUPERADMIN.password },
    ...seeded,
    timings: { loadMs: Math.round(loadedMs), bootMs: Math.round(bootMs), seedMs: Math.round(seedMs) },
  })}\n`,
);
