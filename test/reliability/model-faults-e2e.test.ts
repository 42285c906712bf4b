import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Running } from '../../src/main.js';
import { startFakeOpenAIServer, type FakeOpenAIServer, type Script } from '../fakes/fake-openai-server.js';
import { openConversation, startTestApp } from '../helpers/test-app.js';
import { baseEnv, readSse, sleep } from './kit.js';

/**
 * Issue 7, point 3, end to end: the web chat API of the whole app, the real `openai` SDK,
 * and the fake OpenAI server misbehaving. Whatever the model does, the customer gets an answer.
 */

async function readyModelDetail(url: string): Promise<string> {
  const res = await fetch(`${url}/readyz`);
  const body = (await res.json()) as { checks: { model: { ok: boolean; detail?: string } } };
  expect(res.status).toBe(200); // an open breaker still serves (offline answers)
  return body.checks.model.detail ?? '';
}

describe('retries, stalls and a hostile model', () => {
  let fake: FakeOpenAIServer;
  let app: Running;
  beforeAll(async () => {
    fake = await startFakeOpenAIServer();
    app = await startTestApp({
      env: baseEnv({
        OPENAI_BASE_URL: fake.baseURL,
        MODEL_MAX_RETRIES: '2',
        MODEL_TIMEOUT_MS: '800',
        MODEL_STREAM_STALL_MS: '300',
        // The breaker is the next describe's subject; here it must stay closed.
        MODEL_BREAKER_FAILURES: '1000',
      }),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('a 429 with Retry-After is retried after the advised wait; the customer gets the model answer', async () => {
    fake.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '0.4' } }, { kind: 'text', text: 'After a short wait: the Aria kettle.' });
    const chat = await openConversation(app.url);
    const res = await chat.send('Which kettle do you recommend?');
    expect(res.status).toBe(200);
    expect(res.body.reply).toMatchObject({ text: 'After a short wait: the Aria kettle.', offline: false });
    expect(fake.count).toBe(2);
    expect(fake.requests[1]!.receivedAt - fake.requests[0]!.receivedAt).toBeGreaterThanOrEqual(390);
  });

  it('500 and 503 are retried; the third attempt answers', async () => {
    fake.enqueue(
      { kind: 'error', status: 500, headers: { 'retry-after-ms': '10' } },
      { kind: 'error', status: 503, headers: { 'retry-after-ms': '10' } },
      { kind: 'text', text: 'Third time lucky: returns are accepted for 30 days.' },
    );
    const chat = await openConversation(app.url);
    const res = await chat.send('How long do I have to return a toaster?');
    expect(res.body.reply).toMatchObject({ text: 'Third time lucky: returns are accepted for 30 days.', offline: false });
    expect(fake.count).toBe(3);
  });

  it('a stream that stalls mid-reply is cut; the SSE client sees the partial text, a reset, then the full offline answer', async () => {
    fake.enqueue({ kind: 'stall', text: ['Let me look ', 'that up for ', 'you now'], afterChunks: 2 });
    const chat = await openConversation(app.url);
    const res = await fetch(`${app.url}/api/chat/conversations/${chat.conversationId}/messages`, {
      method: 'POST',
      headers: { ...chat.auth, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ text: 'How many days do I have to return kitchen appliances?' }),
    });
    const events = await readSse(res);
    const names = events.map((e) => e.event);
    const resetAt = names.indexOf('reset');
    expect(resetAt).toBeGreaterThan(0);
    const before = events.slice(0, resetAt).filter((e) => e.event === 'delta').map((e) => JSON.parse(e.data).text as string).join('');
    expect(before).toBe('Let me look that up for ');
    expect(names.at(-1)).toBe('done');
    const done = JSON.parse(events.at(-1)!.data);
    expect(done.reply.offline).toBe(true);
    const after = events.slice(resetAt + 1).filter((e) => e.event === 'delta').map((e) => JSON.parse(e.data).text as string).join('');
    expect(after).toBe(done.reply.text);
    expect(after).toMatch(/return/i);
    // History keeps the answer the customer ended with, not the cut-off fragment.
    const history = await chat.history();
    expect(history.messages.at(-1)).toMatchObject({ role: 'bot', text: done.reply.text, offline: true });
  });

  it('whatever the model does (errors, 429, hangs, stalls, drops, garbage), every customer gets a non-empty answer and it is stored', async () => {
    // Deterministic mix: each script kind at least twice, in a fixed shuffled order.
    const faults: Script[] = [
      { kind: 'error', status: 500, headers: { 'retry-after-ms': '5' } },
      { kind: 'error', status: 429, headers: { 'retry-after-ms': '5' } },
      { kind: 'error', status: 502, body: '<html>bad gateway</html>', headers: { 'retry-after-ms': '5' } },
      { kind: 'hang' },
      { kind: 'stall', text: 'Half an ans', afterChunks: 1 },
      { kind: 'drop', text: 'Dropped mid way through', afterChunks: 2 },
      { kind: 'text', text: 'A proper answer from the model.' },
      { kind: 'error', status: 400 },
    ];
    let n = 0;
    fake.handle(() => faults[(n++ * 5) % faults.length]!);
    const questions = [
      'Can I return an opened blender?',
      'Is my kettle still under warranty?',
      'Recommend a quiet toaster',
      'Where is my order SB-10001?',
      'What is your returns policy?',
      'My headphones broke after a month',
      'Suggest a coffee grinder',
      'Do you sell gift cards?',
      'I want a refund for order SB-10002',
      'Which rice cooker is best?',
      'Can I swap a colour?',
      'Is there a warranty on cables?',
    ];
    const chats = await Promise.all(questions.map(() => openConversation(app.url)));
    const results = await Promise.all(chats.map((c, i) => c.send(questions[i]!)));
    for (const [i, r] of results.entries()) {
      expect(r.status, questions[i]).toBe(200);
      expect(r.body.reply.text.trim().length, questions[i]).toBeGreaterThan(10);
      expect(['sent', 'busy']).toContain(r.body.status);
    }
    expect(results.some((r) => r.body.reply.offline === true)).toBe(true);
    expect(results.some((r) => r.body.reply.offline === false)).toBe(true);
    const histories = await Promise.all(chats.map((c) => c.history()));
    for (const [i, h] of histories.entries()) {
      expect(h.messages.map((m) => m.role)).toEqual(['customer', 'bot']);
      expect(h.messages[1].text).toBe(results[i]!.body.reply.text);
    }
  });
});

