import { z } from 'zod';

/**
 * A locale pack's `cues` section: the phrases that show what a customer asks for (an intent a
 * playbook can test: `return`, `claim`, `fault`, `human`...), per language. `not_<intent>`
 * lists phrases that cancel the intent ("I don't want to return it"). Phrase syntax
 * (src/offline/cue-phrases.ts): words matched whole after folding case and accents; `*` any
 * one word; `word*` a word starting with it, `*ing` one ending with it; `a|the` one of them;
 * `[a|the]` optionally one of them; `..` up to six words; `^` at the start: the message starts
 * with it; `$` at the end: nothing follows but the section's `polite` words.
 */
const phrase = z.string().trim().min(1).max(240);

export const cueSectionSchema = z.record(z.string().regex(/^[a-z][a-z_]{0,29}$/, { error: 'must be lower-case letters and _' }), z.array(phrase).max(150));

export type CueSection = z.infer<typeof cueSectionSchema>;
