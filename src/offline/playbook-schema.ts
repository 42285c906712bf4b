import { z } from 'zod';
import type { Playbook, PlaybookStep } from '../core/playbook.js';

/**
 * prompts/<id>/offline.yaml (and the shared prompts/offline.yaml), validated at load and by
 * `npm run prompts:check`: a broken playbook names its file and field, never a runtime error.
 */

const key = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, { error: 'must be lower-case letters, digits and _' });
const lang = z.string().regex(/^[a-z]{2,3}$/, { error: 'must be an ISO 639 code such as en' });
const value = z.union([z.string().max(80), z.number(), z.boolean(), z.null()]);
const values = z.union([value, z.array(value).max(20)]);

export const SLOT_KINDS = ['order', 'item', 'product', 'products', 'category', 'issue', 'reason', 'budget'] as const;

const conditionSchema = z.strictObject({
  intent: z.array(key).max(10).optional(),
  not_intent: z.array(key).max(10).optional(),
  follow_up: z.array(key).max(10).optional(),
  last_step: z.array(key).max(20).optional(),
  has: z.array(key).max(8).optional(),
  missing: z.array(key).max(8).optional(),
  can: z.array(z.string().min(1).max(60)).max(8).optional(),
  result: z.record(key, values).optional(),
  result_not: z.record(key, values).optional(),
  order_status: z.array(key).max(10).optional(),
  many_items: z.boolean().optional(),
});

const stepSchema: z.ZodType<PlaybookStep> = z.lazy(() =>
  z.strictObject({
    id: key,
    when: conditionSchema.optional(),
    needs: z.array(key).max(6).optional(),
    call: z
      .strictObject({
        tool: z.string().min(1).max(60),
        args: z.record(z.string().min(1).max(40), z.string().min(1).max(80)).default({}),
      })
      .optional(),
    then: z.array(stepSchema).max(20).optional(),
    confirm: key.optional(),
    reply: key.optional(),
    render: key.optional(),
    offer_human: z.boolean().optional(),
  }),
);

export const playbookFileSchema = z.strictObject({
  slots: z.record(key, z.strictObject({ kind: z.enum(SLOT_KINDS), ask: key.optional() })).default({}),
  steps: z.array(stepSchema).max(40).default([]),
  replies: z.record(lang, z.record(key, z.string().trim().min(1).max(1200))).default({}),
  /** Shared file only: comparative concept -> what it compares. */
  comparisons: z
    .record(key, z.strictObject({ field: z.enum(['price', 'rating', 'warranty']).optional(), attributes: z.array(z.string().min(1).max(40)).max(10).optional() }))
    .optional(),
});

export type PlaybookFile = z.infer<typeof playbookFileSchema>;

/** Problems a schema cannot see: templates, slots and tools a step names that do not exist. */
export function playbookProblems(p: Playbook, tools: readonly string[]): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  const en = p.replies.en ?? {};
  // A call guarded by `when: { can: [tool] }` (here or in an enclosing step) is skipped for a skill without the tool.
  const visit = (steps: readonly PlaybookStep[], at: string, guarded: ReadonlySet<string> = new Set()) => {
    steps.forEach((s, i) => {
      const f = `${at}[${i}]`;
      const can = new Set([...guarded, ...(s.when?.can ?? [])]);
      for (const t of [s.reply, s.confirm]) if (t && !Object.hasOwn(en, t)) out.push({ field: `${f}`, message: `template "${t}" is not in replies.en` });
      for (const n of s.needs ?? []) if (!Object.hasOwn(p.slots, n)) out.push({ field: `${f}.needs`, message: `no slot "${n}"` });
      if (s.call && !tools.includes(s.call.tool) && !can.has(s.call.tool)) out.push({ field: `${f}.call.tool`, message: `the skill does not list the tool "${s.call.tool}"` });
      if (s.then) visit(s.then, `${f}.then`, can);
    });
  };
  visit(p.steps, 'steps');
  for (const [name, slot] of Object.entries(p.slots)) if (slot.ask && !Object.hasOwn(en, slot.ask)) out.push({ field: `slots.${name}.ask`, message: `template "${slot.ask}" is not in replies.en` });
  return out;
}
