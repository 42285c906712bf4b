import path from 'node:path';
import type { Commerce } from '../core/commerce.js';
import type { DomainVocabulary } from '../core/vocabulary.js';
import { EMPTY_STORE_VOCABULARY } from '../core/vocabulary.js';
import type { ConfigProblem } from '../skills/config-problem.js';
import type { FileReader } from '../skills/skill-files.js';
import { phraseOf, storeVocabularyFrom, type CatalogForVocabulary } from './store-vocabulary.js';
import { parsePackYaml } from '../locale/pack-yaml.js';
import { VOCABULARY_FILE, parseVocabulary } from './vocabulary-file.js';
import { languageStemsOf, stemmerName } from '../locale/language-stemmers.js';

/** A Commerce that can list its catalog (StoreCommerce); others give no store vocabulary. */
interface CatalogSource {
  categoryInfo(): CatalogForVocabulary['categories'];
  products(): CatalogForVocabulary['products'];
}

function hasCatalog(c: Commerce): c is Commerce & CatalogSource {
  const x = c as Partial<CatalogSource>;
  return typeof x.categoryInfo === 'function' && typeof x.products === 'function';
}

/**
 * The store's vocabulary from whatever catalog the Commerce has now. `brandAttributes`: the
 * locale packs' `search: brand_attributes` (the app's, from LOCALES_DIR); the repository's by default.
 */
export function storeVocabularyOf(commerce: Commerce, brandAttributes?: ReadonlySet<string>) {
  if (!hasCatalog(commerce)) return EMPTY_STORE_VOCABULARY;
  const store = storeVocabularyFrom({ categories: commerce.categoryInfo(), products: commerce.products() }, brandAttributes);
  const name = phraseOf(commerce.storeInfo().name);
  return name ? { ...store, storeNames: [name] } : store;
}

/**
 * Reads skills/vocabulary.yaml (optional) and derives the store vocabulary from the catalog.
 * Part of every skill-set load, so an edit of either is picked up live like any skill file,
 * and `npm run prompts:check` reports the file's problems by field.
 */
export async function loadDomainVocabulary(
  reader: FileReader,
  skillsDir: string,
  commerce: Commerce,
  problems: ConfigProblem[],
  brandAttributes?: ReadonlySet<string>,
): Promise<DomainVocabulary> {
  const file = path.join(skillsDir, VOCABULARY_FILE);
  // Product search parses the same file (src/commerce/vocabulary-synonyms.ts): one parse for both;
  // invalid YAML is re-read by the reader, whose problems name the line.
  const text = await reader.read(file);
  const shared = text === null ? null : parsePackYaml(file, text);
  const raw = shared?.ok ? { value: shared.value } : await reader.readYaml(file, problems, false);
  const { additions, problems: found } = parseVocabulary(file, raw?.value);
  problems.push(...found);
  const languageStems = languageStemsOf(commerce);
  return { store: storeVocabularyOf(commerce, brandAttributes), additions, ...(languageStems ? { languageStems } : {}) };
}

/**
 * Which Snowball stemmer each language has ("de:german,es:spanish"): part of the skill set's
 * version, so a pack's edited `stemming: snowball` is a new version and the router retrains.
 */
export function languageStemsFingerprint(stems: DomainVocabulary['languageStems']): string {
  if (!stems) return '';
  return [...stems].map(([language, stem]) => `${language}:${stemmerName(stem) ?? '?'}`).sort().join(',');
}

/** A short hash of the catalog vocabulary: a catalog edit changes the skill set's version, so the router retrains. */
export function vocabularyFingerprint(v: DomainVocabulary['store']): string {
  let h = 0x811c9dc5;
  for (const list of [v.categoryPhrases, v.productNames, v.brands, v.tags, v.attributeNames, v.attributeValues, v.departmentWords ?? [], v.storeNames ?? []]) {
    for (const p of list) {
      for (let i = 0; i < p.length; i++) h = Math.imul(h ^ p.charCodeAt(i), 16777619);
      h = Math.imul(h ^ 10, 16777619);
    }
  }
  return (h >>> 0).toString(16);
}
