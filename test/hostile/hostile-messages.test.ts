import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_HOSTILE, PROTOTYPE_WORDS } from '../../src/bench/hostile-inputs.js';
import type { AppTarget } from '../../src/cli/load-target.js';
import { startAppChild, watchHealth, webchatConversation } from './app-child.js';

/**
 * Issue 14, the reproductions, over real HTTP against the app in a child process (memory
 * store, offline responder): each message is answered 2xx, and /healthz keeps answering
 * within a second the whole time. On the main of the time, "ab" x 1,000 took 45 s and
 * blocked /healthz, the CJK word x 1,000 killed the process, "@" x 2,000 took seconds,
 * "route" and 2,000 spaces did not finish in ten minutes, and "constructor" answered 500.
 */

describe('hostile messages over HTTP (app in a child process)', () => {
  let app: AppTarget;
  beforeAll(async () => {
    app = await startAppChild();
  }, 90_000);
  afterAll(async () => {
    await app?.stop();
  });

  it.each(NAMED_HOSTILE)('answers %s with 2xx while /healthz keeps answering', async (_name, text) => {
    const watch = watchHealth(app.url);
    const chat = await webchatConversation(app.url);
    const res = await chat.send(text);
    const health = await watch.stop();
    expect(res.status, res.body.slice(0, 300)).toBe(200);
    expect(health.failures).toEqual([]);
    expect(health.polls).toBeGreaterThan(0);
  }, 60_000);

  it('answers "Do you sell drills for a constructor?" and every Object.prototype name as a word with 2xx', async () => {
    const watch = watchHealth(app.url);
    const chat = await webchatConversation(app.url);
    const texts = [
      'Do you sell drills for a constructor?',
      ...PROTOTYPE_WORDS.flatMap((w) => [w, `Do you sell a ${w}?`, `I want to return my ${w} from order 10012`, `my ${w} is broken, is it under warranty?`, `${w} under $50`]),
      PROTOTYPE_WORDS.join(' '),
    ];
    const bad: string[] = [];
    for (const text of texts) {
      const res = await chat.send(text);
      if (res.status < 200 || res.status >= 300) bad.push(`${JSON.stringify(text)} -> ${res.status} ${res.body.slice(0, 120)}`);
    }
    const health = await watch.stop();
    expect(bad).toEqual([]);
    expect(health.failures).toEqual([]);
  }, 120_000);
});
