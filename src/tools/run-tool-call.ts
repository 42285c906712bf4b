import type { ToolCallRecord } from '../core/conversation.js';
import type { ToolCall } from '../core/model.js';
import { CommerceUnavailableError } from '../core/errors.js';
import type { ToolContext, ToolRegistry } from '../core/skill.js';

/**
 * What a tool returns when the store's order system cannot answer: data for the model (never an
 * error it might retry or explain away), and an effect the engine turns into "I can't check
 * orders right now" with a person on offer.
 */
export function commerceUnavailableResult(): Record<string, unknown> {
  return {
    unavailable: true,
    reason: 'commerce_unavailable',
    next_step:
      "The store's order system cannot be reached right now. Tell the customer you cannot check or change orders at the moment, " +
      'offer to connect them with a member of the team, and do not guess any order details or call order tools again this turn.',
  };
}

/** A call by name with arguments as an object (offline responder) or a JSON string (the model). */
export interface ToolInvocation {
  name: string;
  arguments: unknown;
}

function parseArguments(raw: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (typeof raw !== 'string') return { ok: true, value: raw ?? {} };
  if (raw.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, error: 'arguments are not valid JSON' };
  }
}

/**
 * Runs one tool call and records it. Never throws: an unknown tool, malformed JSON,
 * arguments the schema rejects or a failing back office all become ok:false with a
 * message the model can read and correct.
 */
export async function runToolCall(
  registry: ToolRegistry,
  call: ToolInvocation,
  ctx: ToolContext,
  now: () => number = () => performance.now(),
): Promise<ToolCallRecord> {
  const started = now();
  const parsedArgs = parseArguments(call.arguments);
  const args = parsedArgs.ok ? parsedArgs.value : call.arguments;
  const fail = (error: string): ToolCallRecord => ({ name: call.name, arguments: args, result: { error }, ok: false, durationMs: Math.max(0, now() - started) });
  const tool = registry.get(call.name);
  if (!tool) return fail(`unknown tool "${call.name}" (tools: ${registry.names().join(', ')})`);
  if (!parsedArgs.ok) return fail(`${call.name}: ${parsedArgs.error}`);
  try {
    const result = await tool.run(args, ctx);
    return { name: call.name, arguments: args, result, ok: true, durationMs: Math.max(0, now() - started) };
  } catch (err) {
    if (err instanceof CommerceUnavailableError) {
      ctx.effects.commerceUnavailable();
      return { name: call.name, arguments: args, result: commerceUnavailableResult(), ok: false, durationMs: Math.max(0, now() - started) };
    }
    return fail(err instanceof Error ? err.message : String(err));
  }
}

/** The engine's tool executor shape: `(call, ctx) => ToolCallRecord` over a registry. */
export function createToolExecutor(registry: ToolRegistry): (call: ToolCall, ctx: ToolContext) => Promise<ToolCallRecord> {
  return (call, ctx) => runToolCall(registry, { name: call.name, arguments: call.arguments }, ctx);
}
