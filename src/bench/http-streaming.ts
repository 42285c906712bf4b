import { openConversation, streamTurn, type ChatConversation } from './chat-client.js';
import { latency, switchboardEnv } from './http-overhead.js';
import { ConversationRotation } from './load-messages.js';
import type { StreamingSection } from './results-schema.js';
import { round } from './stats.js';
import { startTarget, type Target } from './target.js';
import { startTimedModelServer } from './timed-model-server.js';

export interface StreamingOptions {
  turns: number;
  warmup: number;
  gapMs: number;
  texts: readonly string[];
  log: (line: string) => void;
}

/**
 * Time from the model writing its first content token to the client parsing the first
 * `delta` SSE event, through Switchboard (memory store) and through the floor's SSE relay.
 * Each chunk comes `gapMs` after the previous one, so the server is idle, waiting on the
 * model, when the token arrives (as with a real model).
 */
export async function runStreaming(opts: StreamingOptions): Promise<StreamingSection> {
  const model = await startTimedModelServer({
    chunks: ['Happy ', 'to ', 'help ', 'with ', 'that.'],
    gapMs: opts.gapMs,
    routeSkill: 'other',
  });
  const targets: Array<{ target: Target; rotation: ConversationRotation<ChatConversation>; samples: number[] }> = [];
  try {
    const sb = await startTarget({ name: 'memory', kind: 'switchboard', env: switchboardEnv(model.baseURL) });
    // A new conversation a turn: a later turn of one could be kept in a hand-off, which streams nothing.
    targets.push({ target: sb, rotation: new ConversationRotation(() => openConversation(sb.url), 1), samples: [] });
    const floor = await startTarget({ name: 'floor', kind: 'floor', env: { OPENAI_BASE_URL: model.baseURL, OPENAI_API_KEY: 'x' } });
    targets.push({ target: floor, rotation: new ConversationRotation(async () => ({ id: 'floor', token: 'none' }), 1), samples: [] });
    for (let i = 0; i < opts.warmup + opts.turns; i++) {
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(i + k) % targets.length]!;
        const conversation = await t.rotation.next();
        model.reset();
        const { firstDeltaAt } = await streamTurn(t.target.url, conversation, opts.texts[i % opts.texts.length]!);
        const firstToken = model.firstTokenAt();
        if (firstDeltaAt === null || firstToken === null) throw new Error(`${t.target.name}: no delta event or no token streamed`);
        if (i >= opts.warmup) t.samples.push(Number(firstDeltaAt - firstToken) / 1e6);
      }
    }
    const sbL = latency(targets[0]!.samples);
    const floorL = latency(targets[1]!.samples);
    opts.log(`  first token -> first delta: switchboard p50 ${sbL.p50Ms} ms, floor p50 ${floorL.p50Ms} ms`);
    return {
      turns: opts.turns,
      chunkGapMs: opts.gapMs,
      switchboard: sbL,
      floor: floorL,
      addedOverFloorP50Ms: round(sbL.p50Ms - floorL.p50Ms, 3),
    };
  } finally {
    await Promise.all(targets.map((t) => t.target.stop()));
    await model.close();
  }
}
