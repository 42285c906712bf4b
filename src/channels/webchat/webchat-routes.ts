import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../../core/clock.js';
import { startConversation, type Conversation } from '../../core/conversation.js';
import type { Engine, TurnResult } from '../../core/engine.js';
import { CustomerAlreadyBoundError, HttpError } from '../../core/errors.js';
import type { VerifiedCustomer } from '../../core/identity.js';
import type { Logger } from '../../core/logger.js';
import type { EventBus, Store } from '../../core/store.js';
import { newId } from '../../core/ids.js';
import { toHttpError } from '../../http/error-handler.js';
import { SseStream } from '../../http/sse.js';
import { clientAddressKey } from '../../http/client-address.js';
import { parseOr400 } from '../../http/validate.js';
import type { LocalePacks } from '../../locale/locale-packs.js';
import { createEventStreams, type EventStreamLimits } from './event-streams.js';
import { visibleHistory } from './visible-history.js';
import { bearerToken, checkWidgetToken, newWidgetToken } from './widget-token.js';

export interface WebchatLimits {
  maxMessageChars: number;
  bodyLimitBytes: number;
  tokenTtlSeconds: number;
  /** Concurrent event streams per conversation and per client address (default 5 and 50). */
  streams?: EventStreamLimits;
}

/** Optional hooks the reliability layer plugs in (rate limits), kept out of this file's logic. */
export interface WebchatGuards {
  /** Called before a conversation is created (per-IP limit). */
  beforeCreate?: RequestHandler | RequestHandler[];
  /** Called before a message is handled (per-IP and per-conversation limits), in order. */
  beforeMessage?: RequestHandler | RequestHandler[];
}

export interface WebchatDeps {
  store: Store;
  bus: EventBus;
  engine: Engine;
  clock: Clock;
  logger: Logger;
  limits: WebchatLimits;
  guards?: WebchatGuards;
  /** Erases a conversation everywhere (store, queue, panel); defaults to store.deleteConversation. */
  erase?: (conversationId: string) => Promise<void>;
  /**
   * Verifies a signed-in shopper's identity token from the store's site (src/identity/). Throws
   * IdentityTokenError naming the problem; absent when identity tokens are not configured.
   */
  verifyIdentity?: (token: string) => Promise<VerifiedCustomer>;
  /** Records the customer's thumbs up or down for the conversation (insights); absent: ratings are refused. */
  rate?: (conversationId: string, rating: 'up' | 'down') => Promise<{ changed: boolean }>;
  /** An agent's display name by login name (never shown itself), for the "chatting with" line after a reload. */
  agentDisplayName?: (agent: string) => Promise<string | undefined>;
  /**
   * The locale packs: the widget's own words in a language (GET /ui-text) and the conversation's
   * language in replies, so the widget speaks it. Absent: no ui-text, and replies say no language.
   */
  locales?: Pick<LocalePacks, 'get' | 'detect'>;
  /**
   * The store's currency (ISO 4217, from the store data): the widget formats product prices
   * with it in the conversation's language (Intl), so no currency symbol is written in code.
   */
  currency?: () => string;
  /**
   * The store's own language when it is not the packs' default (store.yaml `language`): the
   * language of a turn with none of its own, as the engine answers it (EngineContext.turnLanguage).
   */
  storeLanguage?: () => string | null;
}

const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a conversation id');

const identityTokenSchema = z.string({ error: 'identityToken must be a string (the JWT your site signed)' }).min(1).max(4096);

const createSchema = z
  .object({
    user: z
      .object({ name: z.string().trim().min(1).max(80).optional() })
      .strict()
      .optional(),
    /** The store site's signed identity token for a signed-in shopper (see README, "Signed-in shoppers"). */
    identityToken: identityTokenSchema.optional(),
  })
  .strict();

const identitySchema = z.object({ identityToken: identityTokenSchema }).strict();

/** A browser's language tag (navigator.language: "es", "es-MX", "zh-Hant-TW"); only its first subtag picks a pack. */
const uiTextQuerySchema = z.object({
  lang: z
    .string({ error: 'lang must be one language tag such as es or es-MX' })
    .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/, 'must be a language tag such as es or es-MX')
    .optional(),
});

