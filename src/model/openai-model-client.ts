/**
 * The shared model over the `openai` package: OpenAI, Azure OpenAI, or any
 * OpenAI-compatible server (Ollama, vLLM, llama.cpp). The only module in the project
 * that imports `openai`.
 *
 * Resilience, outermost first: bulkhead (concurrency + queue, `busy`), circuit breaker
 * (`circuit_open`), the SDK's own retries for 429/5xx/timeouts (honouring Retry-After),
 * the SDK's per-attempt timeout up to response headers, then a stall watchdog between
 * stream chunks. Every failure leaves as ModelUnavailableError; a caller abort leaves as
 * the caller's own abort reason.
 */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AzureOpenAI,
  type ClientOptions,
} from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { ModelUnavailableError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type {
  ChatMessage,
  ModelClient,
  ModelCompletion,
  ModelRequest,
  ModelStreamEvent,
  ToolCall,
  ToolSpec,
  Usage,
} from '../core/model.js';
import { CallerAbortError, abortReason } from './caller-abort.js';
import { EventChannel } from './event-channel.js';
import type { ModelCallHook, ModelCallInfo, ModelCallOutcome } from './model-call-info.js';
import { createModelResilience, type ResilienceOptions, type ResilienceStats } from './model-resilience.js';
import { usageCost, type PriceTable } from './price-table.js';
import { capRetryAfter } from './retry-after.js';
import { withoutResourceTimings } from './resource-timings.js';
import { utf8Body } from './utf8-body.js';
import { startStallWatchdog } from './stall-watchdog.js';
import { isStrictCompatible } from './strict-json-schema.js';
import { ToolCallAssembler } from './tool-call-assembler.js';
import { estimateUsage } from './usage-estimate.js';

export type ModelProviderConfig =
  | { kind: 'openai'; apiKey: string; organization?: string }
  | { kind: 'azure'; endpoint: string; apiKey: string; deployment: string; apiVersion: string }
  /** Ollama, vLLM, llama.cpp, LiteLLM...; most need no key. */
  | { kind: 'compatible'; baseURL: string; apiKey?: string; organization?: string };

export interface OpenAIModelClientOptions {
  provider: ModelProviderConfig;
  /** Model name sent with each request (for Azure the deployment name is used instead). */
  model: string;
  /** Per attempt, until response headers (MODEL_TIMEOUT_MS). */
  timeoutMs: number;
  /** SDK retries for 408/409/429/5xx and connection errors (MODEL_MAX_RETRIES). */
  maxRetries: number;
  /** Longest silence between stream chunks before the call is cut as `stalled` (MODEL_STREAM_STALL_MS). */
  streamStallMs: number;
  resilience: ResilienceOptions;
  price: PriceTable;
  logger: Logger;
  onCall?: ModelCallHook;
  /** Transport override (proxies, tests); global fetch by default. */
  fetch?: typeof fetch;
}

export interface OpenAIModelClient extends ModelClient {
  /** Bulkhead and breaker figures for gauges (in flight, queued, breaker state). */
  stats(): ResilienceStats;
}

/** Why we aborted our own request, read back from the signal after the SDK stops. */
class StallAbort extends Error {
  constructor(readonly stallMs: number) {
    super(`no stream data for ${stallMs} ms`);
  }
}

/** What one call has produced so far; kept across a failure so usage of partial output is billed. */
interface CallProgress {
  text: string;
  refusal: string;
  tools: ToolCallAssembler;
  finishReason: string | undefined;
  usage: Usage | undefined;
  responded: boolean;
  firstTokenMs: number | undefined;
  reported: boolean;
}

const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };

