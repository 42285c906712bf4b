import fc from 'fast-check';
import { SLACK_MOUNT_PATH } from '../channels/slack/slack-routes.js';
import { TEAMS_MOUNT_PATH } from '../channels/teams/teams-routes.js';
import { startFakeBotFramework, type FakeBotFramework } from '../../test/fakes/fake-bot-framework.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../test/fakes/fake-slack-api.js';
import { eventCallback, imMessage, signBody } from '../../test/fakes/fake-slack-events.js';
import { brokenJson, customerText, oddJson } from './customer-text.js';
import { StatsRecorder, type FuzzReport } from './fuzz-report.js';

/**
 * Every public endpoint of the app, fuzzed over real HTTP: web chat create / message /
 * history / events / delete, /healthz, /readyz, static files, the Slack and Teams webhooks
 * (well signed with hostile text, and with bad signatures, tokens and bodies). The app runs
 * in its own process (see test/hostile/ and src/cli/fuzz.ts), so a blocked event loop shows
 * as a /healthz that stops answering and as calls over the time bound.
 */

export const SLACK_SECRET = 'fuzz-signing-secret';

/** Fakes of Slack's Web API and Bot Framework (keys, tokens, connector) the app under test talks to. */
export interface ChannelFakes {
  env: Record<string, string>;
  bf: FakeBotFramework;
  slack: FakeSlackApi;
  close(): Promise<void>;
}

export async function startChannelFakes(): Promise<ChannelFakes> {
  const bf = await startFakeBotFramework();
  const slack = await startFakeSlackApi({ token: 'xoxb-fuzz' });
  return {
    bf,
    slack,
    env: {
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-fuzz',
      SLACK_API_URL: slack.apiUrl,
      MicrosoftAppId: bf.appId,
      MicrosoftAppPassword: bf.appSecret,
      BOT_OPENID_METADATA_URL: bf.openIdMetadataUrl,
      BOT_TOKEN_ENDPOINT: bf.tokenEndpoint,
    },
    async close() {
      await slack.close();
      await bf.close();
    },
  };
}

interface Conversation {
  id: string;
  token: string;
}

interface Request {
  endpoint: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Statuses this request may answer with; anything else (and any 5xx) fails. */
  ok: (status: number) => boolean;
  /** For the events stream: read the status and headers, then hang up. */
  stream?: boolean;
  /** The customer text inside, for the worst-input record. */
  text: string;
}

const any2xxOr4xx = (s: number) => s >= 200 && s < 500;
const only4xx = (s: number) => s >= 400 && s < 500;

