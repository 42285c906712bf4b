import type { Response } from 'express';
import type { Clock } from '../../core/clock.js';
import { TOPICS, type ConversationEvent, type DeliveryEvent } from '../../core/events.js';
import type { Logger } from '../../core/logger.js';
import type { EventBus } from '../../core/store.js';
import { SseStream } from '../../http/sse.js';

export interface EventStreamLimits {
  /** Concurrent streams per conversation (SSE_MAX_PER_CONVERSATION). */
  perConversation: number;
  /** Concurrent streams per client address key (SSE_MAX_PER_ADDRESS). */
  perAddress: number;
}

export type StreamRefusal = { limit: 'conversation' | 'address'; max: number };

interface Stream {
  conversationId: string;
  address: string;
  sse: SseStream;
  timer: NodeJS.Timeout | null;
  close(event: string, data: unknown): void;
}

/** setTimeout's longest delay; a token living longer is re-checked when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The widget event streams this process holds (agent replies, approved drafts, join/leave
 * notices). Each is a socket and a timer for as long as the page stays open, so they are
 * counted and capped, per conversation and per client address (a token, or one address, could
 * otherwise hold thousands), and each ends by itself when its conversation is erased (on any
 * process: the erase is published on the bus) or its token expires. One bus subscription per
 * topic serves every stream, dispatching by conversation id.
 */
export function createEventStreams(deps: { bus: EventBus; clock: Clock; logger: Logger; limits: EventStreamLimits; heartbeatMs?: number }) {
  const byConversation = new Map<string, Set<Stream>>();
  const byAddress = new Map<string, number>();
  let subscribing: Promise<void> | null = null;

  function dispatch(conversationId: string, each: (s: Stream) => void): void {
    const streams = byConversation.get(conversationId);
    if (streams) for (const s of [...streams]) each(s);
  }

  function subscribe(): Promise<void> {
    subscribing ??= Promise.all([
      deps.bus.subscribe(TOPICS.delivery, (payload) => {
        const event = payload as DeliveryEvent | null;
        if (event && typeof event.conversationId === 'string') dispatch(event.conversationId, (s) => s.sse.send('message', event.message));
      }),
      deps.bus.subscribe(TOPICS.conversations, (payload) => {
        const event = payload as ConversationEvent | null;
        if (event?.type === 'deleted' && typeof event.conversationId === 'string') {
          dispatch(event.conversationId, (s) => s.close('erased', { conversationId: event.conversationId }));
        }
      }),
    ]).then(
      () => undefined,
      (err: unknown) => {
        subscribing = null; // try again with the next stream
        throw err;
      },
    );
    return subscribing;
  }

  function release(stream: Stream): void {
    const set = byConversation.get(stream.conversationId);
    if (!set?.delete(stream)) return;
    if (set.size === 0) byConversation.delete(stream.conversationId);
    const left = (byAddress.get(stream.address) ?? 1) - 1;
    if (left > 0) byAddress.set(stream.address, left);
    else byAddress.delete(stream.address);
    if (stream.timer) clearTimeout(stream.timer);
  }

  return {
    /**
     * Opens a stream for a conversation whose token was checked, or says which limit refuses it.
     * The slot is taken before anything is awaited, so concurrent opens cannot overshoot a limit.
     */
    async open(res: Response, input: { conversationId: string; address: string; tokenExpiresAt?: number }): Promise<StreamRefusal | { stream: { close(event: string, data: unknown): void } }> {
      const { conversationId, address } = input;
      if ((byConversation.get(conversationId)?.size ?? 0) >= deps.limits.perConversation) return { limit: 'conversation', max: deps.limits.perConversation };
      if ((byAddress.get(address) ?? 0) >= deps.limits.perAddress) return { limit: 'address', max: deps.limits.perAddress };
      const stream: Stream = {
        conversationId,
        address,
        sse: undefined as unknown as SseStream,
        timer: null,
        close(event, data) {
          stream.sse?.send(event, data);
          stream.sse?.end();
          release(stream);
        },
      };
      let set = byConversation.get(conversationId);
      if (!set) byConversation.set(conversationId, (set = new Set()));
      set.add(stream);
      byAddress.set(address, (byAddress.get(address) ?? 0) + 1);
      try {
        await subscribe();
      } catch (err) {
        release(stream);
        throw err;
      }
      stream.sse = new SseStream(res, { heartbeatMs: deps.heartbeatMs ?? 15_000 });
      // The client may have gone while we were subscribing: then 'close' has fired already.
      if (stream.sse.isClosed) {
        release(stream);
        return { stream };
      }
      res.on('close', () => release(stream));
      stream.sse.send('ready', { conversationId });
      if (input.tokenExpiresAt !== undefined) {
        // How long the token has left by the app's clock, counted down on the timer's own clock.
        const deadline = Date.now() + (input.tokenExpiresAt - deps.clock.now());
        const arm = () => {
          const left = deadline - Date.now();
          if (left <= 0) return stream.close('expired', { conversationId, reason: 'the conversation token has expired; start a new conversation' });
          stream.timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
          stream.timer.unref();
        };
        arm();
      }
      return { stream };
    },
  };
}

export type EventStreams = ReturnType<typeof createEventStreams>;
