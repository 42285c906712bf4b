import { parseEnv } from '../../src/config/config.js';
import type { Engine } from '../../src/core/engine.js';
import { silentLogger } from '../../src/core/logger.js';
import type { SkillSet } from '../../src/core/skill.js';
import { compose } from '../../src/main.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';

/**
 * The real engine as src/main.ts composes it (shipped skills, prompts, demo store, router,
 * tools, offline responder) on the given store bundle, with no model configured, so answers
 * are the offline responder's and deterministic.
 */
export async function createRealEngine(bundle: StoreBundle): Promise<{ engine: Engine; skills: SkillSet }> {
  const composed = await compose(parseEnv({ SKILLS_WATCH: 'false', LOG_LEVEL: 'silent' }), {
    store: bundle,
    logger: silentLogger,
    defaultMetrics: false,
  });
  return { engine: composed.engine, skills: composed.skills.current() };
}