const decisionSchema = z.object({ decision: z.enum(['confirm', 'decline'], { error: 'decision must be "confirm" or "decline"' }) }).strict();
const ratingSchema = z.object({ rating: z.enum(['up', 'down'], { error: 'rating must be "up" or "down"' }) }).strict();
const proposalIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a proposal id');

const messageSchema = z.object({
  text: z.string({ error: 'text is required and must be a string' }),
  /** Client-chosen id: resending the same id after a network error never answers twice. */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, _ or -')
    .optional(),
  /** The widget's "talk to a person" button: a hand-off request decided by the press, not by reading the words. */
  requestsHuman: z.boolean({ error: 'requestsHuman must be true or false' }).optional(),
});

type AuthedRequest = Request & { conversation?: Conversation };

function routeJson(result: TurnResult) {
  return result.route
    ? { skill: result.route.skill, confidence: Number(result.route.confidence.toFixed(4)), method: result.route.method }
    : null;
}

/**
 * `language`: the conversation's language as far as it is known (null: the widget keeps its own).
 * `currency`: the store's, which the reply's prices are in (null: not configured).
 */
function resultJson(result: TurnResult, language: string | null, currency: string | null) {
  const reply = result.reply;
  const status = result.duplicate && !reply ? 'duplicate' : reply ? reply.status : 'human';
  return {
    conversationId: result.conversationId,
    duplicate: result.duplicate,
    status,
    language,
    currency,
    route: routeJson(result),
    reply:
      reply && (reply.status === 'sent' || reply.status === 'busy')
        ? {
            messageId: reply.messageId,
            text: reply.text,
            offline: reply.offline,
            skill: reply.skill,
            ...(reply.attachments ? { attachments: reply.attachments } : {}),
          }
        : null,
  };
}

