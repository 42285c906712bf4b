import path from 'node:path';
import { createDemoCommerce } from '../../src/commerce/demo-commerce.js';
import { parseEnv } from '../../src/config/config.js';
import { systemClock } from '../../src/core/clock.js';
import type { Engine } from '../../src/core/engine.js';
import { silentLogger } from '../../src/core/logger.js';
import type { SkillSet, SkillSource } from '../../src/core/skill.js';
import { createEngine } from '../../src/engine/engine.js';
import { createModelFromEnv } from '../../src/model/model-from-env.js';
import { createPricer, priceTableFromEnv } from '../../src/model/price-table.js';
import { createOfflineResponder } from '../../src/offline/offline-responder.js';
import { createRouter } from '../../src/router/create-router.js';
import { loadSkillSet } from '../../src/skills/load-skill-set.js';
import { createPromptAssembler } from '../../src/skills/prompt-assembler.js';
import type { StoreBundle } from '../../src/store/store-bundle.js';
import { createToolExecutor } from '../../src/tools/run-tool-call.js';
import { createToolRegistry } from '../../src/tools/tool-registry.js';

const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

/**
 * The real engine over the shipped skills, prompts, demo store, router, tools and offline
 * responder, with no model configured (so answers are the offline responder's, deterministic).
 * Wired the way the composition root wires it; switch to src/main.ts's compose() once it lands.
 */
export async function createRealEngine(bundle: StoreBundle): Promise<{ engine: Engine; skills: SkillSet }> {
  const env = parseEnv({});
  const commerce = await createDemoCommerce({ dir: path.join(ROOT, 'skills/_store'), store: bundle.store, clock: systemClock });
  const tools = createToolRegistry();
  const skills = await loadSkillSet({ skillsDir: path.join(ROOT, 'skills'), promptsDir: path.join(ROOT, 'prompts'), commerce, tools });
  const source: SkillSource = { current: () => skills, onChange: () => () => undefined };
  const model = createModelFromEnv(env, { logger: silentLogger }).client;
  const engine = createEngine({
    store: bundle.store,
    bus: bundle.bus,
    skills: source,
    router: createRouter({ skills, model, threshold: env.ROUTER_THRESHOLD, logger: silentLogger }),
    model,
    assembler: createPromptAssembler({ commerce, tokenizerModel: env.OPENAI_MODEL, tools }),
    tools,
    runTool: createToolExecutor(tools),
    commerce,
    offline: createOfflineResponder({ commerce, tools }),
    price: createPricer(priceTableFromEnv(env)),
    logger: silentLogger,
    clock: systemClock,
  });
  return { engine, skills };
}
