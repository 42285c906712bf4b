import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export interface RepositoryPack {
  language: string;
  /** Its path, for errors that name the file. */
  file: string;
  /** The pack's YAML as read (each reader validates the section it uses). */
  doc: Record<string, unknown>;
}

let packs: readonly RepositoryPack[] | null = null;

/**
 * The repository's locale packs (locales/*.yaml), English first, read once: what the guard
 * and retrieval use when the caller passes no packs of its own (tests, tools, the bench).
 * The app passes the packs it loaded from LOCALES_DIR.
 */
export function repositoryPacks(): readonly RepositoryPack[] {
  if (packs) return packs;
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort((a, b) => (a === 'en.yaml' ? -1 : b === 'en.yaml' ? 1 : a < b ? -1 : 1));
  packs = files.map((f) => {
    const file = path.join(dir, f);
    const doc = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
    return { language: typeof doc.language === 'string' ? doc.language : f.replace(/\.yaml$/, ''), file, doc };
  });
  return packs;
}