async function createConversation(url: string): Promise<Conversation> {
  const res = await fetch(`${url}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const body = (await res.json()) as { conversationId: string; token: string };
  return { id: body.conversationId, token: body.token };
}

export interface HttpFuzzOptions {
  url: string;
  fakes: ChannelFakes;
  seed: number;
  runs: number;
  boundMs: number;
  path?: string;
  /** The customer text to try, at most `limit` units (default: the store-blind generators; a store's: customerTextFor). */
  text?: (limit?: number) => fc.Arbitrary<string>;
}

function requests(fx: { conversation: Conversation; teamsToken: string; forgedTeamsToken: string; bf: FakeBotFramework }, text: (limit?: number) => fc.Arbitrary<string>): fc.Arbitrary<Request> {
  const c = fx.conversation;
  const auth = { authorization: `Bearer ${c.token}` };
  const badAuth = fc.constantFrom<Record<string, string>>(
    {},
    { authorization: 'Bearer' },
    { authorization: `Bearer ${c.token.slice(0, -4)}AAAA` },
    { authorization: `Basic ${c.token}` },
    { authorization: `Bearer ${'A'.repeat(3000)}` },
  );
  const badId = fc.constantFrom('c_nope', `c_${'a'.repeat(101)}`, '%ff', '%E2%80%AE', '..%2F..%2Fetc', '__proto__', 'constructor', '%');
  const json = { 'content-type': 'application/json' };

  const message = text().map<Request>((text) => ({ endpoint: 'POST message', method: 'POST', path: `/api/chat/conversations/${c.id}/messages`, headers: { ...json, ...auth }, body: JSON.stringify({ text }), ok: any2xxOr4xx, text }));
  const oddMessage = fc.oneof(oddJson.map((v) => JSON.stringify(v) ?? 'null'), brokenJson).map<Request>((body) => ({ endpoint: 'POST message (odd body)', method: 'POST', path: `/api/chat/conversations/${c.id}/messages`, headers: { ...json, ...auth }, body, ok: any2xxOr4xx, text: body }));
  const forgedMessage = fc.tuple(badAuth, fc.oneof(fc.constant(c.id), badId), text(200)).map<Request>(([h, id, text]) => ({ endpoint: 'POST message (bad token or id)', method: 'POST', path: `/api/chat/conversations/${id}/messages`, headers: { ...json, ...h }, body: JSON.stringify({ text }), ok: only4xx, text }));
  const create = fc.oneof(oddJson.map((v) => JSON.stringify(v) ?? 'null'), brokenJson).map<Request>((body) => ({ endpoint: 'POST conversations', method: 'POST', path: '/api/chat/conversations', headers: json, body, ok: any2xxOr4xx, text: body }));
  const read = fc.tuple(fc.constantFrom('messages', 'events'), fc.oneof(fc.constant<Record<string, string> | null>(null), badAuth), fc.oneof(fc.constant(c.id), badId)).map<Request>(([what, h, id]) => ({
    endpoint: `GET ${what}`,
    method: 'GET',
    path: `/api/chat/conversations/${id}/${what}`,
    headers: h ?? auth,
    ok: h === null && id === c.id ? (s) => s === 200 : only4xx,
    stream: what === 'events',
    text: '',
  }));
  const erase = fc.tuple(badAuth, fc.oneof(fc.constant(c.id), badId)).map<Request>(([h, id]) => ({ endpoint: 'DELETE conversation (bad token or id)', method: 'DELETE', path: `/api/chat/conversations/${id}`, headers: h, ok: only4xx, text: '' }));
  const pages = fc.tuple(fc.constantFrom('/healthz', '/readyz', '/', '/index.html', '/widget.js', '/api/store'), fc.constantFrom('', '/x', '%00', '%ff', '/..%2f..%2fpackage.json', `/${'q'.repeat(3000)}`, '?x=%ff'), fc.constantFrom('GET', 'POST', 'PUT', 'DELETE')).map<Request>(([p, suffix, method]) => ({
    endpoint: `${method} ${p}${suffix ? ' (odd path)' : ''}`,
    method,
    path: p + suffix,
    headers: method === 'GET' ? {} : json,
    body: method === 'GET' ? undefined : '{}',
    ok: (s) => s < 500,
    text: '',
  }));
  const slackSigned = text().map<Request>((text) => {
    const body = JSON.stringify(eventCallback({ event: imMessage({ text }) }));
    const ts = String(Math.floor(Date.now() / 1000));
    return { endpoint: 'POST Slack (signed)', method: 'POST', path: SLACK_MOUNT_PATH, headers: { ...json, 'x-slack-request-timestamp': ts, 'x-slack-signature': signBody(SLACK_SECRET, ts, body) }, body, ok: (s) => s >= 200 && s < 300, text };
  });
  const slackBad = fc.tuple(fc.oneof(oddJson.map((v) => JSON.stringify(v) ?? 'null'), brokenJson, text(300).map((text) => JSON.stringify(eventCallback({ event: imMessage({ text }) })))), fc.constantFrom('none', 'wrong', 'stale', 'garbage')).map<Request>(([body, sig]) => {
    const now = Math.floor(Date.now() / 1000);
    const ts = String(sig === 'stale' ? now - 3600 : now);
    const headers: Record<string, string> = { ...json, 'x-slack-request-timestamp': ts };
    if (sig === 'wrong') headers['x-slack-signature'] = signBody('not-the-secret', ts, body);
    if (sig === 'stale') headers['x-slack-signature'] = signBody(SLACK_SECRET, ts, body);
    if (sig === 'garbage') headers['x-slack-signature'] = 'v0=zz';
    return { endpoint: `POST Slack (${sig} signature)`, method: 'POST', path: SLACK_MOUNT_PATH, headers, body, ok: only4xx, text: body };
  });
  const teamsSigned = text().map<Request>((text) => ({ endpoint: 'POST Teams (valid token)', method: 'POST', path: TEAMS_MOUNT_PATH, headers: { ...json, authorization: `Bearer ${fx.teamsToken}` }, body: JSON.stringify(fxMessage(text)), ok: (s) => s >= 200 && s < 300, text }));
  const teamsBad = fc.tuple(fc.oneof(oddJson.map((v) => JSON.stringify(v) ?? 'null'), brokenJson, text(300).map((text) => JSON.stringify(fxMessage(text)))), fc.constantFrom<string | null>(null, 'Bearer', 'Bearer a.b.c', `Bearer ${fx.forgedTeamsToken}`, `Basic ${fx.teamsToken}`)).map<Request>(([body, authorization]) => ({
    endpoint: 'POST Teams (bad token)',
    method: 'POST',
    path: TEAMS_MOUNT_PATH,
    headers: authorization === null ? json : { ...json, authorization },
    body,
    ok: only4xx,
    text: body,
  }));
  const teamsOddBody = fc.oneof(oddJson.map((v) => JSON.stringify(v) ?? 'null'), brokenJson).map<Request>((body) => ({ endpoint: 'POST Teams (valid token, odd body)', method: 'POST', path: TEAMS_MOUNT_PATH, headers: { ...json, authorization: `Bearer ${fx.teamsToken}` }, body, ok: any2xxOr4xx, text: body }));
  return fc.oneof(
    { weight: 6, arbitrary: message },
    { weight: 2, arbitrary: oddMessage },
    { weight: 2, arbitrary: forgedMessage },
    { weight: 2, arbitrary: create },
    { weight: 2, arbitrary: read },
    { weight: 1, arbitrary: erase },
    { weight: 2, arbitrary: pages },
    { weight: 3, arbitrary: slackSigned },
    { weight: 2, arbitrary: slackBad },
    { weight: 3, arbitrary: teamsSigned },
    { weight: 2, arbitrary: teamsBad },
    { weight: 1, arbitrary: teamsOddBody },
  );

  function fxMessage(text: string): Record<string, unknown> {
    return fx.bf.message({ text, user: { id: '29:fuzz', name: 'Fuzz' } });
  }
}

async function send(url: string, r: Request, timeoutMs: number): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  try {
    const res = await fetch(url + r.path, { method: r.method, headers: r.headers, body: r.body, signal: controller.signal });
    if (!r.stream || res.status !== 200) await res.arrayBuffer();
    return res.status;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/**
 * One untimed call per endpoint before the timed run: an endpoint's first call pays the
 * process's one-time costs (compiling its code path, the Bot Framework's signing keys fetched
 * and cached, lazily built tables), 0.6 s for Teams on an idle machine and more under load,
 * while the bound is about what an input costs. Statuses are not checked here: the property
 * checks every request, these included, again.
 */
async function warmUp(opts: HttpFuzzOptions, arbitrary: fc.Arbitrary<Request>): Promise<void> {
  const first = new Map<string, Request>();
  for (const r of fc.sample(arbitrary, { seed: opts.seed, numRuns: 300 })) if (!first.has(r.endpoint)) first.set(r.endpoint, r);
  for (const r of first.values()) await send(opts.url, r, Math.max(opts.boundMs * 5, 5000)).catch(() => undefined);
}

/**
 * Property: every generated request is answered with an allowed status (never 5xx) within
 * `boundMs`; a valid erase of a fresh conversation is also answered. Reports the cases per
 * endpoint and the slowest call.
 */
export async function fuzzHttp(opts: HttpFuzzOptions): Promise<FuzzReport> {
  const fixtures = {
    bf: opts.fakes.bf,
    conversation: await createConversation(opts.url),
    teamsToken: await opts.fakes.bf.mintToken(),
    forgedTeamsToken: await opts.fakes.bf.mintToken({ key: 'forged' }),
  };
  const arbitrary = requests(fixtures, opts.text ?? customerText);
  await warmUp(opts, arbitrary);
  const stats = new StatsRecorder();
  const property = fc.asyncProperty(arbitrary, async (r) => {
    const t0 = performance.now();
    let status: number;
    try {
      status = await send(opts.url, r, Math.max(opts.boundMs * 5, 5000));
    } catch (err) {
      // fetch refuses some header values itself: that request never left.
      if (err instanceof TypeError && !/fetch failed/.test(err.message)) return;
      throw new Error(`${r.endpoint} ${r.method} ${r.path.slice(0, 80)}: ${(err as Error).message}`);
    }
    const ms = performance.now() - t0;
    stats.record(r.endpoint, ms, r.text);
    if (status >= 500 || !r.ok(status)) throw new Error(`${r.endpoint} ${r.method} ${r.path.slice(0, 80)} answered ${status}`);
    if (ms > opts.boundMs) throw new Error(`${r.endpoint} took ${ms.toFixed(0)} ms (bound ${opts.boundMs} ms)`);
  });
  const details = await fc.check(property, { seed: opts.seed, numRuns: opts.runs, path: opts.path, endOnFailure: false });
  return {
    kind: 'http',
    seed: opts.seed,
    runs: opts.runs,
    cases: stats.cases,
    targets: stats.toJSON(),
    failure: details.failed
      ? {
          message: details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance),
          seed: details.seed,
          path: details.counterexamplePath ?? undefined,
          counterexample: JSON.stringify(details.counterexample).slice(0, 2000),
        }
      : null,
  };
}