function createSdkClient(opts: OpenAIModelClientOptions, logger: Logger): OpenAI {
  const sdkLogger = {
    error: (msg: string, ...rest: unknown[]) => logger.error({ sdk: rest }, msg),
    warn: (msg: string, ...rest: unknown[]) => logger.warn({ sdk: rest }, msg),
    info: (msg: string, ...rest: unknown[]) => logger.info({ sdk: rest }, msg),
    debug: (msg: string, ...rest: unknown[]) => logger.debug({ sdk: rest }, msg),
  };
  // Everything is passed explicitly (null where unused) so the SDK never falls back to
  // reading process.env itself: the validated Env is the only source of configuration.
  const common: Omit<ClientOptions, 'provider'> = {
    timeout: opts.timeoutMs,
    maxRetries: opts.maxRetries,
    fetch: capRetryAfter(utf8Body(withoutResourceTimings(opts.fetch ?? globalThis.fetch)), opts.timeoutMs),
    logger: sdkLogger,
    logLevel: 'warn',
    adminAPIKey: null,
    project: null,
    webhookSecret: null,
  };
  const p = opts.provider;
  if (p.kind === 'azure') {
    return new AzureOpenAI({
      ...common,
      baseURL: `${p.endpoint.replace(/\/+$/, '')}/openai`,
      apiKey: p.apiKey,
      deployment: p.deployment,
      apiVersion: p.apiVersion,
      organization: null,
    });
  }
  if (p.kind === 'openai') {
    return new OpenAI({ ...common, apiKey: p.apiKey, organization: p.organization ?? null, baseURL: 'https://api.openai.com/v1' });
  }
  // Local servers ignore the key, but the SDK insists on one.
  return new OpenAI({ ...common, apiKey: p.apiKey ?? 'no-key', organization: p.organization ?? null, baseURL: p.baseURL });
}

function providerLabel(p: ModelProviderConfig): string {
  if (p.kind === 'compatible') return `openai-compatible ${p.baseURL}`;
  return p.kind;
}

function toSdkMessage(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: m.content };
    case 'user':
      return m.name ? { role: 'user', content: m.content, name: m.name } : { role: 'user', content: m.content };
    case 'assistant':
      return m.toolCalls?.length
        ? {
            role: 'assistant',
            content: m.content,
            tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
          }
        : { role: 'assistant', content: m.content ?? '' };
    case 'tool':
      return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  }
}

function toSdkTool(t: ToolSpec): ChatCompletionTool {
  return { type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } };
}

function buildParams(request: ModelRequest, model: string, provider: ModelProviderConfig['kind']): ChatCompletionCreateParamsStreaming {
  const params: ChatCompletionCreateParamsStreaming = {
    model,
    messages: request.messages.map(toSdkMessage),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.tools?.length) params.tools = request.tools.map(toSdkTool);
  if (request.temperature !== undefined) params.temperature = request.temperature;
  if (request.maxTokens !== undefined) {
    // OpenAI's newer models accept only max_completion_tokens; Azure API versions and
    // local servers have long understood max_tokens and not always the newer name.
    if (provider === 'openai') params.max_completion_tokens = request.maxTokens;
    else params.max_tokens = request.maxTokens;
  }
  if (request.jsonSchema) {
    params.response_format = {
      type: 'json_schema',
      json_schema: {
        name: request.jsonSchema.name.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'response',
        schema: request.jsonSchema.schema,
        strict: isStrictCompatible(request.jsonSchema.schema),
      },
    };
  }
  return params;
}

