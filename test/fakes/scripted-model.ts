import { ModelUnavailableError } from '../../src/core/errors.js';
import type { ModelClient, ModelCompletion, ModelRequest, ModelStreamEvent, ToolCall } from '../../src/core/model.js';

/** One scripted model turn: text (streamed in a few chunks), tool calls, or a failure. */
export type ScriptedStep =
  | { text: string }
  | { toolCalls: Array<Omit<ToolCall, 'id'>> }
  | { fail: ModelUnavailableError['kind'] }
  /** Waits for `until` before answering `text` (a turn that is still running while something else happens). */
  | { text: string; until: Promise<void> };

/**
 * A ModelClient that answers from a script, in order, and records every request: the engine's
 * unit tests drive model, guard-retry and fallback paths with it without any network.
 */
export class ScriptedModel implements ModelClient {
  readonly model = 'scripted';
  readonly provider = 'scripted';
  readonly requests: ModelRequest[] = [];
  #steps: ScriptedStep[] = [];
  /** Answer when the script has run out. */
  fallback: ScriptedStep = { text: 'A scripted answer.' };

  script(...steps: ScriptedStep[]): this {
    this.#steps.push(...steps);
    return this;
  }

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    this.requests.push(request);
    const step = this.#steps.shift() ?? this.fallback;
    if ('fail' in step) throw new ModelUnavailableError(step.fail, `scripted ${step.fail}`);
    if ('toolCalls' in step) {
      yield { type: 'tool_calls', calls: step.toolCalls.map((c, i) => ({ ...c, id: `call_${this.requests.length}_${i}` })) };
    } else {
      if ('until' in step) await step.until;
      // Streamed in word-sized chunks, as a real model would.
      for (const chunk of step.text.match(/\S+\s*/g) ?? []) yield { type: 'delta', text: chunk };
    }
    yield { type: 'done', finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 0 } };
  }

  async complete(request: ModelRequest): Promise<ModelCompletion> {
    let text = '';
    let toolCalls: ToolCall[] = [];
    for await (const e of this.stream(request)) {
      if (e.type === 'delta') text += e.text;
      else if (e.type === 'tool_calls') toolCalls = e.calls;
    }
    return { text, toolCalls, finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 0 } };
  }

  health() {
    return { state: 'closed' as const };
  }
}
