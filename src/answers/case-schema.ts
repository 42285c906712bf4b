import { z } from 'zod';

/**
 * One answer-evaluation case (a line of a JSONL file): a conversation, turn by turn, and
 * what each turn's answer must do. Facts are named, never written down: `{ "price": "<sku>" }`
 * is checked against the store's current catalog, so a price change in the store data
 * changes what the case expects without editing the case.
 */

const text = z.string().trim().min(1, { error: 'must not be empty' });

/** A phrase matched case-insensitively, or a regular expression written as "/pattern/flags". */
export const phrase = text;

/** Argument expectations: exact values (strings compared case-insensitively), or "/regex/" for strings. */
const argValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const toolExpectationSchema = z.strictObject({
  name: text,
  args: z.record(z.string(), argValue).optional(),
});

export const factSchema = z.union([
  z.strictObject({ price: text }),
  z.strictObject({ returnWindow: text }),
  z.strictObject({ warrantyMonths: text }),
]);

export const turnExpectationSchema = z.strictObject({
  /** Expected route (skill id) for this turn. */
  route: text.optional(),
  /** Tools that must be called in this turn, optionally with argument checks. */
  tools: z.array(toolExpectationSchema).optional(),
  /** Tools that must not be called in this turn (by name, or with arguments that must not be used). */
  noTools: z.array(z.union([text, toolExpectationSchema])).optional(),
  /** Phrases that must all appear in the reply. */
  say: z.array(phrase).optional(),
  /** At least one of these must appear. */
  sayAny: z.array(phrase).min(1).optional(),
  /** Phrases that must not appear. */
  notSay: z.array(phrase).optional(),
  /** Facts that must be stated as the store data gives them: a SKU's price, a category's return window, a SKU's or category's warranty. */
  facts: z.array(factSchema).optional(),
  /** True: the turn must hand off to a person (queued for agents or a person offered). False: it must not. */
  handoff: z.boolean().optional(),
  /** What the hand-off could promise (the reply's `attachments.handoff`): someone online, nobody online, or no agents at all. */
  handoffState: z.enum(['agents_online', 'nobody_online', 'no_agents']).optional(),
  /** Help articles (ids: file names without .md) the reply must list among its sources. */
  sources: z.array(text).min(1).optional(),
  /** The change this turn leaves waiting for the customer's confirmation, or false for none. */
  proposal: z.union([z.enum(['start_return', 'open_warranty_claim', 'cancel_order']), z.literal(false)]).optional(),
});

/**
 * Who can take over while the case runs: agent accounts that exist, and how many of them have
 * the panel open. Set up through the real mechanisms (an account record as `agent:add` stores
 * it; a presence record as an open panel writes it, src/assist/agent-presence.ts) and removed
 * after the case. Absent: as the app is configured (by default no accounts).
 */
export const agentsSetupSchema = z
  .strictObject({
    accounts: z.number().int().min(0).max(5),
    online: z.number().int().min(0).max(5).default(0),
  })
  .refine((a) => a.online <= a.accounts, { error: 'online cannot be more than accounts' });

export const turnSchema = z.strictObject({
  user: text,
  expect: turnExpectationSchema.optional(),
});

export const answerCaseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, { error: 'id must be lower-case letters, digits, _ . or -' }),
  /** The skill the case is about (the per-skill summary groups by it). */
  skill: text,
  note: z.string().optional(),
  /**
   * The conversation starts bound to this verified customer (as a signed-in shopper would be),
   * so order questions are answered for their own orders. Absent: the customer is a guest and
   * must verify with an order number and its e-mail, like anyone else.
   */
  customer: z.email({ error: 'customer must be an e-mail address' }).optional(),
  agents: agentsSetupSchema.optional(),
  turns: z.array(turnSchema).min(1, { error: 'a case needs at least one turn' }),
});

/** A case that expects nothing cannot fail; the loader rejects it (checked after the schema, so it is reported alone). */
export function checksSomething(c: z.infer<typeof answerCaseSchema>): boolean {
  return c.turns.some((t) => t.expect !== undefined && Object.values(t.expect).some((v) => v !== undefined));
}

export type ToolExpectation = z.infer<typeof toolExpectationSchema>;
export type Fact = z.infer<typeof factSchema>;
export type TurnExpectation = z.infer<typeof turnExpectationSchema>;
export type AnswerCase = z.infer<typeof answerCaseSchema>;
export type AgentsSetup = z.infer<typeof agentsSetupSchema>;