/** Maps anything the SDK (or the stream) threw to the error the caller handles. */
function toModelError(err: unknown, signal: AbortSignal): Error {
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof StallAbort) {
      return new ModelUnavailableError('stalled', `model stream stalled: ${reason.message}`, { cause: err });
    }
    if (reason instanceof CallerAbortError) return reason;
  }
  if (err instanceof ModelUnavailableError || err instanceof CallerAbortError) return err;
  if (err instanceof APIUserAbortError) return new CallerAbortError(signal.reason);
  if (err instanceof APIConnectionTimeoutError) {
    return new ModelUnavailableError('timeout', `model request timed out: ${err.message}`, { cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new ModelUnavailableError('network', `cannot reach the model: ${err.message}`, { cause: err });
  }
  if (err instanceof APIError) {
    const status = err.status;
    // No status: the server sent an error event inside an otherwise successful stream.
    if (status === undefined) return new ModelUnavailableError('server', `model stream error: ${err.message}`, { cause: err });
    if (status === 429) return new ModelUnavailableError('rate_limited', `model rate limited: ${err.message}`, { status, cause: err });
    if (status === 408) return new ModelUnavailableError('timeout', `model request timed out: ${err.message}`, { status, cause: err });
    if (status >= 500) return new ModelUnavailableError('server', `model server error: ${err.message}`, { status, cause: err });
    return new ModelUnavailableError('client', `model rejected the request: ${err.message}`, { status, cause: err });
  }
  if (err instanceof SyntaxError) {
    return new ModelUnavailableError('invalid_output', `model stream was not valid JSON: ${err.message}`, { cause: err });
  }
  // undici's "terminated" / socket errors when the connection drops mid-stream.
  const message = err instanceof Error ? err.message : String(err);
  return new ModelUnavailableError('network', `model connection failed: ${message}`, { cause: err });
}

/** Resolves with the promise, or rejects as soon as the signal fires (the SDK's retry sleep ignores it). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

export function createOpenAIModelClient(opts: OpenAIModelClientOptions): OpenAIModelClient {
  const provider = providerLabel(opts.provider);
  const model = opts.provider.kind === 'azure' ? opts.provider.deployment : opts.model;
  const logger = opts.logger.child({ component: 'model', provider, model });
  const sdk = createSdkClient(opts, logger.child({ component: 'openai-sdk' }));
  const resilience = createModelResilience(opts.resilience);
  let warnedNoUsage = false;

  /** Settles the call's usage (estimating it if the server sent none) and tells onCall, once. */
  function report(request: ModelRequest, started: number, progress: CallProgress, outcome: ModelCallOutcome): void {
    if (progress.reported) return;
    progress.reported = true;
    let usage = progress.usage;
    let usageEstimated = false;
    if (!usage) {
      if (progress.responded) {
        usageEstimated = true;
        try {
          usage = estimateUsage({ messages: request.messages, tools: request.tools }, { text: progress.text, toolCalls: progress.tools.finish() });
        } catch {
          usage = NO_USAGE;
        }
        if (outcome === 'ok' && !warnedNoUsage) {
          warnedNoUsage = true;
          logger.warn('the model server sent no usage; token counts and costs are estimated with gpt-tokenizer');
        }
      } else {
        usage = NO_USAGE;
      }
    }
    progress.usage = usage;
    if (!opts.onCall) return;
    const info: ModelCallInfo = {
      purpose: request.purpose?.kind ?? 'unspecified',
      model,
      provider,
      outcome,
      usage,
      usageEstimated,
      cost: usageCost(opts.price, usage),
      latencyMs: performance.now() - started,
    };
    if (request.purpose?.skill !== undefined) info.skill = request.purpose.skill;
    if (request.purpose?.variant !== undefined) info.variant = request.purpose.variant;
    if (progress.firstTokenMs !== undefined) info.firstTokenMs = progress.firstTokenMs;
    if (progress.finishReason !== undefined) info.finishReason = progress.finishReason;
    try {
      opts.onCall(info);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'onCall hook threw');
    }
  }

  /** One request, start to finish, pushing events to the caller as they arrive. */
  async function runCall(
    request: ModelRequest,
    controller: AbortController,
    channel: EventChannel<ModelStreamEvent>,
    progress: CallProgress,
    started: number,
  ): Promise<void> {
    const signal = controller.signal;
    const params = buildParams(request, model, opts.provider.kind);
    let stream: AsyncIterable<ChatCompletionChunk>;
    try {
      stream = await abortable(sdk.chat.completions.create(params, { signal }), signal);
    } catch (err) {
      throw toModelError(err, signal);
    }
    progress.responded = true;
    const watchdog = startStallWatchdog(opts.streamStallMs, () => controller.abort(new StallAbort(opts.streamStallMs)));
    try {
      for await (const chunk of stream) {
        watchdog.kick();
        if (chunk.usage) {
          progress.usage = {
            promptTokens: chunk.usage.prompt_tokens ?? 0,
            completionTokens: chunk.usage.completion_tokens ?? 0,
            cachedTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
          };
        }
        // Azure sends content-filter results in chunks without choices; usage comes in one too.
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        const delta = choice.delta;
        if (delta?.content) {
          progress.firstTokenMs ??= performance.now() - started;
          progress.text += delta.content;
          channel.push({ type: 'delta', text: delta.content });
        }
        if (delta?.refusal) progress.refusal += delta.refusal;
        if (delta?.tool_calls?.length) {
          progress.firstTokenMs ??= performance.now() - started;
          progress.tools.add(delta.tool_calls);
        }
        if (choice.finish_reason) progress.finishReason = choice.finish_reason;
      }
    } catch (err) {
      throw toModelError(err, signal);
    } finally {
      watchdog.stop();
    }
    // The SDK ends the iteration quietly when its request is aborted: find out why.
    if (signal.aborted) throw toModelError(signal.reason, signal);

    if (progress.refusal && !progress.text) {
      throw new ModelUnavailableError('invalid_output', `model refused: ${progress.refusal.slice(0, 200)}`);
    }
    if (request.jsonSchema) {
      try {
        JSON.parse(progress.text);
      } catch {
        const why = progress.finishReason === 'length' ? ' (cut at max tokens)' : '';
        throw new ModelUnavailableError('invalid_output', `structured output is not valid JSON${why}: ${progress.text.slice(0, 120)}`);
      }
    }
    if (!progress.finishReason) {
      logger.warn('model stream ended without a finish_reason');
    }
    const calls: ToolCall[] = progress.tools.finish();
    if (calls.length) channel.push({ type: 'tool_calls', calls });
    // Usage is settled here so the done event and the onCall report agree.
    report(request, started, progress, 'ok');
    channel.push({ type: 'done', finishReason: progress.finishReason ?? 'unknown', usage: progress.usage ?? NO_USAGE });
  }

  async function* stream(request: ModelRequest): AsyncGenerator<ModelStreamEvent, void, undefined> {
    const callerSignal = request.signal;
    if (callerSignal?.aborted) throw abortReason(callerSignal);
    const started = performance.now();
    const controller = new AbortController();
    const channel = new EventChannel<ModelStreamEvent>();
    const progress: CallProgress = {
      text: '',
      refusal: '',
      tools: new ToolCallAssembler(),
      finishReason: undefined,
      usage: undefined,
      responded: false,
      firstTokenMs: undefined,
      reported: false,
    };
    const onCallerAbort = () => {
      const abort = new CallerAbortError(abortReason(callerSignal));
      controller.abort(abort);
      // Also wake the reader now: the call may still be waiting in the bulkhead queue.
      channel.fail(abort);
    };
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });

    void resilience
      .execute(() => runCall(request, controller, channel, progress, started), controller.signal)
      .then(
        () => channel.end(),
        (raw: unknown) => {
          const err = toModelError(raw, controller.signal);
          report(request, started, progress, err instanceof ModelUnavailableError ? err.kind : 'aborted');
          if (err instanceof ModelUnavailableError) {
            logger.warn(
              { kind: err.kind, status: err.status, purpose: request.purpose?.kind, partialChars: progress.text.length, err: err.message },
              'model call failed',
            );
          }
          channel.fail(err);
        },
      );

    let finished = false;
    try {
      for await (const event of channel) yield event;
      finished = true;
    } catch (err) {
      if (err instanceof CallerAbortError) throw err.reason;
      throw err;
    } finally {
      callerSignal?.removeEventListener('abort', onCallerAbort);
      // The caller stopped reading early (break, or its consumer threw): cancel the request.
      if (!finished && !controller.signal.aborted) {
        controller.abort(new CallerAbortError(new DOMException('the caller stopped reading the stream', 'AbortError')));
      }
    }
  }

  async function complete(request: ModelRequest): Promise<ModelCompletion> {
    let text = '';
    let toolCalls: ToolCall[] = [];
    let finishReason = 'unknown';
    let usage: Usage = NO_USAGE;
    for await (const event of stream(request)) {
      if (event.type === 'delta') text += event.text;
      else if (event.type === 'tool_calls') toolCalls = event.calls;
      else {
        finishReason = event.finishReason;
        usage = event.usage;
      }
    }
    return { text, toolCalls, finishReason, usage };
  }

  return {
    model,
    provider,
    stream,
    complete,
    health: () => resilience.health(),
    stats: () => resilience.stats(),
  };
}
