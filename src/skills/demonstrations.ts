import { z } from 'zod';
import type { ChatMessage } from '../core/model.js';
import type { Demonstration, ToolRegistry } from '../core/skill.js';
import type { ConfigProblem } from './config-problem.js';

/*
 * prompts/<skill>/demonstrations.yaml: a list of exchanges written the way a person
 * reads a chat, converted to ChatMessage[] at load:
 *
 *   - id: simple-return
 *     note: why this example exists (not sent to the model)
 *     turns:
 *       - user: I'd like to send back the {{example.product.1.name}} from order {{example.order.1}}
 *       - assistant: Let me check that order.        # optional text before the calls
 *         calls:
 *           - tool: check_return_eligibility
 *             args: { order_id: "{{example.order.1}}", sku: "{{example.product.1.sku}}" }
 *             result: { eligible: true, windowDays: 30 }
 *       - assistant: Good news, it can still be returned...
 */

const toolCallSchema = z.strictObject({
  tool: z.string({ error: 'tool must be a tool name' }).min(1),
  args: z.record(z.string(), z.unknown(), { error: 'args must be a mapping of argument names to values' }).default({}),
  result: z.unknown().refine((r) => r !== undefined, { error: 'result is required (what the tool returned)' }),
});

const turnSchema = z
  .strictObject({
    user: z.string().trim().min(1, { error: 'user text must not be empty' }).optional(),
    assistant: z.string().trim().min(1, { error: 'assistant text must not be empty' }).nullish(),
    calls: z.array(toolCallSchema).min(1, { error: 'calls must list at least one tool call' }).optional(),
  })
  .superRefine((t, ctx) => {
    if (t.user !== undefined && (t.assistant != null || t.calls !== undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a turn is either `user:` or `assistant:` (with optional `calls:`), not both' });
    } else if (t.user === undefined && t.assistant == null && t.calls === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a turn needs `user:`, `assistant:` or `calls:`' });
    }
  });

const demonstrationSchema = z.strictObject({
  id: z
    .string({ error: 'id is required' })
    .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: 'id must be lower-case letters, digits, _ or -' }),
  note: z.string().optional(),
  turns: z.array(turnSchema, { error: 'turns must be a list' }).min(2, { error: 'an exchange needs at least a user turn and an assistant reply' }),
});

export const demonstrationsFileSchema = z
  .array(demonstrationSchema, { error: 'the file must be a list of demonstrations' })
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      if (seen.has(d.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `demonstration id "${d.id}" is used twice` });
      seen.add(d.id);
    });
  });

export type DemonstrationSource = z.infer<typeof demonstrationSchema>;

function callId(demoId: string, n: number): string {
  return `call_${demoId.replace(/[^A-Za-z0-9_-]/g, '_')}_${n}`;
}

/** The chat messages of one demonstration; user text stays raw (the assembler delimits it). */
export function toChatMessages(demo: DemonstrationSource): ChatMessage[] {
  const messages: ChatMessage[] = [];
  let n = 0;
  for (const turn of demo.turns) {
    if (turn.user !== undefined) {
      messages.push({ role: 'user', content: turn.user });
      continue;
    }
    if (!turn.calls) {
      messages.push({ role: 'assistant', content: turn.assistant ?? '' });
      continue;
    }
    const calls = turn.calls.map((c) => ({ id: callId(demo.id, ++n), name: c.tool, arguments: JSON.stringify(c.args), result: c.result }));
    messages.push({
      role: 'assistant',
      content: turn.assistant ?? null,
      toolCalls: calls.map(({ id, name, arguments: args }) => ({ id, name, arguments: args })),
    });
    for (const c of calls) messages.push({ role: 'tool', toolCallId: c.id, content: JSON.stringify(c.result) });
  }
  return messages;
}

/**
 * Is this a conversation a model could have had? Starts with the customer, user and
 * assistant alternate, every tool call is answered by its result before anything else,
 * results answer only calls made, and it ends with an assistant reply in words.
 */
