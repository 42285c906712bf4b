import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Issue 14, found by the store-shaped fuzz (src/fuzz/store-text.ts: "USD" and 30 nines): an
 * amount of 10^14 or more (cents past 2^53) in the customer's text, with any amount in the
 * draft that nothing grounds, sent the answer guard into a loop that never ended (the cent
 * index counted k++ up to c + 1, and past 2^53 c + 1 === c). The process froze for good. The
 * check runs in a child process: a same-process timeout cannot stop a synchronous loop.
 */
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'children/huge-amount-check.ts');

function check(text: string, reply: string): { status: number | null; out: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, text, reply], { encoding: 'utf8', timeout: 25_000, killSignal: 'SIGKILL' });
  return { status: r.status, out: r.stdout.trim(), ms: performance.now() - t0 };
}

describe('the answer guard on amounts past what a double holds to the cent', () => {
  for (const amount of ['$10000000000000000', '$99999999999999.99', 'USD 99999999999999999999999999999', '$1e308']) {
    it(`answers for a customer's ${amount} (a verdict, not a frozen process)`, () => {
      const r = check(`my budget is ${amount} for a blender`, `With a budget of ${amount} you could get the QuietBlend 600 (KIT-1001) at $69.99, and a $25 gift card.`);
      expect(r.status, `no verdict within 25 s (${r.ms.toFixed(0)} ms)`).toBe(0);
      // $25 is grounded by nothing in the turn: the guard still says so.
      expect(JSON.parse(r.out)).toEqual({ ok: false, kind: 'grounding' });
    }, 30_000);
  }
});
