import { describe, expect, it } from 'vitest';
import { ESCALATION_QUEUE } from '../../src/core/store.js';
import { changeConversation, handedBack, takenOver } from '../../src/conversations/conversation-control.js';
import { redisBundles } from '../channels/redis-bundles.js';
import { engineHarness, message } from './engine-harness.js';

/** On Redis, queue membership is written by the conversation's own compare-and-set script. */
describe('escalation queue in the conversation write (Redis)', () => {
  const bundles = redisBundles('engine-queue');

  it('enters with the escalation, leaves with the take-over, and one of two concurrent claims wins', async () => {
    const bundle = await bundles();
    try {
      const h = await engineHarness({ bundle });
      await h.engine.handle(message('q1', 'I want to talk to a person'));
      const c = await bundle.store.getConversation('q1');
      expect(await bundle.store.zRange(ESCALATION_QUEUE)).toEqual([{ member: 'q1', score: c!.waitingSince! }]);
      const claims = await Promise.allSettled(
        ['alice', 'bob', 'carol'].map((agent) => changeConversation(bundle.store, 'q1', (cur) => takenOver(cur, agent, Date.now(), { claim: true }))),
      );
      expect(claims.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
      expect(await bundle.store.zRange(ESCALATION_QUEUE)).toEqual([]);
      const owner = (await bundle.store.getConversation('q1'))!.agent!;
      await changeConversation(bundle.store, 'q1', (cur) => handedBack(cur, owner, Date.now()));
      expect(await bundle.store.zRange(ESCALATION_QUEUE)).toEqual([]);
      // A conversation erased leaves the queue with everything else.
      await h.engine.handle(message('q2', 'real person please'));
      expect((await bundle.store.zRange(ESCALATION_QUEUE)).map((m) => m.member)).toEqual(['q2']);
      await bundle.store.deleteConversation('q2');
      expect(await bundle.store.zRange(ESCALATION_QUEUE)).toEqual([]);
    } finally {
      await bundle.close();
    }
  });
});