export function webchatRoutes(deps: WebchatDeps): express.Router {
  const router = express.Router();
  const { store, engine, clock, limits } = deps;
  const json = express.json({ limit: limits.bodyLimitBytes, strict: true, type: ['application/json', 'application/*+json'] });
  const erase = deps.erase ?? ((id: string) => store.deleteConversation(id));
  const currencyOf = (): string | null => deps.currency?.() ?? null;
  const beforeCreate = [deps.guards?.beforeCreate ?? []].flat();
  const beforeMessage = [deps.guards?.beforeMessage ?? []].flat();
  const streams = createEventStreams({
    bus: deps.bus,
    clock,
    logger: deps.logger,
    limits: limits.streams ?? { perConversation: 5, perAddress: 50 },
  });

  /** The customer's language after `text`, as the engine decides it: the message's own, else the conversation's, else the store's. */
  const languageOf = (conversation: Conversation, text: string | null): string | null =>
    (deps.locales && text !== null ? deps.locales.detect(text) : null) ?? conversation.dialogue?.language ?? deps.storeLanguage?.() ?? null;

  // The widget's own words (buttons, labels, notices) in the language asked for, else the default language's.
  router.get('/ui-text', (req: Request, res: Response) => {
    const query = parseOr400(uiTextQuerySchema, req.query, 'query');
    if (!deps.locales) throw new HttpError(404, 'ui_text_unavailable', 'this server has no locale packs for the widget');
    const pack = deps.locales.get(query.lang?.split('-')[0]!.toLowerCase());
    res.set('Cache-Control', 'public, max-age=300').json({ language: pack.language, ui: pack.ui, currency: currencyOf() });
  });

  const authenticate: RequestHandler = async (req: AuthedRequest, res, next) => {
    const id = parseOr400(conversationIdSchema, req.params.id, 'conversation id');
    const conversation = await store.getConversation(id);
    if (!conversation || conversation.channel !== 'webchat') {
      throw new HttpError(404, 'conversation_not_found', `no conversation "${id}"`);
    }
    const check = checkWidgetToken(conversation, bearerToken(req.get('authorization')), clock.now());
    if (check !== 'ok') {
      res.set('WWW-Authenticate', 'Bearer realm="switchboard-webchat"');
      const message =
        check === 'missing'
          ? 'Authorization: Bearer <token> header is required'
          : check === 'expired'
            ? 'the conversation token has expired; start a new conversation'
            : 'the token is not valid for this conversation';
      throw new HttpError(401, check === 'expired' ? 'token_expired' : 'unauthorized', message);
    }
    req.conversation = conversation;
    next();
  };

  /** The verified customer of an identity token, or a 401 naming what is wrong with it (the widget then continues as a guest). */
  async function identityOf(token: string): Promise<VerifiedCustomer> {
    if (!deps.verifyIdentity) {
      throw new HttpError(400, 'identity_not_configured', 'identityToken: identity tokens are not enabled on this server (IDENTITY_SECRET is not set)');
    }
    try {
      return await deps.verifyIdentity(token);
    } catch (err) {
      const problem = (err as { problem?: unknown }).problem;
      if (typeof problem !== 'string') throw err;
      throw new HttpError(401, 'identity_token_invalid', (err as Error).message, { details: { problem } });
    }
  }

  router.post('/conversations', ...beforeCreate, json, async (req: Request, res: Response) => {
    const body = parseOr400(createSchema, req.body ?? {});
    const customer = body.identityToken !== undefined ? await identityOf(body.identityToken) : null;
    const now = clock.now();
    const { token, hash } = newWidgetToken();
    const conversation = startConversation(
      {
        id: newId('c'),
        channel: 'webchat',
        user: { id: newId('u'), ...(body.user?.name ? { name: body.user.name } : {}) },
        tokenHash: hash,
        tokenExpiresAt: now + limits.tokenTtlSeconds * 1000,
      },
      now,
    );
    await store.saveConversation(customer ? { ...conversation, customer } : conversation);
    res.status(201).json({
      conversationId: conversation.id,
      token,
      expiresAt: new Date(conversation.tokenExpiresAt!).toISOString(),
      verified: customer !== null,
    });
  });

  // A shopper who signs in on the store's site after starting the chat: bind once, never to someone else.
  router.post('/conversations/:id/identity', json, authenticate, async (req: AuthedRequest, res: Response) => {
    const body = parseOr400(identitySchema, req.body ?? {});
    const customer = await identityOf(body.identityToken);
    let conflict = false;
    const updated = await store.updateConversation(req.conversation!.id, (cur) => {
      conflict = cur.customer !== undefined && cur.customer.email !== customer.email;
      if (conflict) return null;
      // The same customer again: the fresh token renews the binding (it lasts as long as the token), and a guest of that e-mail is now signed in.
      if (cur.customer && cur.customer.method === customer.method && cur.customer.customerId === customer.customerId && cur.customer.expiresAt === customer.expiresAt) return null;
      return { ...cur, customer, verification: undefined };
    });
    if (conflict) throw new CustomerAlreadyBoundError();
    res.json({ conversationId: req.conversation!.id, verified: true, changed: updated !== null });
  });

  // The widget's confirm and decline buttons for a pending proposal.
  router.post('/conversations/:id/proposals/:proposalId', json, authenticate, ...beforeMessage, async (req: AuthedRequest, res: Response) => {
    const body = parseOr400(decisionSchema, req.body ?? {});
    const proposalId = parseOr400(proposalIdSchema, req.params.proposalId, 'proposal id');
    const result = await engine.decideProposal({ conversationId: req.conversation!.id, proposalId, decision: body.decision, by: { kind: 'customer_button' } });
    res.json(resultJson(result, languageOf(req.conversation!, null), currencyOf()));
  });

  router.post('/conversations/:id/messages', json, authenticate, ...beforeMessage, async (req: AuthedRequest, res: Response) => {
    if (req.body === undefined) {
      throw new HttpError(415, 'unsupported_media_type', 'send the message as JSON with Content-Type: application/json');
    }
    const body = parseOr400(messageSchema, req.body);
    const text = body.text.trim();
    if (text.length === 0) throw new HttpError(400, 'empty_text', 'text: must not be empty');
    if (text.length > limits.maxMessageChars) {
      throw new HttpError(413, 'text_too_long', `text: must be at most ${limits.maxMessageChars} characters (got ${text.length})`, {
        details: { field: 'text', max: limits.maxMessageChars, length: text.length },
      });
    }
    const conversation = req.conversation!;
    const inbound = {
      conversationId: conversation.id,
      channel: 'webchat' as const,
      user: conversation.user,
      text,
      id: body.id ?? newId('m'),
      receivedAt: clock.now(),
      // Failed order verifications are counted per client address (an IPv6 /64 counts as one).
      clientKey: `ip:${clientAddressKey(req.ip)}`,
      ...(body.requestsHuman ? { requestsHuman: true } : {}),
    };

    const language = languageOf(conversation, text);
    if (!(req.get('accept') ?? '').includes('text/event-stream')) {
      const result = await engine.handle(inbound);
      res.json(resultJson(result, language, currencyOf()));
      return;
    }

    const sse = new SseStream(res);
    try {
      const result = await engine.handle(inbound, {
        onRoute: (route) => sse.send('route', { skill: route.skill, confidence: Number(route.confidence.toFixed(4)), method: route.method }),
        onDelta: (chunk) => sse.send('delta', { text: chunk }),
        onReset: () => sse.send('reset', {}),
      });
      sse.send('done', resultJson(result, language, currencyOf()));
    } catch (err) {
      const httpError = toHttpError(err);
      if (httpError.status >= 500) deps.logger.error({ err, conversationId: conversation.id }, 'turn failed');
      sse.send('error', { status: httpError.status, code: httpError.code, message: httpError.message, ...(httpError.details === undefined ? {} : { details: httpError.details }) });
    } finally {
      sse.end();
    }
  });

  // The widget's thumbs up / down at the end of a conversation; a later rating replaces the earlier one.
  router.post('/conversations/:id/rating', json, authenticate, ...beforeMessage, async (req: AuthedRequest, res: Response) => {
    const body = parseOr400(ratingSchema, req.body ?? {});
    if (!deps.rate) throw new HttpError(404, 'ratings_disabled', 'ratings are not recorded on this server');
    const result = await deps.rate(req.conversation!.id, body.rating);
    res.json({ conversationId: req.conversation!.id, rating: body.rating, changed: result.changed });
  });

  router.get('/conversations/:id/messages', authenticate, async (req: AuthedRequest, res) => {
    const conversation = req.conversation!;
    const messages = await store.getMessages(conversation.id);
    // Who from the support team is in the chat now (an agent owns it), by display name only, so a
    // reloaded widget shows the same "chatting with" line the agent_joined event showed.
    const owner = conversation.mode === 'human' && conversation.agent ? conversation.agent : null;
    const from = owner && deps.agentDisplayName ? await deps.agentDisplayName(owner).catch(() => undefined) : undefined;
    // The language of the customer's last message, else the conversation's: a reloaded widget speaks it again.
    let lastCustomer: string | null = null;
    for (let i = messages.length - 1; i >= 0 && lastCustomer === null; i--) if (messages[i]!.role === 'customer') lastCustomer = messages[i]!.text;
    res.json({
      conversationId: conversation.id,
      mode: conversation.mode,
      language: languageOf(conversation, lastCustomer),
      agent: owner ? (from ? { from } : {}) : null,
      messages: visibleHistory(messages),
    });
  });

  router.get('/conversations/:id/events', authenticate, async (req: AuthedRequest, res) => {
    const conversation = req.conversation!;
    const opened = await streams.open(res, {
      conversationId: conversation.id,
      address: clientAddressKey(req.ip),
      tokenExpiresAt: conversation.tokenExpiresAt,
    });
    if ('limit' in opened) {
      const message =
        opened.limit === 'conversation'
          ? `at most ${opened.max} event streams may be open at once for one conversation (SSE_MAX_PER_CONVERSATION); close another tab first`
          : `at most ${opened.max} event streams may be open at once from one address (SSE_MAX_PER_ADDRESS)`;
      throw new HttpError(429, 'too_many_streams', message, { headers: { 'Retry-After': '10' } });
    }
    // Erased while the stream was opening (its bus event may have gone out before we listened).
    if (!(await store.getConversation(conversation.id))) opened.stream.close('erased', { conversationId: conversation.id });
  });

  router.delete('/conversations/:id', authenticate, async (req: AuthedRequest, res) => {
    await erase(req.conversation!.id);
    res.status(204).end();
  });

  return router;
}
