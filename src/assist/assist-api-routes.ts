import express, { type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { auditCollectionOf, type AuditEntry } from '../core/actions.js';
import { MODES } from '../core/conversation.js';
import { HttpError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { ESCALATION_QUEUE, type EventBus, type Store } from '../core/store.js';
import { parseOr400 } from '../http/validate.js';
import { requireCsrf, signedIn } from './agent-auth.js';
import type { AgentSessions } from './agent-sessions.js';
import type { ConversationActions } from './conversation-actions.js';
import {
  listQuerySchema,
  matchesFilters,
  messagesMatchText,
  normaliseForSearch,
  summarize,
  summaryMatchesText,
} from './conversation-summary.js';
import { RETURNS_COLLECTION, WARRANTY_CLAIMS_COLLECTION } from '../commerce/store-commerce.js';
import type { ReturnRequest, WarrantyClaim } from '../core/commerce.js';
import { listCorrections, toJsonl, trainingLines } from './corrections.js';
import { listCandidates } from './demonstration-candidates.js';
import { claimFromQueue, listQueue } from './escalation-queue.js';
import type { AgentPresence } from './agent-presence.js';
import { panelEvents, type PanelEventsOptions } from './panel-events.js';

export interface SkillInfo {
  id: string;
  title: string;
  defaultMode: string;
}

export interface ApiRouteDeps {
  store: Store;
  bus: EventBus;
  actions: ConversationActions;
  sessions: AgentSessions;
  logger: Logger;
  /** The skills that can be chosen for a re-route and in the filters (read on every request: live reload). */
  skills: () => SkillInfo[];
  json: RequestHandler;
  requireAgent: RequestHandler;
  maxMessageChars: number;
  events: PanelEventsOptions;
  /** Agent presence: an open live feed is an agent online. */
  presence?: AgentPresence;
}

const conversationId = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a conversation id');
// Channels bring their own message ids (Slack timestamps, Bot Framework ids): any visible ASCII.
const messageId = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be a message id');

const forceSchema = z.object({ force: z.boolean().optional() }).strict();
const modeSchema = z.object({ mode: z.enum(MODES, { error: `mode must be one of ${MODES.join(', ')}` }), force: z.boolean().optional() }).strict();
const verdictSchema = z
  .object({
    target: z.enum(['route', 'answer'], { error: 'target must be "route" or "answer"' }),
    verdict: z.enum(['good', 'wrong'], { error: 'verdict must be "good" or "wrong"' }),
    label: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'label must be a skill id').optional(),
  })
  .strict();
const rerouteSchema = z.object({ skill: z.string({ error: 'skill is required' }).regex(/^[A-Za-z0-9_-]{1,64}$/, 'skill must be a skill id') }).strict();
const demoSchema = z.object({ skill: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'skill must be a skill id').optional() }).strict();

function textSchema(max: number) {
  return z
    .string({ error: 'text is required and must be a string' })
    .trim()
    .min(1, 'text must not be empty')
    .max(max, `text must be at most ${max} characters`);
}

/** Bodies are optional on action routes ({} when none), but when sent they must be JSON. */
function bodyOf(req: Request): unknown {
  if (req.body !== undefined) return req.body;
  const length = Number(req.get('content-length') ?? 0);
  if (length > 0 || req.get('transfer-encoding')) throw new HttpError(415, 'unsupported_media_type', 'send the body as application/json');
  return {};
}

