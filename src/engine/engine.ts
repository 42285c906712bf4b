import type { Engine } from '../core/engine.js';
import { answerOnce } from './answer-once.js';
import { decideProposal } from './decide-proposal.js';
import { replayDuplicate } from './duplicate-replay.js';
import { createEngineContext, type EngineDeps } from './engine-context.js';
import { reroute } from './reroute.js';
import { runTurn } from './turn-pipeline.js';

export { defaultEngineOptions, type EngineDeps, type EngineOptions } from './engine-context.js';

/**
 * The engine, split by concern (docs/architecture.md):
 *   answer-once.ts + duplicate-replay.ts   each message answered once; resends replayed
 *   turn-pipeline.ts                       one customer message: identity, proposal, routing
 *   respond.ts                             flags, mode, escalation for a routed message
 *   skill-runner.ts                        model + tools + guard, else the offline responder
 *   reply-commit.ts                        the reply and the conversation in one compare-and-set
 *   ../conversations/conversation-control.ts  mode, flags and queue membership
 *   decide-proposal.ts, reroute.ts         what agents and the widget's buttons ask of it
 */
export function createEngine(deps: EngineDeps): Engine {
  const ctx = createEngineContext(deps);
  return {
    handle(msg, sink) {
      return answerOnce(
        ctx.store,
        msg,
        { lock: ctx.lock, dedupeTtlSeconds: ctx.opts.dedupeTtlSeconds, historyMessages: ctx.opts.historyForPrompt },
        (loaded) => runTurn(ctx, msg, sink, loaded),
        (loaded) => replayDuplicate(ctx.store, msg, loaded),
      );
    },
    decideProposal: (input) => decideProposal(ctx, input),
    reroute: (input) => reroute(ctx, input),
  };
}
