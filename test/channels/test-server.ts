import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { silentLogger } from '../../src/core/logger.js';
import { createApp, type Mount } from '../../src/http/create-app.js';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** The real express app (error handler, helmet, 404) with only the given mounts, on 127.0.0.1:0. */
export async function startTestServer(mounts: Mount[]): Promise<TestServer> {
  const app = createApp({ logger: silentLogger, mounts, healthChecks: {}, corsOrigins: [] });
  const sockets = new Set<Socket>();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls until `check` is true; fails after `timeoutMs` naming `what`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
