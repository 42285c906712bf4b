import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Clock } from '../core/clock.js';
import { HttpError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../core/store.js';
import { parseOr400 } from '../http/validate.js';
import { addDays, dayNumber, dayOf, isDay } from '../insights/days.js';
import { toCsv } from '../insights/csv.js';
import type { InsightsConfig } from '../insights/insights-config.js';
import type { InsightsRecorder } from '../insights/insights-recorder.js';
import { buildReport, readDays } from '../insights/insights-report.js';
import { articleMarkdown, slugOf, writeArticleDraft } from '../insights/knowledge-drafts.js';
import { ProposalError, type RoutingProposals } from '../insights/routing-proposals.js';
import { seriesCsv } from '../insights/series-csv.js';
import type { TopicService } from '../insights/topic-service.js';
import { readExchanges } from '../insights/topics.js';
import { signedIn } from './agent-auth.js';
import type { AgentDirectory } from './agent-accounts.js';
import { listCorrections, trainingLines } from './corrections.js';

/** What the Insights API needs (built in main.ts from the store, the skills and the config). */
export interface InsightsParts {
  config: InsightsConfig;
  recorder: InsightsRecorder;
  topics: TopicService;
  proposals: RoutingProposals;
}

export interface InsightsRouteDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  accounts: AgentDirectory;
  parts: InsightsParts;
  json: RequestHandler;
  /** Skill ids known now (live reload). */
  skillIds: () => string[];
}

/** The longest period one request may ask for. */
const MAX_DAYS = 366;
const day = z.string().refine(isDay, { message: 'must be a date YYYY-MM-DD' });
const periodSchema = z.object({ from: day.optional(), to: day.optional() }).loose();
const topicsQuery = periodSchema.extend({
  wait: z.coerce.number().int().min(0).max(30_000).optional(),
  refresh: z.enum(['0', '1', 'true', 'false']).optional(),
});
const skillId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a skill id');
const proposalSchema = z.discriminatedUnion(
  'source',
  [
    z
      .object({
        source: z.literal('topic'),
        skill: skillId,
        texts: z.array(z.string().trim().min(2, 'each text needs at least 2 characters').max(300, 'each text must be at most 300 characters'), { error: 'texts must be a list of messages' }).min(1, 'choose at least one message').max(50, 'at most 50 messages at once'),
        note: z.string().trim().max(200).optional(),
      })
      .strict(),
    z.object({ source: z.literal('corrections') }).strict(),
  ],
  { error: 'source must be "topic" (with skill and texts) or "corrections"' },
);
const articleSchema = z.object({ from: day, to: day }).strict();
const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be an id');

function httpOf(err: ProposalError): HttpError {
  const status = err.code === 'not_found' ? 404 : err.code === 'not_pending' || err.code === 'not_accepted' ? 409 : err.code === 'invalid' ? 422 : err.code === 'reload_failed' ? 503 : 400;
  return new HttpError(status, err.code === 'not_found' ? 'proposal_not_found' : err.code, err.message, err.details ? { details: err.details } : undefined);
}

