import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCases } from '../../src/answers/load-cases.js';
import { createGuardKit, type GuardKit } from './guard-kit.js';

/**
 * False positives: the offline responder's answers state only facts from the store data
 * and its own tool calls, so the guard must accept every one of them. The messages are the
 * first turns of the answer-eval cases (test/answers/*.jsonl), answered through the engine.
 */

let kit: GuardKit;
beforeAll(async () => {
  kit = await createGuardKit();
});
afterAll(async () => {
  await kit?.close();
});

describe('the guard on grounded answers', () => {
  it('accepts every offline answer to the answer-eval messages', async () => {
    const dir = path.resolve(import.meta.dirname, '../answers');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).map((f) => path.join(dir, f));
    const cases = await loadCases(files);
    const rejected: string[] = [];
    let checked = 0;
    for (const c of cases) {
      const text = c.turns[0]!.user;
      const res = await kit.composed.engine.handle({ conversationId: `guard-${c.id}`, channel: 'webchat', user: { id: 'u' }, text, id: `guard-${c.id}-1`, createIfMissing: true });
      const reply = res.reply;
      if (!reply || !reply.text) continue;
      const skill = kit.composed.skills.current().skills.get(reply.skill)!;
      // The answer's own text (without a hand-off note the engine appends).
      const verdict = await kit.guard.check({ skill, reply: reply.text, tools: reply.tools, prompt: await kit.prompt(reply.skill, text) });
      checked += 1;
      if (!verdict.ok) rejected.push(`${c.id}: ${verdict.problems.join(' ')}\n  ${reply.text}`);
    }
    expect(checked).toBeGreaterThanOrEqual(60);
    expect(rejected).toEqual([]);
  }, 60_000);
});
