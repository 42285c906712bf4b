import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INSTANT_REPLY, startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';

// The fake is a contract other areas build on: these tests pin its wire format to OpenAI's.

let fake: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeOpenAIServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const post = (body: unknown, path = '/v1/chat/completions') =>
  fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true);
      return block.slice('data: '.length);
    });
}

const ask = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };

describe('fake OpenAI server', () => {
  it('streams SSE like OpenAI: role chunk, content, finish, usage chunk with empty choices, [DONE]', async () => {
    fake.enqueue({ kind: 'text', text: ['Hel', 'lo'], usage: { prompt: 7, completion: 2, cached: 3 } });
    const res = await post({ ...ask, stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const data = sseData(await res.text());
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d) as Record<string, any>);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0]!.id)).toBe(true);
    expect(chunks[0]!.choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(chunks.slice(1, 3).map((c) => c.choices[0].delta.content)).toEqual(['Hel', 'lo']);
    expect(chunks[3]!.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks[4]!.choices).toEqual([]);
    expect(chunks[4]!.usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 2, total_tokens: 9, prompt_tokens_details: { cached_tokens: 3 } });
  });

  it('sends no usage chunk unless the request asked for it', async () => {
    fake.enqueue({ kind: 'text', text: 'x' });
    const data = sseData(await (await post({ ...ask, stream: true })).text());
    expect(data.slice(0, -1).some((d) => 'usage' in JSON.parse(d))).toBe(false);
  });

  it('splits tool-call arguments across chunks, with id and name only on the first', async () => {
    fake.enqueue({ kind: 'tool_calls', calls: [{ id: 'call_z', name: 'get_order', arguments: { order_id: 'A-77' } }], argChunks: 3 });
    const data = sseData(await (await post({ ...ask, stream: true })).text());
    const deltas = data.slice(0, -1).map((d) => JSON.parse(d).choices[0]);
    const calls = deltas.filter((c) => c.delta.tool_calls).map((c) => c.delta.tool_calls[0]);
    expect(calls[0]).toEqual({ index: 0, id: 'call_z', type: 'function', function: { name: 'get_order', arguments: '' } });
    expect(calls.slice(1).every((c) => c.id === undefined && c.function.name === undefined)).toBe(true);
    expect(calls.map((c) => c.function.arguments).join('')).toBe('{"order_id":"A-77"}');
    expect(calls.length).toBe(4);
    expect(deltas.at(-1).finish_reason).toBe('tool_calls');
  });

  it('answers non-streaming requests with one chat.completion', async () => {
    fake.enqueue({ kind: 'tool_calls', text: 'Checking.', calls: [{ id: 'c1', name: 'get_order', arguments: '{"order_id":"A-1"}' }] });
    const body = (await (await post(ask)).json()) as Record<string, any>;
    expect(body.object).toBe('chat.completion');
    expect(body.choices[0].finish_reason).toBe('tool_calls');
    expect(body.choices[0].message).toMatchObject({
      role: 'assistant',
      content: 'Checking.',
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_order', arguments: '{"order_id":"A-1"}' } }],
    });
    expect(body.usage.total_tokens).toBeGreaterThan(0);
  });

  it('records requests with the details tests assert on', async () => {
    fake.enqueue({ kind: 'text', text: 'ok' });
    await post(
      {
        model: 'm',
        messages: [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'get_order', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 't1', content: '{"ok":true}' },
        ],
        tools: [{ type: 'function', function: { name: 'get_order', parameters: {} } }],
      },
      '/openai/deployments/dep-1/chat/completions?api-version=2024-10-21',
    );
    const r = fake.requests[0]!;
    expect(r).toMatchObject({ model: 'm', stream: false, lastUserText: 'first', azure: { deployment: 'dep-1', apiVersion: '2024-10-21' } });
    expect(r.toolResults).toEqual([{ toolCallId: 't1', content: '{"ok":true}' }]);
    expect(r.tools).toHaveLength(1);
    expect(r.headers['content-type']).toBe('application/json');
  });

  it('returns scripted errors with their status, headers and an OpenAI-style body', async () => {
    fake.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '2' } });
    const res = await post(ask);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe('rate_limit_exceeded');
  });

  it('fails loudly when nothing is scripted, and rejects bad requests OpenAI-style', async () => {
    const unscripted = await post(ask);
    expect(unscripted.status).toBe(500);
    expect(await unscripted.text()).toContain('no script queued');
    expect((await post('{not json')).status).toBe(400);
    expect((await post({ model: 'm' })).status).toBe(400);
    expect((await fetch(`${fake.url}/v1/embeddings`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(fake.count).toBe(1);
  });

  it('lists a model', async () => {
    const body = (await (await fetch(`${fake.baseURL}/models`)).json()) as { object: string; data: Array<{ id: string }> };
    expect(body.object).toBe('list');
    expect(body.data[0]!.id).toBe('fake-model');
  });

  it('in instant mode answers every request at once and keeps no records', async () => {
    const instant = await startFakeOpenAIServer({ instant: true });
    try {
      const res = await fetch(`${instant.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify({ ...ask, stream: false }) });
      const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
      expect(body.choices[0]!.message.content).toBe(INSTANT_REPLY);
      expect(instant.count).toBe(1);
      expect(instant.requests).toHaveLength(0);
    } finally {
      await instant.close();
    }
  });

  it('adds the fixed delay before every response in delay mode', async () => {
    const slow = await startFakeOpenAIServer({ delayMs: 120, fallback: { kind: 'text', text: 'late' } });
    try {
      const t0 = Date.now();
      await (await fetch(`${slow.baseURL}/chat/completions`, { method: 'POST', body: JSON.stringify(ask) })).json();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(115);
    } finally {
      await slow.close();
    }
  });
});
