import { readFile } from 'node:fs/promises';
import { ConfigError } from '../core/errors.js';
import { configErrorFrom } from '../skills/config-problem.js';
import { parsePackYaml } from '../locale/pack-yaml.js';
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
  // Parsed once with the skill set's reading of the same file (src/vocabulary/load-vocabulary.ts).
  const doc = parsePackYaml(file, text);
  if (!doc.ok) throw new ConfigError(file, `invalid YAML: ${doc.error.message.split('\n')[0]}`);
  const { additions, problems } = parseVocabulary(file, doc.value);
  if (problems.length) throw configErrorFrom(problems);
  return additions.synonyms;
}
