import type { ToolCall } from '../core/model.js';

/** The shape of `choices[0].delta.tool_calls[i]` in a streamed chat completion chunk. */
export interface ToolCallDelta {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

interface Slot {
  order: number;
  id: string;
  name: string;
  arguments: string;
}

/**
 * Rebuilds tool calls from streamed fragments: the first fragment of a call carries its
 * id and name, later ones only pieces of the JSON arguments, keyed by `index`; several
 * calls may interleave. OpenAI-compatible servers differ in the details (Ollama and some
 * llama.cpp builds omit `index` or send a whole call per chunk), so a missing index
 * continues the latest call unless a new id starts another, and a new id arriving on an
 * index that already holds a different call gets a slot of its own.
 */
export class ToolCallAssembler {
  #byIndex = new Map<number, Slot>();
  #slots: Slot[] = [];
  #latest: Slot | null = null;
  #nextSyntheticIndex = 1_000_000;

  add(deltas: readonly ToolCallDelta[] | null | undefined): void {
    if (!deltas) return;
    for (const delta of deltas) this.#addOne(delta);
  }

  get count(): number {
    return this.#slots.length;
  }

  /** The calls in the order the model produced them; a call without an id gets a stable one. */
  finish(): ToolCall[] {
    return this.#slots
      .slice()
      .sort((a, b) => a.order - b.order)
      .map((s, i) => ({ id: s.id || `call_${i}`, name: s.name, arguments: s.arguments }));
  }

  #addOne(delta: ToolCallDelta): void {
    const id = delta.id ?? '';
    let slot: Slot | undefined;
    if (delta.index === undefined) {
      const latest = this.#latest;
      slot = latest && !(id && latest.id && id !== latest.id) ? latest : undefined;
      if (!slot) slot = this.#open(this.#nextSyntheticIndex++, id);
    } else {
      slot = this.#byIndex.get(delta.index);
      if (!slot) slot = this.#open(delta.index, id);
      else if (id && slot.id && id !== slot.id) slot = this.#open(this.#nextSyntheticIndex++, id);
    }
    if (id && !slot.id) slot.id = id;
    const name = delta.function?.name;
    // OpenAI sends the name once; some servers repeat it on every fragment, never split it.
    if (name && !slot.name) slot.name = name;
    const args = delta.function?.arguments;
    if (args) slot.arguments += args;
    this.#latest = slot;
  }

  #open(index: number, id: string): Slot {
    const slot: Slot = { order: this.#slots.length, id, name: '', arguments: '' };
    this.#byIndex.set(index, slot);
    this.#slots.push(slot);
    return slot;
  }
}
