import express, { type Request, type Response } from 'express';
import type { Clock } from '../../core/clock.js';
import type { Engine } from '../../core/engine.js';
import { HttpError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/store.js';
import { parseOr400 } from '../../http/validate.js';
import { createBackgroundWork, type BackgroundWork } from '../background-work.js';
import type { SlackApi } from './slack-api.js';
import { envelopeTypeSchema, eventCallbackSchema, urlVerificationSchema, type SlackEvent } from './slack-event-schema.js';
import type { SlackOptions } from './slack-options.js';
import { verifySlackSignature } from './slack-signature.js';
import type { ChannelLocales } from '../customer-language.js';
import { priceFormats } from '../price-format.js';
import { answerSlackMessage, type SlackInbound, type SlackTurnDeps } from './slack-turn.js';
import { slackConversationId } from './slack-conversation.js';

/** Where main.ts mounts slackRoutes (the Event Subscriptions request URL). */
export const SLACK_MOUNT_PATH = '/api/slack/events';

/**
 * What manifest/slack/manifest.yaml must subscribe to and ask for, and no more:
 * app_mention (app_mentions:read) and message.im (im:history) are the events
 * customerMessage() accepts; chat:write is for chat.postMessage. auth.test needs no scope.
 */
export const SLACK_BOT_EVENTS = ['app_mention', 'message.im', 'reaction_added'] as const;
export const SLACK_BOT_SCOPES = ['app_mentions:read', 'chat:write', 'im:history', 'reactions:read'] as const;

/** Reactions that rate a conversation (Slack's names for thumbs up and down, with skin tones). */
function ratingOf(reaction: string | undefined): 'up' | 'down' | null {
  const name = (reaction ?? '').split('::')[0];
  if (name === '+1' || name === 'thumbsup') return 'up';
  if (name === '-1' || name === 'thumbsdown') return 'down';
  return null;
}

export interface SlackRoutesDeps {
  options: SlackOptions;
  api: SlackApi;
  engine: Engine;
  store: Store;
  clock: Clock;
  logger: Logger;
  limits: {
    maxMessageChars: number;
    /** Default 256 KiB. */
    bodyLimitBytes?: number;
    /** How long event ids are remembered for dedupe; default one day. */
    dedupeTtlSeconds?: number;
  };
  /** ISO 4217 code for product prices (default USD), formatted in the customer's language. */
  currency?: string;
  /** The locale packs: the channel's own words (`ui`) in the customer's language, and that language. */
  locales: ChannelLocales;
  background?: BackgroundWork;
  /** Records a customer's thumbs up / down on a reply in their DM as the conversation's rating (insights). */
  rate?: (conversationId: string, rating: 'up' | 'down') => Promise<unknown>;
}

/** A message from a person to the bot: a DM, or a mention in a channel. Everything else is not ours. */
function customerMessage(teamId: string, event: SlackEvent, receivedAt: number): SlackInbound | null {
  const kind = event.type === 'app_mention' ? 'mention' : event.type === 'message' && event.channel_type === 'im' ? 'im' : null;
  if (!kind) return null;
  // Edits, deletions, joins, bot posts (ours and other bots'): not a customer speaking.
  if (event.subtype !== undefined || event.bot_id !== undefined) return null;
  if (!event.user || !event.channel || !event.ts) return null;
  return { kind, teamId, event: { ...event, user: event.user, channel: event.channel, ts: event.ts }, receivedAt };
}

/**
 * POST /api/slack/events. The body is read raw and its signature checked before anything else;
 * the event is acknowledged at once (Slack allows 3 s) and answered in the background.
 */
export function slackRoutes(deps: SlackRoutesDeps): express.Router {
  const router = express.Router();
  const logger = deps.logger.child({ channel: 'slack' });
  const background = deps.background ?? createBackgroundWork(logger);
  const dedupeTtl = deps.limits.dedupeTtlSeconds ?? 24 * 3600;
  const turnDeps: SlackTurnDeps = {
    api: deps.api,
    engine: deps.engine,
    store: deps.store,
    clock: deps.clock,
    logger,
    maxMessageChars: deps.limits.maxMessageChars,
    prices: priceFormats(deps.currency ?? 'USD'),
    locales: deps.locales,
  };
  // Raw bytes for this route only: the signature is over exactly what Slack sent.
  const raw = express.raw({ type: () => true, limit: deps.limits.bodyLimitBytes ?? 256 * 1024 });

  router.post('/', raw, async (req: Request, res: Response) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const secret = deps.options.signingSecret;
    if (!secret) throw new HttpError(401, 'slack_not_configured', 'Slack requests are refused: SLACK_SIGNING_SECRET is not set');
    const check = verifySlackSignature({
      signingSecret: secret,
      timestamp: req.get('x-slack-request-timestamp'),
      signature: req.get('x-slack-signature'),
      body,
      nowMs: deps.clock.now(),
    });
    if (!check.ok) throw new HttpError(401, 'invalid_signature', check.reason);

    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, 'invalid_json', 'request body is not valid JSON');
    }
    const { type } = parseOr400(envelopeTypeSchema, payload);

    if (type === 'url_verification') {
      const { challenge } = parseOr400(urlVerificationSchema, payload);
      res.json({ challenge });
      return;
    }
    if (type !== 'event_callback') {
      // app_rate_limited and future envelope types: nothing to do.
      res.status(200).end();
      return;
    }

    const envelope = parseOr400(eventCallbackSchema, payload);
    // Slack retries (X-Slack-Retry-Num) reuse the event id; a retry of an event we took is answered and dropped.
    if (!(await deps.store.claimOnce(`slack:event:${envelope.team_id}:${envelope.event_id}`, dedupeTtl))) {
      res.status(200).end();
      return;
    }
    const rating = envelope.event.type === 'reaction_added' ? ratingOf(envelope.event.reaction) : null;
    if (envelope.event.type === 'reaction_added') {
      const item = envelope.event.item;
      // Direct messages only (a DM is one conversation); a reaction in a channel thread is not a rating.
      if (rating && deps.rate && item?.type === 'message' && item.channel?.startsWith('D')) {
        const conversationId = slackConversationId({ kind: 'slack', teamId: envelope.team_id, channel: item.channel });
        if (await deps.store.getConversation(conversationId)) await deps.rate(conversationId, rating);
      }
      res.status(200).end();
      return;
    }
    const inbound = customerMessage(envelope.team_id, envelope.event, deps.clock.now());
    // One message can arrive as two events (a mention in a DM is both message.im and app_mention).
    if (!inbound || !(await deps.store.claimOnce(`slack:message:${envelope.team_id}:${inbound.event.channel}:${inbound.event.ts}`, dedupeTtl))) {
      res.status(200).end();
      return;
    }
    background.run('slack message', () => answerSlackMessage(turnDeps, inbound), `${inbound.teamId}:${inbound.event.channel}`);
    res.status(200).end();
  });

  return router;
}
