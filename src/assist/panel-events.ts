import type { RequestHandler } from 'express';
import { TOPICS, type ConversationEvent } from '../core/events.js';
import type { Logger } from '../core/logger.js';
import type { EventBus } from '../core/store.js';
import { SseStream } from '../http/sse.js';
import { signedIn } from './agent-auth.js';
import type { AgentPresence } from './agent-presence.js';
import type { AgentSessions } from './agent-sessions.js';
import { summarize } from './conversation-summary.js';

export interface PanelEventsOptions {
  heartbeatMs: number;
  /** How often an open stream re-checks that its session still exists (sign-out, expiry). */
  sessionCheckMs: number;
}

/** Turns a bus event into what the panel receives; null for anything malformed. */
export function panelEvent(payload: unknown): { event: string; data: unknown } | null {
  const e = payload as ConversationEvent | null;
  if (!e || typeof e !== 'object' || typeof e.type !== 'string') return null;
  switch (e.type) {
    case 'conversation':
      return e.conversation && typeof e.conversation.id === 'string' ? { event: 'conversation', data: summarize(e.conversation) } : null;
    case 'message':
    case 'message_updated':
      return typeof e.conversationId === 'string' && e.message ? { event: e.type, data: { conversationId: e.conversationId, message: e.message } } : null;
    case 'deleted':
      return typeof e.conversationId === 'string' ? { event: 'deleted', data: { conversationId: e.conversationId } } : null;
    default:
      return null;
  }
}

/**
 * GET /api/agent/events: the live feed of every conversation change. It is fed from the event
 * bus (Redis pub/sub with REDIS_URL), so an agent on any process sees turns handled by all of them.
 * While it is open the agent is online (agent-presence.ts): the panel open is the agent present.
 */
export function panelEvents(bus: EventBus, sessions: AgentSessions, logger: Logger, opts: PanelEventsOptions, presence?: AgentPresence): RequestHandler {
  return async (_req, res) => {
    const { id, session } = signedIn(res);
    const sse = new SseStream(res, { heartbeatMs: opts.heartbeatMs });
    const unsubscribe = await bus.subscribe(TOPICS.conversations, (payload) => {
      const out = panelEvent(payload);
      if (out) sse.send(out.event, out.data);
    });
    const check = setInterval(() => {
      sessions.get(id).then(
        (session) => {
          if (session) return;
          sse.send('signed_out', {});
          sse.end();
        },
        () => undefined,
      );
    }, opts.sessionCheckMs);
    check.unref();
    const leave = presence?.join(session.agent);
    const stop = () => {
      clearInterval(check);
      void leave?.();
      unsubscribe().catch((err: unknown) => logger.warn({ err }, 'unsubscribe failed'));
    };
    // The client may have gone while we were subscribing.
    if (sse.isClosed) stop();
    else res.on('close', stop);
    sse.send('ready', { at: Date.now() });
  };
}
