import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { parseEnv } from '../config/config.js';
import { loadDotEnv } from '../config/dotenv.js';
import { silentLogger } from '../core/logger.js';

export const CHAT_USAGE = `Usage: npm run chat [-- --url URL | --local]

Chat with the bot in the terminal, through the same web chat API the widget uses.
  --url URL   a running server (default: http://127.0.0.1:$PORT, PORT from the environment or .env, else 3978)
  --local     start the bot in this process instead (the same settings as npm start; no server needed)
With neither, the running server is used when one answers, else the bot starts in this process.
In the chat: /new starts a new conversation, /quit (or Ctrl-D) leaves.`;

interface Session {
  conversationId: string;
  token: string;
}

interface Reply {
  text: string;
  offline?: boolean;
  attachments?: { offerHuman?: boolean; proposal?: { id: string; kind: string; orderId: string } };
}

async function answers(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}

async function openSession(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (res.status !== 201) throw new Error(`could not start a conversation: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as Session;
}

/** Sends one message and writes the reply as it streams in. */
async function say(base: string, session: Session, text: string, out: NodeJS.WritableStream): Promise<void> {
  const res = await fetch(`${base}/api/chat/conversations/${encodeURIComponent(session.conversationId)}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ text }),
  });
  if (!res.ok || !res.body) {
    const body = await res.text();
    let message = body;
    try {
      message = (JSON.parse(body) as { error: { message: string } }).error.message;
    } catch {
      // not JSON
    }
    out.write(`! ${res.status}: ${message}\n`);
    return;
  }
  let streamed = '';
  const result: { done: { reply: Reply | null; status: string; route: { skill: string; method: string } | null } | null } = { done: null };
  const parser = createParser({
    onEvent(ev) {
      const data = JSON.parse(ev.data) as Record<string, unknown>;
      if (ev.event === 'delta') {
        if (!streamed) out.write('bot> ');
        streamed += String(data.text);
        out.write(String(data.text));
      } else if (ev.event === 'reset') {
        if (streamed) out.write('\n(the draft above was replaced)\n');
        streamed = '';
      } else if (ev.event === 'done') {
        result.done = data as unknown as typeof result.done;
      } else if (ev.event === 'error') {
        out.write(`\n! ${String(data.message)}\n`);
      }
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) parser.feed(decoder.decode(chunk, { stream: true }));
  const final = result.done;
  if (!final) return;
  if (final.reply && !streamed) out.write(`bot> ${final.reply.text}`);
  if (!final.reply) out.write(final.status === 'human' || final.status === 'draft' ? 'bot> (a member of the team will reply)' : `bot> (${final.status})`);
  const notes: string[] = [];
  if (final.route) notes.push(`${final.route.skill} via ${final.route.method}`);
  if (final.reply?.offline) notes.push('offline answer');
  if (final.reply?.attachments?.proposal) notes.push(`waiting for your yes: ${final.reply.attachments.proposal.kind} ${final.reply.attachments.proposal.orderId}`);
  if (final.reply?.attachments?.offerHuman) notes.push('a person is on offer');
  out.write(`\n   [${notes.join(' · ')}]\n`);
}

export async function runChat(argv: string[], io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { url: { type: 'string' }, local: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true }));
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n${CHAT_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${CHAT_USAGE}\n`);
    return 0;
  }
  loadDotEnv();
  let base = values.url ?? `http://127.0.0.1:${process.env.PORT || 3978}`;
  let stop: (() => Promise<void>) | null = null;
  if (values.local || (!values.url && !(await answers(base)))) {
    // The same composition as npm start, on a free loopback port, quiet.
    const { start } = await import('../main.js');
    const env = parseEnv({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
    const running = await start(env, { logger: silentLogger });
    base = running.url;
    stop = running.stop;
    io.stdout.write(`(the bot runs in this process: ${running.composed.modelDescription}; ${running.composed.store.store.kind} store)\n`);
  } else if (!(await answers(base))) {
    io.stderr.write(`no Switchboard server answers at ${base}\n`);
    return 1;
  } else {
    io.stdout.write(`(chatting with ${base})\n`);
  }
  io.stdout.write('Type a message; /new for a new conversation, /quit to leave.\n');
  let session = await openSession(base);
  const lines = createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const raw of lines) {
      const line = raw.trim();
      if (!line) continue;
      if (line === '/quit' || line === '/exit') break;
      if (line === '/new') {
        session = await openSession(base);
        io.stdout.write('(new conversation)\n');
        continue;
      }
      await say(base, session, line, io.stdout);
    }
  } finally {
    lines.close();
    await stop?.();
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runChat(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`chat: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
