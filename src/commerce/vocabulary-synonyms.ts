import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { configErrorFrom } from '../skills/config-problem.js';
import { parseVocabulary } from '../vocabulary/vocabulary-file.js';

/**
 * The synonyms of skills/vocabulary.yaml (top level and every `languages.<code>` section
 * merged), for product search: the same file and the same validation as the router's
 * (src/vocabulary/), so search and router read one vocabulary. An absent file is no synonyms.
 */
export async function readVocabularySynonyms(file: string): Promise<ReadonlyMap<string, readonly string[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ConfigError(file, `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  const { additions, problems } = parseVocabulary(file, doc.toJS());
  if (problems.length) throw configErrorFrom(problems);
  return additions.synonyms;
}
