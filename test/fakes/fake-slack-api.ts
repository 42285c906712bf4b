/**
 * A fake Slack Web API for tests: real HTTP on 127.0.0.1 (port 0), so the real
 * @slack/web-api WebClient calls it through `slackApiUrl` exactly as it calls slack.com.
 *
 *   const slack = await startFakeSlackApi({ token: 'xoxb-test' });
 *   options: { botToken: 'xoxb-test', apiUrl: slack.apiUrl, signingSecret }
 *   await slack.waitForPost((p) => p.channel === 'D1')
 *   slack.posts  // every chat.postMessage: channel, text, thread_ts, blocks (parsed), token
 *
 * Methods: auth.test (answers with the bot's user id, bot id and team) and chat.postMessage
 * (recorded, answered with a fresh ts). A wrong or missing token gets Slack's
 * `{ ok: false, error: 'invalid_auth' }`; unknown methods `unknown_method`.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedPost {
  channel: string;
  text: string;
  thread_ts?: string;
  blocks?: Array<Record<string, any>>;
  mrkdwn?: string;
  token?: string;
  ts: string;
}

export interface FakeSlackApi {
  apiUrl: string;
  token: string;
  botUserId: string;
  botId: string;
  teamId: string;
  posts: RecordedPost[];
  authTestCalls: number;
  /** chat.postMessage calls refused for a bad token. */
  rejected: number;
  waitForPost(predicate: (p: RecordedPost) => boolean, timeoutMs?: number): Promise<RecordedPost>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeSlackApi(
  opts: { token?: string; botUserId?: string; botId?: string; teamId?: string } = {},
): Promise<FakeSlackApi> {
  const token = opts.token ?? 'xoxb-fake-token';
  const botUserId = opts.botUserId ?? 'UBOTSWITCH';
  const botId = opts.botId ?? 'BSWITCH01';
  const teamId = opts.teamId ?? 'T0STORE01';
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  const state = { posts: [] as RecordedPost[], authTestCalls: 0, rejected: 0, seq: 0 };

  const server: Server = createServer(async (req, res) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    const method = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\//, '');
    const raw = await readBody(req);
    const form = (req.headers['content-type'] ?? '').includes('application/json')
      ? new URLSearchParams(Object.entries(JSON.parse(raw || '{}')).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]))
      : new URLSearchParams(raw);
    const auth = req.headers.authorization;
    const given = auth?.startsWith('Bearer ') ? auth.slice(7) : (form.get('token') ?? undefined);
    if (given !== token) {
      if (method === 'chat.postMessage') state.rejected++;
      send({ ok: false, error: 'invalid_auth' });
      return;
    }
    if (method === 'auth.test') {
      state.authTestCalls++;
      send({ ok: true, url: 'https://store.slack.example/', team: 'Store', user: 'switchboard', team_id: teamId, user_id: botUserId, bot_id: botId });
      return;
    }
    if (method === 'chat.postMessage') {
      const channel = form.get('channel');
      if (!channel) {
        send({ ok: false, error: 'channel_not_found' });
        return;
      }
      const blocks = form.get('blocks');
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++state.seq).padStart(6, '0')}`;
      state.posts.push({
        channel,
        text: form.get('text') ?? '',
        ...(form.get('thread_ts') ? { thread_ts: form.get('thread_ts')! } : {}),
        ...(blocks ? { blocks: JSON.parse(blocks) } : {}),
        ...(form.get('mrkdwn') ? { mrkdwn: form.get('mrkdwn')! } : {}),
        token: given,
        ts,
      });
      for (const wake of [...waiters]) wake();
      send({ ok: true, channel, ts, message: { type: 'message', text: form.get('text') ?? '', bot_id: botId, user: botUserId, ts } });
      return;
    }
    send({ ok: false, error: 'unknown_method' });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    token,
    botUserId,
    botId,
    teamId,
    get posts() {
      return state.posts;
    },
    get authTestCalls() {
      return state.authTestCalls;
    },
    get rejected() {
      return state.rejected;
    },
    waitForPost(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = state.posts.find(predicate);
          if (found) {
            cleanup();
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`fake Slack: no matching chat.postMessage within ${timeoutMs} ms (got ${state.posts.length})`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