export function assistApiRoutes(deps: ApiRouteDeps): express.Router {
  const router = express.Router();
  const { store, actions, json } = deps;
  const reply = textSchema(deps.maxMessageChars);
  const approveSchema = z.object({ text: reply.optional() }).strict();
  const replySchema = z.object({ text: reply }).strict();

  const knownSkill = (skill: string) => {
    if (!deps.skills().some((s) => s.id === skill)) throw new HttpError(400, 'unknown_skill', `skill: no skill "${skill}"`);
  };
  const convId = (req: Request) => parseOr400(conversationId, req.params.id, 'conversation id');
  const msgId = (req: Request) => parseOr400(messageId, req.params.messageId, 'message id');
  const agentOf = (res: express.Response) => signedIn(res).session.agent;

  router.use(deps.requireAgent, requireCsrf);
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/events', panelEvents(deps.bus, deps.sessions, deps.logger, deps.events, deps.presence));

  router.get('/skills', (_req, res) => {
    res.json({ skills: deps.skills() });
  });

  router.get('/conversations', async (req, res) => {
    const query = parseOr400(listQuerySchema, req.query, 'query');
    const limit = query.limit ?? 100;
    const needle = query.q ? normaliseForSearch(query.q.trim()) : '';
    // Filters run over the most recent conversations; older ones are reachable by id.
    const recent = await store.listConversations({ limit: 500 });
    const out = [];
    let transcriptsRead = 0;
    for (const c of recent) {
      const s = summarize(c);
      if (!matchesFilters(s, query)) continue;
      if (needle && !summaryMatchesText(s, needle)) {
        // Full-text search reads transcripts, bounded so one query stays cheap.
        if (transcriptsRead++ >= 200) continue;
        if (!messagesMatchText(await store.getMessages(c.id), needle)) continue;
      }
      out.push(s);
      if (out.length >= limit) break;
    }
    res.json({ conversations: out, total: await store.countConversations() });
  });

  router.get('/conversations/:id', async (req, res) => {
    const id = convId(req);
    const conversation = await actions.load(id);
    const [messages, queue, audit] = await Promise.all([
      store.getMessages(id),
      store.zRange(ESCALATION_QUEUE, { limit: 1000 }),
      store.listRecords<AuditEntry>(auditCollectionOf(id), { limit: 100 }),
    ]);
    const position = queue.findIndex((q) => q.member === id);
    res.json({ conversation: summarize(conversation), messages, queuePosition: position < 0 ? null : position + 1, audit });
  });

  router.delete('/conversations/:id', async (req, res) => {
    const id = convId(req);
    await actions.load(id);
    await actions.erase(id);
    deps.logger.info({ conversationId: id, agent: agentOf(res) }, 'conversation erased by an agent');
    res.status(204).end();
  });

  // Approve (run) or decline a change the customer was asked to confirm.
  router.post('/conversations/:id/proposals/:proposalId/:decision', json, async (req, res) => {
    parseOr400(z.object({}).strict(), bodyOf(req));
    const decision = parseOr400(z.enum(['approve', 'decline'], { error: 'must be approve or decline' }), req.params.decision, 'decision');
    const proposalId = parseOr400(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a proposal id'), req.params.proposalId, 'proposal id');
    const r = await actions.decideProposal(convId(req), proposalId, decision === 'approve' ? 'confirm' : 'decline', agentOf(res));
    res.json({ reply: r.result.reply, delivered: r.delivered });
  });

  router.post('/conversations/:id/take-over', json, async (req, res) => {
    const body = parseOr400(forceSchema, bodyOf(req));
    const r = await actions.takeOver(convId(req), agentOf(res), body);
    res.json({ conversation: summarize(r.conversation), delivered: r.delivered });
  });

  router.post('/conversations/:id/hand-back', json, async (req, res) => {
    const body = parseOr400(forceSchema, bodyOf(req));
    const r = await actions.handBack(convId(req), agentOf(res), body);
    res.json({ conversation: summarize(r.conversation), delivered: r.delivered });
  });

  router.post('/conversations/:id/mode', json, async (req, res) => {
    const body = parseOr400(modeSchema, bodyOf(req));
    const r = await actions.setMode(convId(req), agentOf(res), body.mode, { force: body.force });
    res.json({ conversation: summarize(r.conversation), delivered: r.delivered });
  });

  router.post('/conversations/:id/messages', json, async (req, res) => {
    const body = parseOr400(replySchema, bodyOf(req));
    const r = await actions.reply(convId(req), agentOf(res), body.text);
    res.status(201).json({ message: r.message, delivered: r.delivered });
  });

  router.post('/conversations/:id/messages/:messageId/approve', json, async (req, res) => {
    const body = parseOr400(approveSchema, bodyOf(req));
    const r = await actions.approveDraft(convId(req), msgId(req), agentOf(res), body.text);
    res.json({ message: r.message, delivered: r.delivered });
  });

  router.post('/conversations/:id/messages/:messageId/discard', json, async (req, res) => {
    parseOr400(z.object({}).strict(), bodyOf(req));
    const r = await actions.discardDraft(convId(req), msgId(req), agentOf(res));
    res.json({ message: r.message });
  });

  router.post('/conversations/:id/messages/:messageId/reroute', json, async (req, res) => {
    const body = parseOr400(rerouteSchema, bodyOf(req));
    knownSkill(body.skill);
    const r = await actions.reroute(convId(req), msgId(req), body.skill, agentOf(res));
    const reply = r.result.reply;
    res.json({
      route: r.result.route,
      reply: reply && { messageId: reply.messageId, status: reply.status, skill: reply.skill, text: reply.text, offline: reply.offline },
      delivered: r.delivered,
      correction: r.correction,
    });
  });

  router.post('/conversations/:id/messages/:messageId/feedback', json, async (req, res) => {
    const body = parseOr400(verdictSchema, bodyOf(req));
    if (body.label) knownSkill(body.label);
    const correction = await actions.mark(convId(req), msgId(req), agentOf(res), body);
    res.status(201).json({ correction });
  });

  router.post('/conversations/:id/messages/:messageId/demonstration', json, async (req, res) => {
    const body = parseOr400(demoSchema, bodyOf(req));
    if (body.skill) knownSkill(body.skill);
    const candidate = await actions.saveDemonstration(convId(req), msgId(req), agentOf(res), body.skill);
    res.status(201).json({ candidate });
  });

  router.get('/queue', async (_req, res) => {
    res.json({ queue: await listQueue(store) });
  });

  router.post('/queue/:id/claim', json, async (req, res) => {
    parseOr400(z.object({}).strict(), bodyOf(req));
    const r = await claimFromQueue(actions, convId(req), agentOf(res));
    res.json({ conversation: summarize(r.conversation), delivered: r.delivered });
  });

  router.get('/corrections.jsonl', async (_req, res) => {
    const skills = new Set(deps.skills().map((s) => s.id));
    const lines = trainingLines(await listCorrections(store), skills);
    res.set('Content-Type', 'application/x-ndjson; charset=utf-8');
    res.set('Content-Disposition', 'attachment; filename="corrections.jsonl"');
    res.send(toJsonl(lines));
  });

  // What the bot recorded for the merchant: warranty claims (no platform keeps them) and returns,
  // newest first, for agents to follow up. Read-only: the platform or the merchant's process acts on them.
  router.get('/records', async (_req, res) => {
    const [returns, claims] = await Promise.all([
      store.listRecords<ReturnRequest>(RETURNS_COLLECTION, { limit: 200 }),
      store.listRecords<WarrantyClaim>(WARRANTY_CLAIMS_COLLECTION, { limit: 200 }),
    ]);
    const newest = <T extends { createdAt: string }>(xs: T[]) => [...xs].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    res.json({ returns: newest(returns), warrantyClaims: newest(claims) });
  });

  router.get('/demonstrations', async (_req, res) => {
    res.json({ candidates: await listCandidates(store, 500) });
  });

  router.use((req, _res, next) => next(new HttpError(404, 'not_found', `no route for ${req.method} ${req.baseUrl}${req.path}`)));
  return router;
}
