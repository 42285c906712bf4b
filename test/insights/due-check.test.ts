import { describe, expect, it } from 'vitest';
import type { TurnObservation } from '../../src/core/engine.js';
import { silentLogger } from '../../src/core/logger.js';
import { dayOf } from '../../src/insights/days.js';
import { DUE_SET, EPISODE_END_MS, INSIGHTS_AGGREGATE, createInsightsRecorder, dayBucket } from '../../src/insights/insights-recorder.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const START = Date.UTC(2026, 2, 2, 9, 0, 0);

function turn(conversationId: string, n: number): TurnObservation {
  return { channel: 'webchat', conversationId, messageId: `m_${conversationId}_${n}`, confidence: 0.9, skill: 'returns', method: 'local', offline: false, status: 'sent', durationMs: 3, flags: [] };
}

describe('insights: the due check on each turn', () => {
  it('reads the due set only once an episode can be due, and still counts each ended episode on the first turn after its end', async () => {
    let now = START;
    const clock = { now: () => now };
    const store = new MemoryStore({ historyTtlSeconds: 30 * 86_400, maxMessages: 50, clock });
    let dueReads = 0;
    const zRange = store.zRange.bind(store);
    store.zRange = (set, opts) => {
      if (set === DUE_SET) dueReads++;
      return zRange(set, opts);
    };
    const recorder = createInsightsRecorder({ store, clock, logger: silentLogger, config: { retentionDays: 90, timeZone: 'UTC', otherConfidence: 0.5, samplesPerDay: { unanswered: 10, all: 10 } } });
    const ended = async (day: number) => (await store.readCounters(INSIGHTS_AGGREGATE, [dayBucket(dayOf(day, 'UTC'))]))[0]?.['all|ended'] ?? 0;

    recorder.onTurn(turn('c_a', 1));
    await recorder.idle();
    expect(dueReads).toBe(1);
    // A day of other conversations' turns: nothing can be due before c_a's episode ends.
    for (let i = 0; i < 24; i++) {
      now += 3600_000 - 120_000;
      recorder.onTurn(turn(`c_${i}`, 1));
      await recorder.idle();
    }
    expect(dueReads).toBe(1);
    expect(await ended(START)).toBe(0);
    // Past the end of c_a's episode (and of the first of the others'): the next turn counts them.
    now = START + EPISODE_END_MS + 3600_000;
    recorder.onTurn(turn('c_late', 1));
    await recorder.idle();
    expect(dueReads).toBe(2);
    expect(await ended(START)).toBe(2);
    // Every episode is counted once, on its own day, as turns go on.
    for (let i = 0; i < 30; i++) {
      now += 3600_000;
      recorder.onTurn(turn('c_late', i + 2));
      await recorder.idle();
    }
    const total = (await ended(START)) + (await ended(START + 86_400_000));
    expect(total).toBe(25);
  });
});
