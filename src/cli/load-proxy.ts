import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The simple load balancer of `npm run load -- --processes N` (issue 20, point 6): an HTTP
 * proxy on 127.0.0.1 that sends each request to the next app process in turn, so two turns
 * of one conversation usually land on different processes (nothing is sticky: the lock, the
 * state and the events are all in Redis). Loopback only; it never listens elsewhere.
 */

/** Hands out 0, 1, ..., n-1, 0, 1, ... */
export function roundRobin(n: number): () => number {
  if (!Number.isInteger(n) || n < 1) throw new TypeError('roundRobin: n must be a positive integer');
  let next = 0;
  return () => {
    const i = next;
    next = (next + 1) % n;
    return i;
  };
}

export interface RoundRobinProxy {
  readonly url: string;
  /** Requests forwarded to each backend, in the order given. */
  readonly forwarded: number[];
  close(): Promise<void>;
}

export async function startRoundRobinProxy(backends: readonly string[]): Promise<RoundRobinProxy> {
  const targets = backends.map((b) => new URL(b));
  if (targets.length === 0) throw new TypeError('startRoundRobinProxy: at least one backend');
  const pick = roundRobin(targets.length);
  const forwarded = targets.map(() => 0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const i = pick();
    const target = targets[i]!;
    forwarded[i]!++;
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'bad_gateway', message: err.message } }));
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
