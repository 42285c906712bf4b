import { modelToEncodingMap } from 'gpt-tokenizer/mapping';
import type { ChatMessage, ToolSpec } from '../core/model.js';
import { ownValue } from '../core/own-keys.js';

/** Counts tokens the way the configured model's tokenizer does. */
export interface TokenCounter {
  /** The model the count is for and the BPE encoding used for it. */
  readonly model: string;
  readonly encoding: 'o200k_base' | 'cl100k_base';
  /** False when the model is unknown to gpt-tokenizer and o200k is an estimate. */
  readonly exact: boolean;
  text(text: string): number;
  /** Tokens one chat message adds to a prompt, framing included. */
  message(message: ChatMessage): number;
  /** A whole request: messages, reply priming and the tool definitions. */
  messages(messages: readonly ChatMessage[], tools?: readonly ToolSpec[]): number;
  tools(tools: readonly ToolSpec[]): number;
}

// OpenAI's published counting recipe for chat messages: each message is framed by a few
// tokens, and the reply is primed with a few more.
const PER_MESSAGE = 3;
export const REPLY_PRIMING = 3;

// Customer text may contain strings such as "<|endoftext|>"; count them as plain text
// instead of letting the tokenizer throw on a disallowed special token.
const PLAIN = { disallowedSpecial: new Set<string>() };

type Encoding = TokenCounter['encoding'];

// gpt-tokenizer's map lists only the older cl100k/p50k models; everything newer is o200k.
const CL100K_FAMILY = /^(gpt-3\.5|gpt-35|gpt-4(-\d|-turbo|-32k|-vision|$)|text-embedding-(ada|3))/;
const O200K_FAMILY = /^(gpt-4o|chatgpt-4o|gpt-4\.[15]|gpt-5|o[1-9](-|$)|gpt-oss|gpt-realtime|gpt-audio|codex)/;

/** The encoding for a model name; names outside OpenAI's families (Ollama, vLLM, Azure deployment names) get an o200k estimate. */
export function encodingForModel(model: string): { encoding: Encoding; exact: boolean } {
  const name = model.trim().toLowerCase().replace(/^ft:/, '').replace(/^openai\//, '');
  const listed = ownValue(modelToEncodingMap as Record<string, string>, name);
  if (listed === 'cl100k_base' || CL100K_FAMILY.test(name)) return { encoding: 'cl100k_base', exact: true };
  if (listed === 'o200k_base' || listed === 'o200k_harmony' || O200K_FAMILY.test(name)) return { encoding: 'o200k_base', exact: true };
  return { encoding: 'o200k_base', exact: false };
}

const encoders = new Map<Encoding, Promise<(text: string) => number>>();

// The BPE tables are several MB each: load only the one the model needs, once per process.
function loadEncoder(encoding: Encoding): Promise<(text: string) => number> {
  let pending = encoders.get(encoding);
  if (!pending) {
    pending =
      encoding === 'cl100k_base'
        ? import('gpt-tokenizer/encoding/cl100k_base').then((m) => (t: string) => m.countTokens(t, PLAIN))
        : import('gpt-tokenizer/encoding/o200k_base').then((m) => (t: string) => m.countTokens(t, PLAIN));
    encoders.set(encoding, pending);
  }
  return pending;
}

export async function createTokenCounter(model: string): Promise<TokenCounter> {
  const { encoding, exact } = encodingForModel(model);
  const count = await loadEncoder(encoding);
  // Prompts repeat the same system text and demonstrations on every turn; counting them once is enough.
  const cache = new Map<string, number>();
  const text = (t: string): number => {
    if (!t) return 0;
    const hit = cache.get(t);
    if (hit !== undefined) return hit;
    const n = count(t);
    if (t.length > 64) {
      if (cache.size >= 2000) cache.clear();
      cache.set(t, n);
    }
    return n;
  };
  const message = (m: ChatMessage): number => {
    let n = PER_MESSAGE + text(m.content ?? '');
    if (m.role === 'assistant' && m.toolCalls) {
      for (const c of m.toolCalls) n += PER_MESSAGE + text(c.name) + text(c.arguments);
    }
    if (m.role === 'user' && m.name) n += 1 + text(m.name);
    return n;
  };
  const tools = (specs: readonly ToolSpec[]): number => (specs.length ? text(JSON.stringify(specs)) : 0);
  return {
    model,
    encoding,
    exact,
    text,
    message,
    tools,
    messages(list, specs) {
      let n = REPLY_PRIMING;
      for (const m of list) n += message(m);
      return n + (specs ? tools(specs) : 0);
    },
  };
}
