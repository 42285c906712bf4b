import type { Playbook } from '../core/playbook.js';
import { playbookFileSchema, playbookProblems, type PlaybookFile } from './playbook-schema.js';

export interface PlaybookProblem {
  field?: string;
  message: string;
}

/** A parsed playbook file, or the problems that name its fields. */
export function parsePlaybookFile(raw: unknown): { file: PlaybookFile | null; problems: PlaybookProblem[] } {
  const parsed = playbookFileSchema.safeParse(raw ?? {});
  if (parsed.success) return { file: parsed.data, problems: [] };
  return { file: null, problems: parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || undefined, message: i.message })) };
}

/**
 * A skill's playbook: its own file's slots and steps, templates over the shared file's
 * (prompts/offline.yaml: the built-in renderers' templates, per language), the shared
 * comparisons. A skill without its own file gets the shared templates and the default step.
 */
export function mergePlaybook(shared: PlaybookFile | null, own: PlaybookFile | null, tools: readonly string[]): { playbook: Playbook; problems: PlaybookProblem[] } {
  const byLanguage = new Map<string, Record<string, string>>();
  for (const src of [shared?.replies ?? {}, own?.replies ?? {}]) {
    for (const [lang, t] of Object.entries(src)) byLanguage.set(lang, { ...byLanguage.get(lang), ...t });
  }
  const replies = Object.fromEntries(byLanguage);
  const comparisons = { ...(shared?.comparisons ?? {}), ...(own?.comparisons ?? {}) };
  const playbook: Playbook = { slots: own?.slots ?? {}, steps: own?.steps ?? [], replies, comparisons };
  return { playbook, problems: own ? playbookProblems(playbook, tools) : [] };
}

/** Reads a skill's playbook straight from a prompts folder (tests and tools; the app loads it with the skill set). */
export async function readPlaybook(promptsDir: string, skillId: string, tools: readonly string[]): Promise<Playbook> {
  const { readFile } = await import('node:fs/promises');
  const { parse } = await import('yaml');
  const path = await import('node:path');
  const read = async (file: string): Promise<PlaybookFile | null> => {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) return null;
    const { file: parsed, problems } = parsePlaybookFile(parse(text));
    if (!parsed) throw new Error(`${file}: ${problems.map((p) => `${p.field ?? ''} ${p.message}`).join('; ')}`);
    return parsed;
  };
  const shared = await read(path.join(promptsDir, 'offline.yaml'));
  const own = await read(path.join(promptsDir, skillId, 'offline.yaml'));
  return mergePlaybook(shared, own, tools).playbook;
}
