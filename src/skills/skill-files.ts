import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { ConfigProblem } from './config-problem.js';

/** Editor droppings and hidden files are never part of a skill or prompt set. */
export function isIgnoredFile(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || /\.(swp|swx|tmp|bak|orig)$/i.test(name) || name.startsWith('#');
}

/**
 * Folders that sit inside prompts/ but are never loaded: `candidates/` holds replies agents
 * saved for review. Left out of the version hash and the watcher, so saving one does not
 * count as a new prompt version.
 */
export const UNLOADED_FOLDERS: ReadonlySet<string> = new Set(['candidates']);

/** True for a path (any separator) that passes through an ignored file or an unloaded folder. */
export function isIgnoredPath(p: string): boolean {
  return p.split(/[\\/]/).some((part) => part !== '' && (isIgnoredFile(part) || UNLOADED_FOLDERS.has(part)));
}

/** Every file under `dir`, relative paths with `/`, sorted; a missing dir is empty. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return;
      throw err;
    }
    for (const e of entries) {
      if (isIgnoredFile(e.name) || (e.isDirectory() && UNLOADED_FOLDERS.has(e.name))) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile()) out.push(child);
    }
  }
  await walk('');
  return out.sort();
}

/**
 * Reads files once per load: what was read is what gets hashed, so the version always
 * describes exactly the content that was validated.
 */
export class FileReader {
  private readonly contents = new Map<string, string>();

  async read(file: string): Promise<string | null> {
    const known = this.contents.get(file);
    if (known !== undefined) return known;
    try {
      const text = await readFile(file, 'utf8');
      this.contents.set(file, text);
      return text;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
      throw err;
    }
  }

  /** Parsed YAML (JSON is YAML too), or null with a problem naming the file and the line. */
  async readYaml(file: string, problems: ConfigProblem[], required = true): Promise<{ value: unknown } | null> {
    const text = await this.read(file);
    if (text === null) {
      if (required) problems.push({ file, message: 'file is missing' });
      return null;
    }
    const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length) {
      for (const e of doc.errors) {
        const pos = e.linePos?.[0];
        problems.push({
          file,
          field: pos ? `line ${pos.line}, column ${pos.col}` : undefined,
          message: `invalid YAML: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}`,
        });
      }
      return null;
    }
    return { value: doc.toJS({ maxAliasCount: 100 }) as unknown };
  }

  /** Content hash over every file under the given roots plus extra inputs (e.g. store data behind an API). */
  async hash(roots: readonly string[], extra: readonly string[] = []): Promise<string> {
    const h = createHash('sha256');
    for (const root of roots) {
      for (const rel of await listFiles(root)) {
        const file = path.join(root, rel);
        const text = (await this.read(file)) ?? '';
        h.update(`${file}\0${text}\0`);
      }
    }
    for (const e of extra) h.update(`${e}\0`);
    return h.digest('hex').slice(0, 16);
  }
}
