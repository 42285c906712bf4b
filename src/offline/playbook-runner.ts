import type { DialogueState } from '../core/dialogue-state.js';
import type { PlaybookStep, SlotKind } from '../core/playbook.js';
import type { ReplyAttachments, SkillAnswer } from '../core/skill.js';
import { dialogueAfterTools } from './dialogue-tools.js';
import { conditionHolds } from './conditions.js';
import type { OfflineTurn } from './offline-turn.js';
import { renderers, type Rendered } from './renderers/index.js';
import type { OrderSlot } from './slots.js';
import { Slots } from './slots.js';
import { categoryLabel } from './category-labels.js';
import { itemList, numbered } from './renderers/render-kit.js';
import { coverage, sorry } from './renderers/warranty.js';
import { ownValue } from '../core/own-keys.js';
import { explain, rememberTool } from './explain.js';

type Result = Record<string, unknown> | null;

interface StepOutcome {
  text: string;
  attachments?: ReplyAttachments;
  step: string;
  missing?: string[];
}

/** Template variables every reply can use: the slots, the store's contact details, the tool result's plain fields. */
async function variables(turn: OfflineTurn, slots: Slots, result: Result, body: string, prev: Result = null): Promise<Record<string, string | number | null>> {
  const info = turn.commerce.storeInfo();
  // Only what the steps already looked up: a template never makes a tool call of its own.
  const order = slots.peek('order') as OrderSlot | null;
  const item = slots.peek('item');
  const vars: Record<string, string | number | null> = {
    body,
    store: info.name,
    hours: info.supportHours,
    email: info.supportEmail,
    phone: info.supportPhone,
    example: info.identifiers.order.example,
    order: order?.id ?? (await slots.orderId())?.id ?? '',
    item: item?.name ?? '',
    items: order?.order ? itemList(order.order.items) : '',
    title: turn.skill.manifest.title,
    text: turn.conv.text.slice(0, 200),
    sorry: (await slots.get('issue')) ? sorry(turn) : '',
    category: (() => {
      const c = slots.peek('category');
      return c ? categoryLabel(turn.commerce, c, turn.language) : '';
    })(),
    coverage: coverage(turn, prev && Array.isArray(prev.covers) ? prev : (result ?? {})),
  };
  for (const [k, v] of Object.entries(result ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') vars[`result.${k}`] = v;
    // A list of steps or rules (how_to_claim, how_to_return) as numbered lines.
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) vars[`result.${k}`] = numbered(v.slice(0, 8));
  }
  for (const [k, v] of Object.entries(prev ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') vars[`prev.${k}`] = v;
  }
  // The tools' reasons in the customer's language, from their data (never their English prose).
  if (result) vars['result.explanation'] = explain(turn, slots, result);
  if (prev) vars['prev.explanation'] = explain(turn, slots, prev);
  return vars;
}

/** A tool argument from a slot path ("order.id", "item.sku", "category", "issue", "text") or a literal ("=value"). */
async function argument(turn: OfflineTurn, slots: Slots, path: string): Promise<unknown> {
  if (path.startsWith('=')) return path.slice(1);
  if (path === 'text') return turn.conv.text.slice(0, 400);
  const [head, field] = path.split('.', 2) as [string, string | undefined];
  if (head === 'order') {
    // The id as named (no lookup): the tool itself checks the order and who may see it.
    const named = await slots.orderId();
    return field === 'id' || !field ? (named?.id ?? undefined) : undefined;
  }
  const v = (await slots.get(head as SlotKind)) as unknown;
  if (v === null || v === undefined) return undefined;
  if (!field) return typeof v === 'object' ? undefined : v;
  return typeof v === 'object' && v !== null ? ownValue(v as Record<string, unknown>, field) : undefined;
}

async function runStep(turn: OfflineTurn, slots: Slots, step: PlaybookStep, inherited: Result, outer: Result = null): Promise<StepOutcome | null> {
  if (!(await conditionHolds(step.when, turn, slots, inherited))) return null;
  for (const name of step.needs ?? []) {
    const slot = ownValue(turn.playbook.slots, name);
    if (!slot) continue;
    if (slot.kind === 'order') {
      const o = (await slots.get('order')) as OrderSlot | null;
      // The engine asks for the e-mail in the customer's language (the tool recorded the request).
      if (o?.verificationNeeded) return { text: '', step: step.id };
      if (o?.notFound) return { text: turn.say('order_not_found', await variables(turn, slots, null, '')), step: step.id };
    }
    if (!(await slots.filled(slot.kind))) {
      const ask = slot.ask ? turn.say(slot.ask, await variables(turn, slots, null, '')) : '';
      return { text: ask, step: step.id, missing: [name] };
    }
  }
  let result = inherited;
  let prev = outer;
  if (step.call) {
    prev = inherited;
    const args: Record<string, unknown> = {};
    for (const [k, path] of Object.entries(step.call.args)) {
      const v = await argument(turn, slots, path);
      if (v !== undefined && v !== null && v !== '') args[k] = v;
    }
    result = await turn.call<Record<string, unknown>>(step.call.tool, args);
    if (result) rememberTool(result, step.call.tool);
    if (!result) return { text: turn.say('tool_failed'), attachments: { offerHuman: true }, step: step.id };
    if (result.verification_needed === true) return { text: '', step: step.id };
    if (result.proposed === true && step.confirm) {
      return { text: turn.say(step.confirm, await variables(turn, slots, result, '', prev)), step: step.id };
    }
  }
  for (const sub of step.then ?? []) {
    const out = await runStep(turn, slots, sub, result, prev);
    if (out) return out;
  }
  let rendered: Rendered | null = null;
  if (step.render) {
    const render = renderers.get(step.render);
    rendered = render ? await render({ turn, slots, result }) : null;
    if (!rendered) return null;
  }
  if (!step.reply && !rendered) return null;
  const body = rendered?.text ?? '';
  const text = step.reply ? turn.say(step.reply, await variables(turn, slots, result, body, prev)) : body;
  const offer = step.offer_human || rendered?.attachments?.offerHuman;
  const attachments = rendered?.attachments || offer ? { ...rendered?.attachments, ...(offer ? { offerHuman: true } : {}) } : undefined;
  return { text, ...(attachments ? { attachments } : {}), step: step.id };
}

/**
 * Runs a skill's playbook for one message: the first step whose conditions hold and that
 * produces a reply answers. The dialogue state it leaves says what the tools showed and
 * which step answered, and which slots are still missing.
 */
export async function runPlaybook(turn: OfflineTurn): Promise<SkillAnswer> {
  const slots = new Slots(turn);
  let outcome: StepOutcome | null = null;
  for (const step of turn.playbook.steps) {
    outcome = await runStep(turn, slots, step, null);
    if (outcome) break;
  }
  outcome ??= { text: turn.say('fallback', await variables(turn, slots, null, '')), attachments: { offerHuman: true }, step: 'fallback' };
  const answer = turn.answer(outcome.text, outcome.attachments);
  const dialogue: DialogueState = await dialogueAfterTools({
    previous: turn.dialogue,
    tools: answer.tools,
    commerce: turn.commerce,
    skill: turn.skill.manifest.id,
    language: turn.language,
    ...(answer.attachments?.products ? { shown: answer.attachments.products } : {}),
  });
  const item = slots.peek('item');
  const order = slots.peek('order') as OrderSlot | null;
  if (order?.order && item && dialogue.order?.id === order.order.id) dialogue.order = { ...dialogue.order, sku: item.sku, itemName: item.name.slice(0, 200) };
  dialogue.last = { ...dialogue.last, skill: turn.skill.manifest.id, step: outcome.step };
  if (outcome.missing) dialogue.missing = { skill: turn.skill.manifest.id, slots: outcome.missing };
  return { ...answer, dialogue };
}
