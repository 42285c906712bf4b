import { ModelUnavailableError } from '../../src/core/errors.js';
import type { ModelClient, ModelCompletion, ModelRequest, ModelStreamEvent } from '../../src/core/model.js';

type Step = { text: string } | { error: Error };

/** A ModelClient that replays scripted completions and records every request. */
export function scriptedModel(steps: Step[]): ModelClient & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    model: 'scripted',
    provider: 'test',
    requests,
    async complete(request: ModelRequest): Promise<ModelCompletion> {
      requests.push(request);
      const step = steps.shift();
      if (!step) throw new Error('no scripted completion left');
      if ('error' in step) throw step.error;
      return { text: step.text, toolCalls: [], finishReason: 'stop', usage: { promptTokens: 100, completionTokens: 10, cachedTokens: 0 } };
    },
    // eslint-disable-next-line require-yield
    async *stream(): AsyncIterable<ModelStreamEvent> {
      throw new ModelUnavailableError('client', 'the router never streams');
    },
    health: () => ({ state: 'closed' }),
  };
}
