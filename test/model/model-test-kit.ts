import { parseEnv, type Env } from '../../src/config/config.js';
import type { ModelClient, ModelRequest, ModelStreamEvent, ToolCall, Usage } from '../../src/core/model.js';
import { silentLogger } from '../../src/core/logger.js';
import type { ModelCallInfo } from '../../src/model/model-call-info.js';
import { createModelFromEnv } from '../../src/model/model-from-env.js';
import type { OpenAIModelClient } from '../../src/model/openai-model-client.js';
import type { FakeOpenAIServer } from '../fakes/fake-openai-server.js';

/** A validated Env pointing at the fake server; no retries and generous limits unless overridden. */
export function fakeEnv(fake: FakeOpenAIServer, overrides: Record<string, string> = {}): Env {
  return parseEnv({
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_MODEL: 'fake-model',
    MODEL_MAX_RETRIES: '0',
    MODEL_TIMEOUT_MS: '5000',
    MODEL_STREAM_STALL_MS: '3000',
    ...overrides,
  });
}

/** A client on the fake server that records every onCall report. */
export function fakeClient(fake: FakeOpenAIServer, overrides: Record<string, string> = {}): { client: OpenAIModelClient; calls: ModelCallInfo[] } {
  const calls: ModelCallInfo[] = [];
  const { client } = createModelFromEnv(fakeEnv(fake, overrides), { logger: silentLogger, onCall: (i) => calls.push(i) });
  if (!client) throw new Error('expected a model client');
  return { client, calls };
}

export interface Collected {
  deltas: string[];
  text: string;
  toolCalls: ToolCall[];
  done: { finishReason: string; usage: Usage } | null;
  error: unknown;
}

/** Reads a whole stream, keeping what arrived before a failure (as the engine does). */
export async function collect(client: ModelClient, request: ModelRequest): Promise<Collected> {
  const out: Collected = { deltas: [], text: '', toolCalls: [], done: null, error: undefined };
  try {
    for await (const event of client.stream(request) as AsyncIterable<ModelStreamEvent>) {
      if (event.type === 'delta') {
        out.deltas.push(event.text);
        out.text += event.text;
      } else if (event.type === 'tool_calls') {
        out.toolCalls = event.calls;
      } else {
        out.done = { finishReason: event.finishReason, usage: event.usage };
      }
    }
  } catch (err) {
    out.error = err;
  }
  return out;
}

export const hello: ModelRequest = { messages: [{ role: 'user', content: 'Hello, is anyone there?' }] };

/** Waits until `check` passes (for effects that finish after the caller already returned). */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
