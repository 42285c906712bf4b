import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseDocument, type YAMLError } from 'yaml';

/**
 * One YAML parse per locale pack file and content, shared by every reader (the engine's packs,
 * the router's language, the repository packs; skills/vocabulary.yaml's two readers, product
 * search and the skill set): at start-up each pack used to be parsed three to five times, the
 * largest fixed cost of start(). Keyed by path and file text, so a live edit re-parses; one
 * entry per path, so bounded by the number of files read.
 * The parsed value is deep-frozen: readers share it and must not change it.
 */
export type PackYaml = { ok: true; value: unknown } | { ok: false; error: YAMLError };

const cache = new Map<string, { text: string; parsed: PackYaml }>();
/** Tests write packs in many temporary folders: forget the oldest path past this many. */
const MAX_PATHS = 256;

function deepFreeze(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

/** The pack's YAML parsed (its first error when it is not valid YAML). */
export function parsePackYaml(file: string, text: string): PackYaml {
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit.parsed;
  const doc = parseDocument(text);
  const parsed: PackYaml = doc.errors.length ? { ok: false, error: doc.errors[0]! } : { ok: true, value: deepFreeze(doc.toJS()) };
  cache.delete(file);
  if (cache.size >= MAX_PATHS) cache.delete(cache.keys().next().value!);
  cache.set(file, { text, parsed });
  return parsed;
}

export function readPackYamlSync(file: string): PackYaml {
  return parsePackYaml(file, readFileSync(file, 'utf8'));
}

export async function readPackYaml(file: string): Promise<PackYaml> {
  return parsePackYaml(file, await readFile(file, 'utf8'));
}
