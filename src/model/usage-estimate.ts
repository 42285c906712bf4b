import { countTokens } from 'gpt-tokenizer';
import type { ChatMessage, ToolCall, ToolSpec, Usage } from '../core/model.js';

// Customer text may contain strings like "<|endoftext|>"; count them as plain text
// instead of letting the tokenizer throw on a "disallowed special token".
const PLAIN = { disallowedSpecial: new Set<string>() };

// Per-message framing tokens of the chat format (OpenAI's published counting recipe).
const PER_MESSAGE = 3;
const REPLY_PRIMING = 3;

function tokens(text: string): number {
  return text ? countTokens(text, PLAIN) : 0;
}

/**
 * Token counts for a server that reports no `usage` (some OpenAI-compatible servers).
 * Counted with gpt-tokenizer's o200k encoding: exact for the gpt-4o family, an estimate
 * for other models, which is why the call is reported with `usageEstimated: true`.
 */
export function estimateUsage(input: { messages: ChatMessage[]; tools?: ToolSpec[] }, output: { text: string; toolCalls: ToolCall[] }): Usage {
  let prompt = REPLY_PRIMING;
  for (const m of input.messages) {
    prompt += PER_MESSAGE + tokens(m.content ?? '');
    if (m.role === 'assistant' && m.toolCalls) {
      for (const c of m.toolCalls) prompt += tokens(c.name) + tokens(c.arguments);
    }
  }
  if (input.tools?.length) prompt += tokens(JSON.stringify(input.tools));
  let completion = tokens(output.text);
  for (const c of output.toolCalls) completion += tokens(c.name) + tokens(c.arguments);
  return { promptTokens: prompt, completionTokens: completion, cachedTokens: 0 };
}
