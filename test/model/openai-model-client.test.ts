import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelUnavailableError } from '../../src/core/errors.js';
import type { ChatMessage, ToolSpec } from '../../src/core/model.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { collect, fakeClient, hello } from './model-test-kit.js';

const orderTool: ToolSpec = {
  name: 'get_order',
  description: 'Look up an order by id',
  parameters: { type: 'object', properties: { order_id: { type: 'string' } }, required: ['order_id'], additionalProperties: false },
};
const warrantyTool: ToolSpec = {
  name: 'check_warranty',
  description: 'Check warranty coverage',
  parameters: { type: 'object', properties: { sku: { type: 'string' }, order_id: { type: 'string' } } },
};

let fake: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeOpenAIServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

describe('streaming text', () => {
  it('yields the deltas in order, then done with the finish reason and the server-reported usage', async () => {
    fake.enqueue({ kind: 'text', text: ['The kettle ', 'ships in ', 'two days.'], usage: { prompt: 120, completion: 9, cached: 64 } });
    const { client } = fakeClient(fake);
    const out = await collect(client, hello);
    expect(out.error).toBeUndefined();
    expect(out.deltas).toEqual(['The kettle ', 'ships in ', 'two days.']);
    expect(out.done).toEqual({ finishReason: 'stop', usage: { promptTokens: 120, completionTokens: 9, cachedTokens: 64 } });
  });

  it('sends the conversation, tools and parameters the way chat completions expects', async () => {
    fake.enqueue({ kind: 'text', text: 'ok' });
    const { client } = fakeClient(fake, { OPENAI_MODEL: 'llama3.1:8b' });
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are the returns assistant.' },
      { role: 'user', content: 'Where is order A-1009?', name: 'shopper' },
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_7', name: 'get_order', arguments: '{"order_id":"A-1009"}' }] },
      { role: 'tool', toolCallId: 'call_7', content: '{"status":"shipped"}' },
      { role: 'assistant', content: 'It has shipped.' },
      { role: 'user', content: 'Thanks!' },
    ];
    await client.complete({ messages, tools: [orderTool], temperature: 0.2, maxTokens: 300 });
    const req = fake.requests[0]!;
    expect(req.model).toBe('llama3.1:8b');
    expect(req.stream).toBe(true);
    expect(req.body.stream_options).toEqual({ include_usage: true });
    expect(req.body.temperature).toBe(0.2);
    // An OpenAI-compatible server gets the long-supported max_tokens.
    expect(req.body.max_tokens).toBe(300);
    expect(req.body.max_completion_tokens).toBeUndefined();
    expect(req.messages).toEqual([
      { role: 'system', content: 'You are the returns assistant.' },
      { role: 'user', content: 'Where is order A-1009?', name: 'shopper' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_7', type: 'function', function: { name: 'get_order', arguments: '{"order_id":"A-1009"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_7', content: '{"status":"shipped"}' },
      { role: 'assistant', content: 'It has shipped.' },
      { role: 'user', content: 'Thanks!' },
    ]);
    expect(req.tools).toEqual([{ type: 'function', function: { name: 'get_order', description: orderTool.description, parameters: orderTool.parameters } }]);
    expect(req.body.response_format).toBeUndefined();
  });

  it('leaves out tools and optional parameters the caller did not give', async () => {
    fake.enqueue({ kind: 'text', text: 'ok' });
    const { client } = fakeClient(fake);
    await client.complete(hello);
    const body = fake.requests[0]!.body;
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('max_tokens');
  });
});

describe('tool calls', () => {
  it('assembles several parallel calls whose arguments arrive in fragments across chunks', async () => {
    fake.enqueue({
      kind: 'tool_calls',
      text: 'Let me check both. ',
      argChunks: 5,
      calls: [
        { id: 'call_a', name: 'get_order', arguments: { order_id: 'A-2041' } },
        { id: 'call_b', name: 'check_warranty', arguments: { sku: 'KT-100', order_id: 'A-2041' } },
      ],
    });
    const { client } = fakeClient(fake);
    const out = await collect(client, { ...hello, tools: [orderTool, warrantyTool] });
    expect(out.error).toBeUndefined();
    expect(out.text).toBe('Let me check both. ');
    expect(out.toolCalls.map((c) => ({ id: c.id, name: c.name, args: JSON.parse(c.arguments) as unknown }))).toEqual([
      { id: 'call_a', name: 'get_order', args: { order_id: 'A-2041' } },
      { id: 'call_b', name: 'check_warranty', args: { sku: 'KT-100', order_id: 'A-2041' } },
    ]);
    expect(out.done?.finishReason).toBe('tool_calls');
  });

  it('emits the tool calls once, after the text and before done', async () => {
    fake.enqueue({ kind: 'tool_calls', text: 'One moment. ', calls: [{ name: 'get_order', arguments: '{"order_id":"A-1"}' }] });
    const { client } = fakeClient(fake);
    const types: string[] = [];
    for await (const e of client.stream({ ...hello, tools: [orderTool] })) types.push(e.type);
    expect(types.filter((t) => t === 'tool_calls')).toHaveLength(1);
    expect(types.indexOf('tool_calls')).toBeGreaterThan(types.lastIndexOf('delta'));
    expect(types.at(-1)).toBe('done');
  });

  it('runs a multi-round exchange: tool call, tool result, final text', async () => {
    fake.handle((req) =>
      req.toolResults.length > 0
        ? { kind: 'text', text: `Order status: ${JSON.parse(req.toolResults[0]!.content).status as string}.` }
        : { kind: 'tool_calls', calls: [{ id: 'call_1', name: 'get_order', arguments: { order_id: 'A-3300' } }] },
    );
    const { client } = fakeClient(fake);
    const messages: ChatMessage[] = [{ role: 'user', content: 'Where is A-3300?' }];
    const first = await client.complete({ messages, tools: [orderTool] });
    expect(first.toolCalls).toEqual([{ id: 'call_1', name: 'get_order', arguments: '{"order_id":"A-3300"}' }]);
    messages.push({ role: 'assistant', content: first.text || null, toolCalls: first.toolCalls });
    messages.push({ role: 'tool', toolCallId: 'call_1', content: '{"status":"delivered"}' });
    const second = await client.complete({ messages, tools: [orderTool] });
    expect(second.text).toBe('Order status: delivered.');
    expect(second.toolCalls).toEqual([]);
    expect(fake.requests[1]!.toolResults).toEqual([{ toolCallId: 'call_1', content: '{"status":"delivered"}' }]);
  });
});

describe('usage and cost', () => {
  it('reports each call through onCall with purpose, usage incl. cached tokens, cost from the price table and latency', async () => {
    fake.enqueue({ kind: 'text', text: 'Here you go.', usage: { prompt: 2_000, completion: 500, cached: 1_200 } });
    const { client, calls } = fakeClient(fake, { MODEL_PRICE_INPUT: '2', MODEL_PRICE_CACHED_INPUT: '0.5', MODEL_PRICE_OUTPUT: '8' });
    await client.complete({ ...hello, purpose: { kind: 'skill', skill: 'returns', variant: 'v2' } });
    expect(calls).toHaveLength(1);
    const info = calls[0]!;
    expect(info).toMatchObject({
      purpose: 'skill',
      skill: 'returns',
      variant: 'v2',
      model: 'fake-model',
      provider: `openai-compatible ${fake.baseURL}`,
      outcome: 'ok',
      finishReason: 'stop',
      usage: { promptTokens: 2_000, completionTokens: 500, cachedTokens: 1_200 },
      usageEstimated: false,
    });
    // 800 uncached at $2/M + 1,200 cached at $0.5/M + 500 output at $8/M
    expect(info.cost).toBeCloseTo((800 * 2 + 1_200 * 0.5 + 500 * 8) / 1e6, 12);
    expect(info.latencyMs).toBeGreaterThanOrEqual(0);
    expect(info.firstTokenMs).toBeLessThanOrEqual(info.latencyMs);
  });

  it('estimates usage with gpt-tokenizer when the server sends none, and says so', async () => {
    fake.enqueue({ kind: 'text', text: 'A compatible server that reports no token usage at all.', usage: 'none' });
    const { client, calls } = fakeClient(fake);
    const out = await collect(client, { messages: [{ role: 'system', content: 'Be brief.' }, ...hello.messages] });
    expect(out.error).toBeUndefined();
    expect(out.done!.usage.promptTokens).toBeGreaterThan(5);
    expect(out.done!.usage.completionTokens).toBeGreaterThan(5);
    expect(out.done!.usage.cachedTokens).toBe(0);
    expect(calls[0]!.usageEstimated).toBe(true);
    expect(calls[0]!.usage).toEqual(out.done!.usage);
    expect(calls[0]!.cost).toBeGreaterThan(0);
  });

  it('labels calls without a purpose as unspecified', async () => {
    fake.enqueue({ kind: 'text', text: 'ok' });
    const { client, calls } = fakeClient(fake);
    await client.complete(hello);
    expect(calls[0]!.purpose).toBe('unspecified');
    expect(calls[0]).not.toHaveProperty('skill');
  });
});

describe('structured output', () => {
  const routeSchema = {
    type: 'object',
    properties: { route: { type: 'string', enum: ['returns', 'warranty', 'other'] }, confidence: { type: 'number' } },
    required: ['route', 'confidence'],
    additionalProperties: false,
  };

  it('asks for json_schema output and returns text that parses', async () => {
    fake.enqueue({ kind: 'json', value: { route: 'warranty', confidence: 0.82 } });
    const { client } = fakeClient(fake);
    const result = await client.complete({ ...hello, jsonSchema: { name: 'route decision', schema: routeSchema }, purpose: { kind: 'router' } });
    expect(JSON.parse(result.text)).toEqual({ route: 'warranty', confidence: 0.82 });
    expect(fake.requests[0]!.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'route_decision', schema: routeSchema, strict: true },
    });
  });

  it('does not ask for strict mode when the schema is outside the strict subset', async () => {
    fake.enqueue({ kind: 'json', value: { route: 'other' } });
    const { client } = fakeClient(fake);
    const loose = { type: 'object', properties: { route: { type: 'string' }, note: { type: 'string' } }, required: ['route'] };
    await client.complete({ ...hello, jsonSchema: { name: 'r', schema: loose } });
    expect((fake.requests[0]!.body.response_format as { json_schema: { strict: boolean } }).json_schema.strict).toBe(false);
  });

  it('fails with invalid_output when the reply is not JSON, without tripping the breaker', async () => {
    fake.handle(() => ({ kind: 'text', text: '{"route": "warr' }));
    const { client, calls } = fakeClient(fake, { MODEL_BREAKER_FAILURES: '1' });
    for (let i = 0; i < 3; i++) {
      const err = await client.complete({ ...hello, jsonSchema: { name: 'r', schema: routeSchema } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelUnavailableError);
      expect((err as ModelUnavailableError).kind).toBe('invalid_output');
    }
    expect(fake.count).toBe(3);
    expect(client.health().state).toBe('closed');
    expect(calls.map((c) => c.outcome)).toEqual(['invalid_output', 'invalid_output', 'invalid_output']);
  });
});

describe('health', () => {
  it('reports a closed breaker and idle bulkhead at rest', () => {
    const { client } = fakeClient(fake, { MODEL_MAX_CONCURRENCY: '4', MODEL_QUEUE_SIZE: '8' });
    expect(client.health()).toEqual({ state: 'closed' });
    expect(client.stats()).toEqual({ breaker: 'closed', inFlight: 0, queued: 0, maxConcurrency: 4, queueSize: 8 });
  });
});
