import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/logger.js';
import { createModelFromEnv } from '../../src/model/model-from-env.js';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { collect, hello } from './model-test-kit.js';

let fake: FakeOpenAIServer;
beforeAll(async () => {
  fake = await startFakeOpenAIServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const build = (vars: Record<string, string>, fetchImpl?: typeof fetch) =>
  createModelFromEnv(parseEnv(vars), { logger: silentLogger, ...(fetchImpl ? { fetch: fetchImpl } : {}) });

describe('choosing the provider', () => {
  it('returns no client when no model is configured', () => {
    const { client, description } = build({});
    expect(client).toBeNull();
    expect(description).toMatch(/^none/);
  });

  it('uses an OpenAI-compatible server from OPENAI_BASE_URL, with no key needed', async () => {
    const { client, description } = build({ OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'qwen2.5:7b' });
    expect(description).toBe(`openai-compatible ${fake.baseURL} model qwen2.5:7b`);
    expect(client!.provider).toBe(`openai-compatible ${fake.baseURL}`);
    expect(client!.model).toBe('qwen2.5:7b');
    fake.enqueue({ kind: 'text', text: 'Hola.' });
    expect((await client!.complete(hello)).text).toBe('Hola.');
    expect(fake.requests[0]!.path).toBe('/v1/chat/completions');
    expect(fake.requests[0]!.model).toBe('qwen2.5:7b');
  });

  it('sends the key to a compatible server that wants one', async () => {
    const guarded = await startFakeOpenAIServer({ apiKey: 'local-secret', fallback: { kind: 'text', text: 'authorised' } });
    try {
      const ok = build({ OPENAI_BASE_URL: guarded.baseURL, OPENAI_API_KEY: 'local-secret' });
      expect((await ok.client!.complete(hello)).text).toBe('authorised');
      const wrong = build({ OPENAI_BASE_URL: guarded.baseURL, OPENAI_API_KEY: 'nope' });
      const err = await wrong.client!.complete(hello).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'ModelUnavailableError', kind: 'client', status: 401 });
    } finally {
      await guarded.close();
    }
  });

  it('uses OpenAI with OPENAI_API_KEY: bearer key, organization header, max_completion_tokens', async () => {
    // Route api.openai.com to the fake server through the injectable fetch.
    const redirect: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input).replace('https://api.openai.com/v1', fake.baseURL);
      return fetch(url, init);
    };
    const { client, description } = build({ OPENAI_API_KEY: 'sk-test-123', OPENAI_ORGANIZATION: 'org-shop', OPENAI_MODEL: 'gpt-4o-mini' }, redirect);
    expect(description).toBe('openai gpt-4o-mini');
    expect(client!.provider).toBe('openai');
    fake.enqueue({ kind: 'text', text: 'Hi from OpenAI.' });
    expect((await client!.complete({ ...hello, maxTokens: 64 })).text).toBe('Hi from OpenAI.');
    const req = fake.requests[0]!;
    expect(req.headers.authorization).toBe('Bearer sk-test-123');
    expect(req.headers['openai-organization']).toBe('org-shop');
    expect(req.body.max_completion_tokens).toBe(64);
    expect(req.body.max_tokens).toBeUndefined();
  });

  it('uses Azure OpenAI when the three AZURE_OPENAI_* variables are set', async () => {
    const { client, description } = build({
      AZURE_OPENAI_ENDPOINT: `${fake.azureEndpoint}/`,
      AZURE_OPENAI_API_KEY: 'azure-key-1',
      AZURE_OPENAI_DEPLOYMENT: 'support-4o',
      AZURE_OPENAI_API_VERSION: '2024-10-21',
      // Ignored for Azure; would otherwise clash with the endpoint inside the SDK.
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    expect(description).toBe(`azure deployment support-4o (${fake.azureEndpoint}/, api-version 2024-10-21)`);
    expect(client!.provider).toBe('azure');
    expect(client!.model).toBe('support-4o');
    fake.enqueue({
      kind: 'tool_calls',
      calls: [{ name: 'get_return_policy', arguments: { category: 'kitchen' } }],
      usage: { prompt: 50, completion: 10, cached: 0 },
    });
    const out = await collect(client!, hello);
    expect(out.error).toBeUndefined();
    expect(out.toolCalls[0]).toMatchObject({ name: 'get_return_policy', arguments: '{"category":"kitchen"}' });
    const req = fake.requests[0]!;
    expect(req.path).toBe('/openai/deployments/support-4o/chat/completions');
    expect(req.azure).toEqual({ deployment: 'support-4o', apiVersion: '2024-10-21' });
    expect(req.headers['api-key']).toBe('azure-key-1');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.body.max_tokens).toBeUndefined();
  });

  it.each([
    [{ AZURE_OPENAI_ENDPOINT: 'https://shop.openai.azure.com' }, 'AZURE_OPENAI_API_KEY'],
    [{ AZURE_OPENAI_ENDPOINT: 'https://shop.openai.azure.com', AZURE_OPENAI_API_KEY: 'k' }, 'AZURE_OPENAI_DEPLOYMENT'],
    [{ AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_DEPLOYMENT: 'd' }, 'AZURE_OPENAI_ENDPOINT'],
    [{ AZURE_OPENAI_DEPLOYMENT: 'd', OPENAI_API_KEY: 'sk-x' }, 'AZURE_OPENAI_ENDPOINT'],
  ])('refuses half-configured Azure %j, naming %s', (vars, missing) => {
    let error: unknown;
    try {
      build(vars);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe(missing);
    expect((error as ConfigError).message).toContain(missing);
  });
});
