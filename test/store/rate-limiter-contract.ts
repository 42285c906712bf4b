import { afterEach, describe, expect, it } from 'vitest';
import { harnessTracker, sleep, type MakeHarness } from './harness.js';

/** The RateLimiterFactory contract, run against every implementation. */
export function runRateLimiterContract(name: string, makeHarness: MakeHarness): void {
  describe(`RateLimiter contract: ${name}`, () => {
    const track = harnessTracker(makeHarness);
    afterEach(() => track.closeAll());

    it('allows N points per window, then rejects with the wait', async () => {
      const { rateLimiters } = (await track.make()).bundle;
      const limiter = rateLimiters.create({ name: 'ip', points: 3, durationSeconds: 60 });
      expect(await limiter.consume('1.2.3.4')).toEqual({ ok: true, remaining: 2 });
      expect(await limiter.consume('1.2.3.4')).toEqual({ ok: true, remaining: 1 });
      expect(await limiter.consume('1.2.3.4')).toEqual({ ok: true, remaining: 0 });
      const over = await limiter.consume('1.2.3.4');
      expect(over.ok).toBe(false);
      if (over.ok) return;
      expect(over.retryAfterMs).toBeGreaterThan(0);
      expect(over.retryAfterMs).toBeLessThanOrEqual(60_000);
    });

    it('counts keys and limiter names separately, and honours multi-point consumes', async () => {
      const { rateLimiters } = (await track.make()).bundle;
      const perIp = rateLimiters.create({ name: 'ip', points: 2, durationSeconds: 60 });
      const perConversation = rateLimiters.create({ name: 'conversation', points: 2, durationSeconds: 60 });
      expect((await perIp.consume('a', 2)).ok).toBe(true);
      expect((await perIp.consume('a')).ok).toBe(false);
      expect((await perIp.consume('b')).ok).toBe(true);
      expect((await perConversation.consume('a')).ok).toBe(true);
    });

    it('reward gives consumed points back within the window', async () => {
      const { rateLimiters } = (await track.make()).bundle;
      const limiter = rateLimiters.create({ name: 'login', points: 2, durationSeconds: 60 });
      expect((await limiter.consume('k')).ok).toBe(true);
      expect((await limiter.consume('k')).ok).toBe(true);
      await limiter.reward('k');
      expect(await limiter.consume('k')).toEqual({ ok: true, remaining: 0 });
      expect((await limiter.consume('k')).ok).toBe(false);
    });

    it('allows again once the window has passed', async () => {
      const { rateLimiters } = (await track.make()).bundle;
      const limiter = rateLimiters.create({ name: 'short', points: 1, durationSeconds: 1 });
      expect((await limiter.consume('k')).ok).toBe(true);
      const over = await limiter.consume('k');
      expect(over.ok).toBe(false);
      await sleep(over.ok ? 0 : over.retryAfterMs + 100);
      expect((await limiter.consume('k')).ok).toBe(true);
    });

    it('rejects nonsensical definitions', async () => {
      const { rateLimiters } = (await track.make()).bundle;
      expect(() => rateLimiters.create({ name: 'x', points: 0, durationSeconds: 60 })).toThrow(/points/);
      expect(() => rateLimiters.create({ name: 'x', points: 1, durationSeconds: 0.5 })).toThrow(/durationSeconds/);
      expect(() => rateLimiters.create({ name: 'a:b', points: 1, durationSeconds: 1 })).toThrow(/name/);
    });

    it('shares counts across instances (where the backend is shared)', async (ctx) => {
      const h = await track.make();
      if (!h.sibling) return ctx.skip();
      const other = await h.sibling();
      const a = h.bundle.rateLimiters.create({ name: 'shared', points: 4, durationSeconds: 60 });
      const b = other.rateLimiters.create({ name: 'shared', points: 4, durationSeconds: 60 });
      const results = await Promise.all([a, b, a, b, a, b].map((l) => l.consume('ip-9')));
      expect(results.filter((r) => r.ok)).toHaveLength(4);
      expect(results.filter((r) => !r.ok)).toHaveLength(2);
    });
  });
}
