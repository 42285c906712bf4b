import type { ChatMessage, ModelClient, ToolCall, Usage } from '../core/model.js';
import type { Skill, ToolRegistry, ToolContext } from '../core/skill.js';
import type { ToolCallRecord } from '../core/conversation.js';

/** After this many rounds of tool calls the model must answer with what it has. */
export const MAX_TOOL_ROUNDS = 4;

export interface ModelAnswer {
  text: string;
  tools: ToolCallRecord[];
  usage: Usage;
  modelCalls: number;
}

export type ToolExecutor = (call: ToolCall, ctx: ToolContext) => Promise<ToolCallRecord>;

export function emptyUsage(): Usage {
  return { promptTokens: 0, completionTokens: 0, cachedTokens: 0 };
}

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
  };
}

/**
 * One skill answer on the shared model: stream, run the tools it asks for (only the
 * skill's own), feed results back, at most MAX_TOOL_ROUNDS rounds, then a final round
 * without tools. Throws ModelUnavailableError from the client; the partial answer so
 * far is reported through `progress` so the caller can tell what the customer saw.
 */
export async function answerWithModel(input: {
  model: ModelClient;
  skill: Skill;
  variant: string;
  messages: ChatMessage[];
  tools: ToolRegistry;
  runTool: ToolExecutor;
  toolContext: ToolContext;
  onDelta?: (text: string) => void;
  signal?: AbortSignal;
  progress?: { usage: Usage; modelCalls: number; tools: ToolCallRecord[] };
}): Promise<ModelAnswer> {
  const { model, skill } = input;
  const specs = skill.manifest.tools.flatMap((name) => {
    const def = input.tools.get(name);
    return def ? [def.spec] : [];
  });
  const progress = input.progress ?? { usage: emptyUsage(), modelCalls: 0, tools: [] };
  const messages = [...input.messages];
  let text = '';

  for (let round = 0; round <= MAX_TOOL_ROUNDS; round++) {
    const offerTools = specs.length > 0 && round < MAX_TOOL_ROUNDS;
    let calls: ToolCall[] = [];
    let roundText = '';
    progress.modelCalls += 1;
    for await (const event of model.stream({
      messages,
      tools: offerTools ? specs : undefined,
      temperature: skill.manifest.model.temperature,
      maxTokens: skill.manifest.model.maxTokens,
      signal: input.signal,
      purpose: { kind: 'skill', skill: skill.manifest.id, variant: input.variant },
    })) {
      if (event.type === 'delta') {
        roundText += event.text;
        input.onDelta?.(event.text);
      } else if (event.type === 'tool_calls') {
        calls = event.calls;
      } else {
        progress.usage = addUsage(progress.usage, event.usage);
      }
    }
    text += roundText;
    if (calls.length === 0 || !offerTools) {
      return { text: text.trim(), tools: progress.tools, usage: progress.usage, modelCalls: progress.modelCalls };
    }
    messages.push({ role: 'assistant', content: roundText || null, toolCalls: calls });
    for (const call of calls) {
      const record = skill.manifest.tools.includes(call.name)
        ? await input.runTool(call, input.toolContext)
        : {
            name: call.name,
            arguments: call.arguments,
            result: { error: `tool "${call.name}" is not available to this skill` },
            ok: false,
            durationMs: 0,
          };
      progress.tools.push(record);
      messages.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify(record.result) });
    }
    // Text before a tool call ("let me check…") stays in the reply; separate it from what follows.
    if (roundText && !/\s$/.test(roundText)) {
      text += ' ';
      input.onDelta?.(' ');
    }
  }
  return { text: text.trim(), tools: progress.tools, usage: progress.usage, modelCalls: progress.modelCalls };
}