/** Mounted at /api/agent/insights: figures, topics, CSV exports, help-article drafts and routing proposals. */
export function insightsRoutes(deps: InsightsRouteDeps): express.Router {
  const router = express.Router();
  const { store, clock, parts, json } = deps;
  const { config } = parts;

  /** The period asked for; default the last 7 days up to today (store calendar). */
  function period(req: Request): { from: string; to: string } {
    const q = parseOr400(periodSchema, req.query, 'query');
    const today = dayOf(clock.now(), config.timeZone);
    const to = q.to ?? today;
    const from = q.from ?? addDays(to, -6);
    if (dayNumber(from) > dayNumber(to)) throw new HttpError(400, 'invalid_period', 'from must not be after to');
    if (dayNumber(to) - dayNumber(from) + 1 > MAX_DAYS) throw new HttpError(400, 'invalid_period', `a period may span at most ${MAX_DAYS} days`);
    return { from, to };
  }

  const agentOf = (res: Response) => signedIn(res).session.agent;
  const requireAdmin: RequestHandler = async (_req, res, next) => {
    const account = await deps.accounts.find(agentOf(res));
    if (account?.role !== 'admin') throw new HttpError(403, 'admin_only', 'only an admin may accept or revert routing changes (npm run agent:add -- --role admin)');
    next();
  };
  const guarded =
    (fn: (req: Request, res: Response) => Promise<void>): RequestHandler =>
    async (req, res) => {
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof ProposalError) throw httpOf(err);
        throw err;
      }
    };

  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/', async (req, res) => {
    const { from, to } = period(req);
    await parts.recorder.finalizeDue();
    res.json(await buildReport({ store, from, to, timeZone: config.timeZone, knownSkills: deps.skillIds() }));
  });

  router.get('/daily.csv', async (req, res) => {
    const { from, to } = period(req);
    await parts.recorder.finalizeDue();
    const { days, counters } = await readDays(store, from, to);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="insights-${from}-${to}.csv"`);
    res.send(seriesCsv(days, counters));
  });

  router.get('/topics', async (req, res) => {
    const q = parseOr400(topicsQuery, req.query, 'query');
    const { from, to } = period(req);
    const answer = await parts.topics.get(from, to, { waitMs: q.wait, refresh: q.refresh === '1' || q.refresh === 'true' });
    res.json({ status: answer.status, ...(answer.result ?? { from, to, topics: [], terms: { weeks: [], mostMoved: [] } }) });
  });

  router.get('/topics.csv', async (req, res) => {
    const { from, to } = period(req);
    const result = (await parts.topics.cached(from, to)) ?? (await parts.topics.get(from, to, { waitMs: 20_000 })).result;
    if (!result) throw new HttpError(409, 'topics_not_ready', 'the topics of this period are still being grouped; try again in a moment');
    const rows = result.topics.map((t, i) => [i + 1, t.label, t.size, t.handoffs, t.trend.direction, t.trend.early, t.trend.late, Object.entries(t.skills).map(([s, n]) => `${s}:${n}`).join(' '), t.examples.map((e) => e.text).join(' | ')]);
    res.set('Content-Type', 'text/csv; charset=utf-8');
    res.set('Content-Disposition', `attachment; filename="topics-${from}-${to}.csv"`);
    res.send(toCsv(['rank', 'topic', 'messages', 'handoffs', 'trend', 'first_half', 'second_half', 'skills', 'examples'], rows));
  });

  router.post(
    '/topics/:topicId/article',
    json,
    guarded(async (req, res) => {
      const topicId = parseOr400(idParam, req.params.topicId, 'topic id');
      const body = parseOr400(articleSchema, req.body ?? {});
      const result = await parts.topics.cached(body.from, body.to);
      const topic = result?.topics.find((t) => t.id === topicId);
      if (!topic) throw new HttpError(404, 'topic_not_found', `no topic "${topicId}" for ${body.from} to ${body.to} (load the topics first)`);
      const exchanges = await readExchanges(store, topic.members);
      const today = dayOf(clock.now(), config.timeZone);
      const agent = agentOf(res);
      const markdown = articleMarkdown({ topic, exchanges, agent, day: today, period: body });
      const name = `${today}-${slugOf(topic.label)}-${topicId.slice(0, 6)}`;
      let draft;
      try {
        draft = await writeArticleDraft(config.knowledgeDir, name, markdown);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new HttpError(409, 'draft_exists', `a draft for this topic was already written today (drafts/${name}.md)`);
        throw err;
      }
      deps.logger.info({ agent, topic: topic.label, file: draft.file }, 'insights: help-article draft written');
      res.status(201).json({ file: `drafts/${name}.md`, markdown, answers: exchanges.reduce((n, e) => n + e.answers.length, 0) });
    }),
  );

  router.get('/proposals', async (_req, res) => {
    res.json({ proposals: await parts.proposals.list(100) });
  });

  router.post(
    '/proposals',
    json,
    guarded(async (req, res) => {
      const body = parseOr400(proposalSchema, req.body ?? {});
      const agent = agentOf(res);
      const known = new Set(deps.skillIds());
      let additions: Array<{ text: string; skill: string }>;
      if (body.source === 'topic') {
        if (!known.has(body.skill)) throw new HttpError(400, 'unknown_skill', `skill: no skill "${body.skill}"`);
        additions = body.texts.map((text) => ({ text, skill: body.skill }));
      } else {
        additions = trainingLines(await listCorrections(store), known).map((l) => ({ text: l.text, skill: l.label }));
      }
      const proposal = await parts.proposals.propose({ additions, source: body.source, note: body.source === 'topic' ? body.note : undefined, by: agent });
      res.status(201).json({ proposal });
    }),
  );

  for (const action of ['accept', 'revert'] as const) {
    router.post(
      `/proposals/:id/${action}`,
      json,
      requireAdmin,
      guarded(async (req, res) => {
        const id = parseOr400(idParam, req.params.id, 'proposal id');
        const proposal = action === 'accept' ? await parts.proposals.accept(id, agentOf(res)) : await parts.proposals.revert(id, agentOf(res));
        res.json({ proposal });
      }),
    );
  }

  router.post(
    '/proposals/:id/withdraw',
    json,
    guarded(async (req, res) => {
      const id = parseOr400(idParam, req.params.id, 'proposal id');
      res.json({ proposal: await parts.proposals.withdraw(id, agentOf(res)) });
    }),
  );

  return router;
}
