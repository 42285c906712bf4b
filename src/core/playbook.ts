/**
 * An offline skill as data (prompts/<id>/offline.yaml): the slots its steps need, the steps
 * (first whose conditions hold runs: ask for a missing slot, call a tool, confirm a proposal,
 * reply from a template), and reply templates per language. One generic runner (src/offline/)
 * runs every playbook; a new skill folder gets an offline path from its files alone.
 */

/** How a slot is filled: by code, from the message, the conversation's dialogue state, or a tool. */
export type SlotKind = 'order' | 'item' | 'product' | 'products' | 'category' | 'issue' | 'reason' | 'budget';

export interface PlaybookSlot {
  kind: SlotKind;
  /** Template asked when a step needs the slot and it is empty. */
  ask?: string;
}

export type ConditionValue = string | number | boolean | null;

export interface PlaybookCondition {
  /** Any of these intents is in the message (src/offline/intent-cues.ts names). */
  intent?: string[];
  /** None of these intents is in the message. */
  not_intent?: string[];
  /** The message is one of these follow-up kinds (locale packs' `references.follow_ups`). */
  follow_up?: string[];
  /** These slots are filled. */
  has?: string[];
  /** These slots are empty. */
  missing?: string[];
  /** The skill may use these tools. */
  can?: string[];
  /** Fields of the step's (or enclosing step's) tool result: a value, or any of a list. */
  result?: Record<string, ConditionValue | ConditionValue[]>;
  /** Same as result, but none of the values. */
  result_not?: Record<string, ConditionValue | ConditionValue[]>;
  /** The order slot's status is one of these. */
  order_status?: string[];
  /** The order slot has more than one item. */
  many_items?: boolean;
}

export interface PlaybookCall {
  tool: string;
  /** Argument name -> slot path ("order.id", "item.sku", "category", "text", "issue") or a literal "=value". */
  args: Record<string, string>;
}

export interface PlaybookStep {
  id: string;
  when?: PlaybookCondition;
  /** Slots the step needs; the first empty one is asked for with its template. */
  needs?: string[];
  call?: PlaybookCall;
  /** Checked in order after the call: the first whose conditions hold answers. */
  then?: PlaybookStep[];
  /** Template for a call that proposed a change (the customer confirms with yes or the button). */
  confirm?: string;
  /** Reply template key. */
  reply?: string;
  /** A built-in renderer of the call's result (src/offline/renderers/), run before `reply`. */
  render?: string;
  offer_human?: boolean;
}

export interface Playbook {
  slots: Record<string, PlaybookSlot>;
  steps: PlaybookStep[];
  /** Templates per language: replies[lang][key]; `{name}` placeholders. English is required. */
  replies: Record<string, Record<string, string>>;
}
