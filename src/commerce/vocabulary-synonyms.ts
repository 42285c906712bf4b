import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../core/errors.js';

/**
 * The `synonyms` of skills/vocabulary.yaml (top level and every `languages.<code>` section),
 * read for product search. The router's loader (src/vocabulary/, h16-router) validates the
 * whole file; this reads the same shape and ignores the router's other fields, so search and
 * router share one file. TODO(merge): take VocabularyAdditions.synonyms from that loader.
 */
const word = z.string().trim().min(1).max(60);
const synonymsSchema = z.record(word, z.array(word).min(1).max(20)).optional();
const section = z.looseObject({ synonyms: synonymsSchema });
const fileSchema = z.looseObject({ synonyms: synonymsSchema, languages: z.record(z.string(), section).optional() });

export async function readVocabularySynonyms(file: string): Promise<Map<string, string[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ConfigError(file, `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const parsed = fileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(file, issue.message, issue.path.map(String).join('.') || undefined);
  }
  const out = new Map<string, string[]>();
  for (const s of [parsed.data, ...Object.values(parsed.data.languages ?? {})]) {
    for (const [w, targets] of Object.entries(s.synonyms ?? {})) {
      const key = w.toLowerCase();
      const list = out.get(key) ?? [];
      for (const t of targets) if (!list.includes(t.toLowerCase())) list.push(t.toLowerCase());
      out.set(key, list);
    }
  }
  return out;
}