export function exchangeProblems(messages: readonly ChatMessage[]): string[] {
  const problems: string[] = [];
  if (messages[0]?.role !== 'user') problems.push('must start with a user turn');
  let pending: string[] = [];
  let previous: ChatMessage['role'] | null = null;
  messages.forEach((m, i) => {
    const at = `message ${i + 1}`;
    if (m.role === 'system') problems.push(`${at}: system messages do not belong in a demonstration`);
    if (m.role === 'tool') {
      if (!pending.includes(m.toolCallId)) problems.push(`${at}: a tool result that answers no open tool call`);
      pending = pending.filter((id) => id !== m.toolCallId);
    } else {
      if (pending.length) problems.push(`${at}: tool call(s) ${pending.join(', ')} must be followed by their result first`);
      pending = [];
    }
    if (m.role === 'user' && previous === 'user') problems.push(`${at}: two user turns in a row; put the assistant's reply between them`);
    if (m.role === 'user' && previous === 'tool') problems.push(`${at}: after a tool result the assistant must reply before the user speaks`);
    if (m.role === 'assistant' && previous === 'assistant') problems.push(`${at}: two assistant turns in a row; merge them`);
    if (m.role === 'assistant' && m.toolCalls?.length) pending = m.toolCalls.map((c) => c.id);
    previous = m.role;
  });
  if (pending.length) problems.push(`tool call(s) ${pending.join(', ')} have no result`);
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'assistant' || last.toolCalls?.length || !last.content?.trim()) {
    problems.push('must end with an assistant reply in words (not a tool call or a user turn)');
  }
  return problems;
}

/** Tool calls in a demonstration that the skill may not make or whose arguments the tool would reject. */
export function toolCallProblems(demo: DemonstrationSource, allowed: readonly string[], tools: ToolRegistry): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  demo.turns.forEach((turn, t) => {
    turn.calls?.forEach((call, c) => {
      const field = `turns[${t}].calls[${c}]`;
      const def = tools.get(call.tool);
      if (!def) {
        problems.push({ field: `${field}.tool`, message: `unknown tool "${call.tool}" (known tools: ${tools.names().join(', ')})` });
        return;
      }
      if (!allowed.includes(call.tool)) {
        problems.push({ field: `${field}.tool`, message: `the skill does not list tool "${call.tool}" in its skill.yaml tools` });
      }
      const parsed = def.parse(call.args);
      if (!parsed.ok) problems.push({ field: `${field}.args`, message: `arguments rejected by ${call.tool}: ${parsed.error}` });
    });
  });
  return problems;
}

/** Validated demonstrations of one file, or problems naming the file and the demonstration. */
export function parseDemonstrations(
  raw: unknown,
  file: string,
  ctx: { allowedTools: readonly string[]; tools: ToolRegistry },
  problems: ConfigProblem[],
): { demos: Demonstration[]; sources: DemonstrationSource[] } {
  const parsed = demonstrationsFileSchema.safeParse(raw ?? []);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ file, field: fieldOf(raw, issue.path), message: issue.message });
    }
    return { demos: [], sources: [] };
  }
  const demos: Demonstration[] = [];
  parsed.data.forEach((source, i) => {
    const messages = toChatMessages(source);
    const label = `[${i}] ${source.id}`;
    for (const message of exchangeProblems(messages)) problems.push({ file, field: label, message });
    for (const p of toolCallProblems(source, ctx.allowedTools, ctx.tools)) problems.push({ file, field: `${label} ${p.field}`, message: p.message });
    demos.push({ id: source.id, messages });
  });
  return { demos, sources: parsed.data };
}

/** `[3] simple-return turns[1].calls[0].args` when the demonstration has an id, else the bare path. */
function fieldOf(raw: unknown, path: readonly PropertyKey[]): string {
  const [index, ...rest] = path;
  let head = index === undefined ? '' : `[${String(index)}]`;
  if (typeof index === 'number' && Array.isArray(raw)) {
    const id = (raw[index] as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') head += ` ${id}`;
  }
  let tail = '';
  for (const key of rest) tail += typeof key === 'number' ? `[${key}]` : tail ? `.${String(key)}` : String(key);
  return [head, tail].filter(Boolean).join(' ') || '(file)';
}
