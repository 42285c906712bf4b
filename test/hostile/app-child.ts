import { startAppTarget, type AppTarget } from '../../src/cli/load-target.js';

/**
 * The app as `npm start` runs it, in a child process, and a watcher that asks its /healthz
 * every 100 ms with a 1 s timeout from the test's process. An app in the test's own process
 * cannot answer while its event loop is blocked, and then neither can the test: only a
 * second process sees a stall.
 */
export interface HealthLog {
  polls: number;
  /** Polls that did not answer 200 within the timeout, with when and why. */
  failures: string[];
  slowestMs: number;
}

export interface HealthWatch {
  /** Stops polling; resolves with what the watcher saw. */
  stop(): Promise<HealthLog>;
}

export const HOSTILE_APP_ENV: Record<string, string> = {
  LOG_LEVEL: 'error',
  ROUTER_MODEL_ENABLED: 'false',
  RATE_LIMIT_IP_PER_MINUTE: '1000000',
  RATE_LIMIT_CONVERSATION_PER_MINUTE: '1000000',
};

export function startAppChild(env: Record<string, string> = {}): Promise<AppTarget> {
  return startAppTarget({ ...HOSTILE_APP_ENV, ...env });
}

export function watchHealth(url: string, timeoutMs = 1000): HealthWatch {
  const log: HealthLog = { polls: 0, failures: [], slowestMs: 0 };
  const started = Date.now();
  let watching = true;
  const loop = (async () => {
    while (watching) {
      const t0 = performance.now();
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
        await res.arrayBuffer();
        if (res.status !== 200) log.failures.push(`${Date.now() - started} ms: /healthz answered ${res.status}`);
      } catch (err) {
        const e = err as Error;
        log.failures.push(`${Date.now() - started} ms: /healthz ${e.name === 'TimeoutError' ? `did not answer within ${timeoutMs} ms` : e.message}`);
      }
      log.polls++;
      log.slowestMs = Math.max(log.slowestMs, performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      watching = false;
      await loop;
      return log;
    },
  };
}

/** A web chat conversation on `url`: its id and a function that sends one message. */
export async function webchatConversation(url: string): Promise<{ id: string; send(text: string, timeoutMs?: number): Promise<{ status: number; body: string; ms: number }> }> {
  const res = await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (res.status !== 201 && res.status !== 200) throw new Error(`create conversation: ${res.status} ${await res.text()}`);
  const { conversationId, token } = (await res.json()) as { conversationId: string; token: string };
  return {
    id: conversationId,
    async send(text, timeoutMs = 30_000) {
      const t0 = performance.now();
      const r = await fetch(`${url}/api/chat/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: r.status, body: await r.text(), ms: performance.now() - t0 };
    },
  };
}
