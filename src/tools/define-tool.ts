import { z } from 'zod';
import type { JsonSchema } from '../core/model.js';
import type { ToolContext, ToolDefinition } from '../core/skill.js';

/** Bad arguments from the model (or a demonstration): the message names each field and why. */
export class ToolArgumentError extends Error {
  readonly tool: string;
  constructor(tool: string, message: string) {
    super(`${tool}: ${message}`);
    this.name = 'ToolArgumentError';
    this.tool = tool;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** The tool's JSON Schema for chat completions: zod 4's own generator, minus the draft marker providers do not want. */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema) as JsonSchema;
  return rest;
}

/**
 * One tool from a name, a description the model reads, a zod schema for its snake_case
 * arguments and a run function. The JSON Schema sent to the model and the validation
 * the runner applies come from the same zod schema, so they cannot drift apart.
 */
export function defineTool<S extends z.ZodType>(def: {
  name: string;
  description: string;
  args: S;
  run: (args: z.output<S>, ctx: ToolContext) => Promise<unknown>;
  /** Looks at or acts on a customer's order (ToolDefinition.readsOrders). */
  readsOrders?: boolean;
}): ToolDefinition {
  const parse = (args: unknown): { ok: true; value: z.output<S> } | { ok: false; error: string } => {
    const parsed = def.args.safeParse(args ?? {});
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: describeIssues(parsed.error) };
  };
  return {
    spec: { name: def.name, description: def.description, parameters: jsonSchemaOf(def.args) },
    parse,
    ...(def.readsOrders ? { readsOrders: true } : {}),
    async run(args, ctx) {
      const parsed = parse(args);
      if (!parsed.ok) throw new ToolArgumentError(def.name, parsed.error);
      return def.run(parsed.value, ctx);
    },
  };
}
