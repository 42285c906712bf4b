import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDemoCommerce } from '../commerce/demo-commerce.js';
import { parseEnv } from '../config/config.js';
import { systemClock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { defaultEngineOptions } from '../engine/engine.js';
import { checkPrompts, formatPromptsCheck, type PromptsCheckReport } from '../skills/prompts-check.js';
import { MemoryStore } from '../store/memory-store.js';
import { createToolRegistry } from '../tools/tool-registry.js';
import { loadDotEnv } from '../config/dotenv.js';
import { loadAppLanguage, localesDirOf, type AppLanguage } from '../locale/app-language.js';
import { DEFAULT_LOCALES_DIR } from '../router/router-language.js';

/** Store data lives next to the skills, in a folder the skill loader skips. */
export const STORE_DATA_FOLDER = '_store';

export interface PromptsCheckRun {
  skillsDir: string;
  promptsDir: string;
  model: string;
  maxMessageChars: number;
  /** The store folder whose data the prompts are filled from and checked against (STORE_DIR); default skills/_store. */
  storeDir?: string;
  /**
   * The locale packs' folder (LOCALES_DIR), read as the app reads it (src/locale/app-language.ts):
   * its languages tell which demonstrations are in which language, its words and stemming fill
   * and size the prompts, its plurals find dictionary words; default: the repository's locales/.
   */
  localesDir?: string;
  /** The packs already loaded (the app's own, for its routing proposals); wins over `localesDir`. */
  language?: AppLanguage;
}

/**
 * The languages there are locale packs for (one <language>.yaml each); none when the folder
 * cannot be read any more (the packs were loaded already; a routing proposal's check of a
 * running app must not fail on a folder removed since).
 */
async function packLanguages(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
  } catch {
    return [];
  }
}

/** Checks a skills/ + prompts/ tree against the selected store (the demo store by default) and the real tools. */
export async function checkTree(run: PromptsCheckRun): Promise<PromptsCheckReport> {
  // Read-only: the check never starts a return or a claim, so an in-memory store is enough.
  const store = new MemoryStore({ historyTtlSeconds: 60, maxMessages: 10 });
  try {
    const language = run.language ?? (await loadAppLanguage(run.localesDir ?? DEFAULT_LOCALES_DIR));
    const commerce = await createDemoCommerce({
      dir: run.storeDir ?? path.join(run.skillsDir, STORE_DATA_FOLDER),
      store,
      clock: systemClock,
      language: () => language.search(path.join(run.skillsDir, 'vocabulary.yaml')),
    });
    return await checkPrompts({
      skillsDir: run.skillsDir,
      promptsDir: run.promptsDir,
      commerce,
      tools: createToolRegistry(),
      tokenizerModel: run.model,
      maxMessageChars: run.maxMessageChars,
      historyMessages: defaultEngineOptions.historyForPrompt,
      languages: await packLanguages(language.dir),
      brandAttributes: language.brandAttributes,
      words: language.facts,
      retrieval: language.retrieval,
      singulars: language.singulars,
    });
  } finally {
    await store.close();
  }
}

const USAGE = `Usage: npm run prompts:check [-- --model NAME] [--store DIR] [--json]

Validates every skill (skills/<id>/skill.yaml) and prompt set (prompts/<id>/): schema,
template variables, demonstrations and their tool calls, routing-example duplicates,
store facts in demonstrations, and each prompt's size against its token budget.
The store is --store DIR, else STORE_DIR, else skills/_store: demonstrations must name
products and ids that store has. Exit code 1 when anything is wrong. SKILLS_DIR,
PROMPTS_DIR, STORE_DIR, LOCALES_DIR, OPENAI_MODEL and MAX_MESSAGE_CHARS are read from the
environment (LOCALES_DIR: the locale packs the app would read).`;

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { model: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = parseEnv(env);
  let report: PromptsCheckReport;
  try {
    report = await checkTree({
      skillsDir: config.SKILLS_DIR,
      promptsDir: config.PROMPTS_DIR,
      model: values.model ?? config.OPENAI_MODEL,
      maxMessageChars: config.MAX_MESSAGE_CHARS,
      localesDir: localesDirOf(config),
      ...(values.store ?? config.STORE_DIR ? { storeDir: path.resolve(values.store ?? config.STORE_DIR!) } : {}),
    });
  } catch (err) {
    // The store data itself is broken: nothing else can be checked.
    if (err instanceof ConfigError) {
      process.stderr.write(`prompts:check: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatPromptsCheck(report)}\n`);
  return report.ok ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // Settings in .env apply to every command, as to npm start.
  loadDotEnv();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`prompts:check: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
