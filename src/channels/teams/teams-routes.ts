import express, { type Request, type Response } from 'express';
import type { Clock } from '../../core/clock.js';
import type { Engine } from '../../core/engine.js';
import { HttpError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../../core/store.js';
import { parseOr400 } from '../../http/validate.js';
import { activitySchema, feedbackRating } from './activity-schema.js';
import { createBackgroundWork, type BackgroundWork } from '../background-work.js';
import type { BotConnection } from './bot-connection.js';
import { teamsConversationId } from './conversation-ref.js';
import { stripBotMention } from './mention.js';
import type { ChannelLocales } from '../customer-language.js';
import { priceFormats } from '../price-format.js';
import { answerMessage, sendWelcome, type TeamsTurnDeps } from './teams-turn.js';

/** Where main.ts mounts teamsRoutes (the Bot Framework convention). */
export const TEAMS_MOUNT_PATH = '/api/messages';

export interface TeamsRoutesDeps {
  connection: BotConnection;
  engine: Engine;
  store: Store;
  clock: Clock;
  logger: Logger;
  limits: {
    maxMessageChars: number;
    /** Activities carry entities and channel data; default 256 KiB. */
    bodyLimitBytes?: number;
    /** How long an activity id is remembered for dedupe; default one day. */
    dedupeTtlSeconds?: number;
  };
  /** ISO 4217 code for product prices in cards (default USD), formatted in the customer's language. */
  currency?: string;
  /** The locale packs: the channel's own words (`ui`) in the customer's language, and that language. */
  locales: ChannelLocales;
  /** Shared with main.ts so shutdown can wait for replies still being written. */
  background?: BackgroundWork;
  /** The store's own welcome; by default the pack's `ui.greeting` in the language of the customer's Teams client. */
  welcomeText?: string;
  typingIntervalMs?: number;
  /** Records a feedback-button press on a bot reply as the conversation's rating (insights). */
  rate?: (conversationId: string, rating: 'up' | 'down') => Promise<unknown>;
}

/**
 * POST /api/messages: verify, validate, acknowledge, then work. The acknowledgement goes out as
 * soon as the activity is accepted; the engine's turn and the reply happen afterwards, so a slow
 * model never holds the request past Bot Framework's 15 s timeout.
 */
export function teamsRoutes(deps: TeamsRoutesDeps): express.Router {
  const router = express.Router();
  const logger = deps.logger.child({ channel: 'teams' });
  const background = deps.background ?? createBackgroundWork(logger);
  const dedupeTtl = deps.limits.dedupeTtlSeconds ?? 24 * 3600;
  const turnDeps: TeamsTurnDeps = {
    connection: deps.connection,
    engine: deps.engine,
    store: deps.store,
    clock: deps.clock,
    logger,
    maxMessageChars: deps.limits.maxMessageChars,
    prices: priceFormats(deps.currency ?? 'USD'),
    locales: deps.locales,
    typingIntervalMs: deps.typingIntervalMs ?? 3000,
    ...(deps.welcomeText ? { welcomeText: deps.welcomeText } : {}),
  };
  const json = express.json({
    limit: deps.limits.bodyLimitBytes ?? 256 * 1024,
    strict: true,
    type: ['application/json', 'application/*+json'],
  });

  router.post('/', json, async (req: Request, res: Response) => {
    const body: unknown = req.body;
    const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const auth = await deps.connection.authenticate(
      { channelId: fields.channelId as string | undefined, serviceUrl: fields.serviceUrl as string | undefined },
      req.get('authorization'),
    );
    if (!auth.ok) {
      const headers: Record<string, string> = auth.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="botframework"' } : { 'Retry-After': '5' };
      throw new HttpError(auth.status, auth.code, auth.message, { headers });
    }
    if (body === undefined) {
      throw new HttpError(415, 'unsupported_media_type', 'send the activity as JSON with Content-Type: application/json');
    }
    const activity = parseOr400(activitySchema, body, 'activity');
    const conversationId = teamsConversationId(activity);

    if (activity.type === 'message') {
      if (!activity.id) throw new HttpError(400, 'invalid_request', 'id: message activities must have an id');
      // Bot Framework redelivers when it thinks we timed out; the typing and the reply must not repeat.
      if (!(await deps.store.claimOnce(`teams:activity:${conversationId}:${activity.id}`, dedupeTtl))) {
        res.status(200).end();
        return;
      }
      const text = stripBotMention(activity.text ?? '', activity.entities, activity.recipient.id);
      const activityId = activity.id;
      // Stamped on arrival, not when the queued work starts: an erasure in between must win.
      const receivedAt = deps.clock.now();
      background.run('teams message', () => answerMessage(turnDeps, { activity, activityId, conversationId, text, receivedAt }), conversationId);
      res.status(202).end();
      return;
    }

    if (activity.type === 'conversationUpdate' && activity.membersAdded?.some((m) => m.id === activity.recipient.id)) {
      if (activity.id && !(await deps.store.claimOnce(`teams:activity:${conversationId}:${activity.id}`, dedupeTtl))) {
        res.status(200).end();
        return;
      }
      background.run('teams welcome', () => sendWelcome(turnDeps, activity));
      res.status(202).end();
      return;
    }

    // Teams' thumbs up / down under a bot reply. An invoke expects a body back.
    const rating = feedbackRating(activity);
    if (rating) {
      if (deps.rate && (await deps.store.getConversation(conversationId))) await deps.rate(conversationId, rating);
      res.status(200).json({});
      return;
    }

    // typing, messageReaction, installationUpdate, other invokes, …: accepted and ignored.
    res.status(200).end();
  });

  return router;
}