describe('circuit breaker over the web chat', () => {
  let fake: FakeOpenAIServer;
  let app: Running;
  const RESET_MS = 1200;
  beforeAll(async () => {
    fake = await startFakeOpenAIServer();
    app = await startTestApp({
      env: baseEnv({
        OPENAI_BASE_URL: fake.baseURL,
        MODEL_MAX_RETRIES: '1',
        MODEL_BREAKER_FAILURES: '2',
        MODEL_BREAKER_RESET_MS: String(RESET_MS),
        MODEL_TIMEOUT_MS: '1000',
      }),
    });
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('opens after consecutive failures (offline answers without calling the model), probes after the reset time, re-opens on a failed probe, recovers on a good one', async () => {
    const chat = await openConversation(app.url);
    const ask = async (text: string) => {
      const r = await chat.send(text);
      expect(r.status).toBe(200);
      expect(r.body.reply.text.length).toBeGreaterThan(10);
      return r.body.reply as { offline: boolean; text: string };
    };
    let healthy = false;
    fake.handle(() => (healthy ? { kind: 'text', text: 'The model is back: try the Aria kettle.' } : { kind: 'error', status: 500, headers: { 'retry-after-ms': '5' } }));

    // Two failing turns (each: one call, one retry) open the circuit.
    expect((await ask('Recommend a kettle')).offline).toBe(true);
    expect((await ask('Recommend a toaster')).offline).toBe(true);
    expect(fake.count).toBe(4);
    expect(app.composed.model!.stats().breaker).toBe('open');
    expect(await readyModelDetail(app.url)).toMatch(/^open: .*consecutive failures/);

    // While open, answers are offline and the model is not called at all.
    expect((await ask('Recommend a blender')).offline).toBe(true);
    expect(fake.count).toBe(4);

    // After the reset time one probe goes through; it fails, so the circuit opens again.
    await sleep(RESET_MS + 100);
    expect((await ask('Recommend a grinder')).offline).toBe(true);
    expect(fake.count).toBeGreaterThan(4);
    const afterFailedProbe = fake.count;
    expect(app.composed.model!.stats().breaker).toBe('open');
    expect((await ask('Recommend a mixer')).offline).toBe(true);
    expect(fake.count).toBe(afterFailedProbe);

    // The model recovers; the next probe succeeds and closes the circuit.
    healthy = true;
    await sleep(RESET_MS + 100);
    const recovered = await ask('Recommend a kettle again');
    expect(recovered).toMatchObject({ offline: false, text: 'The model is back: try the Aria kettle.' });
    expect(app.composed.model!.stats().breaker).toBe('closed');
    expect(await readyModelDetail(app.url)).toBe('closed');
    expect((await ask('And a toaster?')).offline).toBe(false);
  });
});
