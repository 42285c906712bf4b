import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createDemoCommerce } from '../commerce/demo-commerce.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import type { SkillSet } from '../core/skill.js';
import type { AppLanguage } from '../locale/app-language.js';
import { loadSkillSet } from '../skills/load-skill-set.js';
import { createMemoryStore } from '../store/create-memory-store.js';
import { createToolRegistry } from '../tools/tool-registry.js';

export interface ShippedSkillSetOptions {
  skillsDir: string;
  promptsDir: string;
  /** The store folder the prompts are filled from (STORE_DIR); default skills/_store. */
  storeDir?: string;
  /**
   * The locale packs the app would read (LOCALES_DIR, src/locale/app-language.ts): product
   * search's language and the store vocabulary's brand attributes. Without it: the repository's
   * brand attributes and a search with no language data (tests, the bench).
   */
  language?: AppLanguage;
}

/**
 * A store folder's own eval files: `<store>/eval/<kind>*.jsonl` (kind "routing"), or every
 * `<store>/eval/<kind>/*.jsonl` (kind "answers"). Files with "heldout" in the name are left out:
 * they are measured on purpose, never by default while tuning.
 */
export function storeEvalFiles(storeDir: string, kind: 'routing' | 'answers'): string[] {
  const dir = path.join(storeDir, 'eval');
  const inFolder = path.join(dir, kind);
  const pick = (folder: string, prefix: string) =>
    existsSync(folder)
      ? readdirSync(folder)
          .filter((n) => n.startsWith(prefix) && n.endsWith('.jsonl') && !n.includes('heldout'))
          .sort()
          .map((n) => path.join(folder, n))
      : [];
  return kind === 'answers' ? pick(inFolder, '') : pick(dir, kind);
}

/**
 * Loads skills/ and prompts/ exactly as `compose()` in src/main.ts does (demo commerce for
 * the prompt variables, the real tool registry, full manifest validation), so offline tools
 * such as the router eval measure the routing examples that ship and fail on the same
 * problems start-up would. A memory store backs the demo commerce; nothing is written.
 */
export async function loadShippedSkillSet(opts: ShippedSkillSetOptions): Promise<SkillSet> {
  const store = createMemoryStore({ historyTtlSeconds: 3600, maxMessages: 50, clock: systemClock, logger: silentLogger });
  try {
    const language = opts.language;
    const commerce = await createDemoCommerce({
      dir: opts.storeDir ?? path.join(opts.skillsDir, '_store'),
      store: store.store,
      clock: systemClock,
      ...(language ? { language: () => language.search(path.join(opts.skillsDir, 'vocabulary.yaml')) } : {}),
    });
    return await loadSkillSet({
      skillsDir: opts.skillsDir,
      promptsDir: opts.promptsDir,
      commerce,
      tools: createToolRegistry(),
      ...(language ? { brandAttributes: language.brandAttributes } : {}),
    });
  } finally {
    await store.close();
  }
}
