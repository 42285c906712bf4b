/**
 * The shared model, as the rest of the code sees it. Shaped after vercel/ai's
 * provider interface: plain data in, an async stream of events out. The only
 * implementation that talks to a network lives in src/model/ (the one module
 * that imports `openai`).
 */

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export interface ToolCall {
  id: string;
  name: string;
  /** The raw JSON string the model produced; parsed and validated by the tool runner. */
  arguments: string;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string; name?: string }
  | { role: 'assistant'; content: string | null; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

/** JSON Schema for a tool's parameters (what chat completions' `tools[].function.parameters` takes). */
export type JsonSchema = Record<string, unknown>;

export interface ToolSpec {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the provider's prompt cache (`prompt_tokens_details.cached_tokens`). */
  cachedTokens: number;
}

export interface ModelRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  temperature?: number;
  maxTokens?: number;
  /** Structured output: the reply must be JSON matching this schema. */
  jsonSchema?: { name: string; schema: JsonSchema };
  signal?: AbortSignal;
  /** For metrics and cost: which skill/variant/purpose this call serves. */
  purpose?: { kind: 'skill' | 'router' | 'guard'; skill?: string; variant?: string };
}

export type ModelStreamEvent =
  | { type: 'delta'; text: string }
  | { type: 'tool_calls'; calls: ToolCall[] }
  | { type: 'done'; finishReason: string; usage: Usage };

export interface ModelCompletion {
  text: string;
  toolCalls: ToolCall[];
  finishReason: string;
  usage: Usage;
}

export interface ModelClient {
  /** The model name, for logs and token counting. */
  readonly model: string;
  /** A human label such as "openai", "azure", "openai-compatible http://127.0.0.1:11434/v1". */
  readonly provider: string;
  /**
   * Streams one chat completion. Throws ModelUnavailableError (from core/errors)
   * for every failure the caller should answer offline.
   */
  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent>;
  /** Non-streaming convenience built on the same transport (router, guard). */
  complete(request: ModelRequest): Promise<ModelCompletion>;
  /** Breaker/health state for /readyz. */
  health(): { state: 'closed' | 'open' | 'half_open' | 'not_configured'; detail?: string };
}
