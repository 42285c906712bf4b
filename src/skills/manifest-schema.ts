import { z } from 'zod';
import { MODES } from '../core/conversation.js';
import type { SkillManifest, ToolRegistry } from '../core/skill.js';

export interface ManifestSchemaOptions {
  /** Name of the folder the manifest lives in; the id must match it. */
  folder: string;
  tools: ToolRegistry;
  /** Routing examples required per skill: 80 for shipped skills, fewer for test fixtures. */
  minExamples: number;
}

export const SKILL_ID = /^[a-z][a-z0-9_]*$/;
export const VARIANT_ID = /^[a-z0-9][a-z0-9_-]*$/;

export const MANIFEST_DEFAULTS = {
  defaultMode: 'auto',
  tokenBudget: 3000,
  model: { temperature: 0.2, maxTokens: 400 },
  demonstrations: { core: 4, k: 2 },
  variants: [{ id: 'default', weight: 1 }],
} as const;

const ISO_639 = /^[a-z]{2,3}$/;
const languageKey = (what: string) => z.string().regex(ISO_639, { error: `${what} are keyed by an ISO 639 code such as es` });

const text = (what: string) => z.string({ error: `${what} must be text` }).trim().min(1, { error: `${what} must not be empty` });

/**
 * skills/<id>/skill.yaml. Strict objects, so a misspelt key ("tokenbudget") is an error
 * rather than a silently ignored setting.
 */
export function createManifestSchema(opts: ManifestSchemaOptions): z.ZodType<SkillManifest> {
  const known = opts.tools.names();
  return z.strictObject({
    id: z
      .string({ error: 'id is required' })
      .regex(SKILL_ID, { error: 'id must be lower_snake_case (a-z, 0-9, _), starting with a letter' })
      .refine((id) => id === opts.folder, { error: (i) => `id "${String(i.input)}" must equal the folder name "${opts.folder}"` }),
    title: text('title'),
    // The title in other languages as it reads mid-sentence, for what the bot says about the skill (a clarifying question).
    titles: z.record(languageKey('titles'), text('a title')).optional(),
    // What the bot can do here, as it reads after "I can …" (the out-of-scope answer lists every skill's).
    offer: text('offer').optional(),
    offers: z.record(languageKey('offers'), text('an offer')).optional(),
    description: text('description').refine((d) => d.length >= 20, {
      error: 'description must say in a sentence or two what the skill handles (the model router reads it)',
    }),
    examples: z
      .array(text('an example'), { error: 'examples must be a list of utterances' })
      .min(opts.minExamples, { error: (i) => `needs at least ${opts.minExamples} routing examples, found ${(i.input as unknown[]).length}` }),
    tools: z
      .array(
        z.string().refine((name) => known.includes(name), {
          error: (i) => `unknown tool "${String(i.input)}" (known tools: ${known.join(', ') || 'none'})`,
        }),
      )
      .refine((names) => new Set(names).size === names.length, { error: 'a tool is listed twice' })
      .default([]),
    model: z
      .strictObject({
        temperature: z.number().min(0).max(2).default(MANIFEST_DEFAULTS.model.temperature),
        maxTokens: z.number().int().min(16).max(16_384).default(MANIFEST_DEFAULTS.model.maxTokens),
      })
      .default({ ...MANIFEST_DEFAULTS.model }),
    defaultMode: z.enum(MODES as readonly [string, ...string[]] as ['auto', 'assist', 'human']).default(MANIFEST_DEFAULTS.defaultMode),
    tokenBudget: z.number().int().min(256).max(200_000).default(MANIFEST_DEFAULTS.tokenBudget),
    demonstrations: z
      .strictObject({
        core: z.number().int().min(0).max(50),
        k: z.number().int().min(0).max(20),
      })
      .default({ ...MANIFEST_DEFAULTS.demonstrations }),
    variants: z
      .array(
        z.strictObject({
          id: z.string().regex(VARIANT_ID, { error: 'variant id must be lower-case letters, digits, _ or -' }),
          weight: z.number().positive({ error: 'weight must be a positive number' }).finite(),
        }),
      )
      .min(1, { error: 'declare at least one variant (or leave variants out for just "default")' })
      .refine((vs) => new Set(vs.map((v) => v.id)).size === vs.length, { error: 'a variant id is declared twice' })
      .default(MANIFEST_DEFAULTS.variants.map((v) => ({ ...v }))),
    orderLookup: z.boolean({ error: 'orderLookup must be true or false' }).optional(),
  });
}
