import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatCaseLine, formatSummary, summarise, type AnswersSummary } from '../answers/answers-report.js';
import { CaseFileError, loadCases } from '../answers/load-cases.js';
import { runCases } from '../answers/run-cases.js';
import { parseEnv } from '../config/config.js';
import { systemClock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { compose, ROOT } from '../main.js';
import { storeEvalFiles } from './shipped-skill-set.js';

export const ANSWERS_USAGE = `Usage: npm run eval -- answers [--data FILE ...] [--json] [--variant ID] [--offline]

  --data FILE     JSONL answer cases (default: every test/answers/*.jsonl)
  --json          print one JSON object with the summary as the last line
  --variant ID    answer every skill that declares this prompt variant with it
  --offline       ignore OPENAI_* / AZURE_OPENAI_* and use the offline responder
  --store DIR     the store folder (default: STORE_DIR or skills/_store); without --data,
                  its eval/answers/*.jsonl (held-out files left out)
  --skills DIR    skills folder (default: SKILLS_DIR or ./skills)
  --prompts DIR   prompts folder (default: PROMPTS_DIR or ./prompts)

Runs each case through the real engine (compose() from src/main.ts, in-memory store, the
locale packs of LOCALES_DIR):
against the configured model when OPENAI_* / AZURE_OPENAI_* are set, otherwise the
offline responder. Exit code 0 when every case passes, 1 when any fails, 2 on bad input.`;

class UsageError extends Error {}

/** Model settings left out of an offline run. */
export const MODEL_VARS = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'AZURE_OPENAI_ENDPOINT', 'AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_DEPLOYMENT'];
export const DEFAULT_CASES_DIR = path.join(ROOT, 'test', 'answers');

export interface AnswersRun {
  summary: AnswersSummary;
  lines: string[];
}

async function defaultFiles(): Promise<string[]> {
  const names = await readdir(DEFAULT_CASES_DIR).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.jsonl')).sort().map((n) => path.join(DEFAULT_CASES_DIR, n));
}

/** Loads the cases, composes the app for the environment and runs them; also used by the offline test. */
export async function evaluateAnswers(opts: {
  data: string[];
  variant?: string;
  offline?: boolean;
  skillsDir?: string;
  promptsDir?: string;
  /** The store folder (STORE_DIR) the app serves. */
  storeDir?: string;
  env?: Record<string, string | undefined>;
  onLine?: (line: string) => void;
}): Promise<AnswersRun> {
  const cases = await loadCases(opts.data);
  const raw: Record<string, string | undefined> = { ...(opts.env ?? process.env) };
  // Always the in-memory store: a run must never touch a shared Redis, and returns it starts vanish with it.
  delete raw.REDIS_URL;
  if (opts.offline) for (const k of MODEL_VARS) delete raw[k];
  const env = parseEnv({
    ...raw,
    LOG_LEVEL: 'silent',
    SKILLS_WATCH: 'false',
    ...(opts.skillsDir ? { SKILLS_DIR: opts.skillsDir } : {}),
    ...(opts.promptsDir ? { PROMPTS_DIR: opts.promptsDir } : {}),
    ...(opts.storeDir ? { STORE_DIR: path.resolve(opts.storeDir) } : {}),
  });
  const composed = await compose(env, { logger: silentLogger, clock: systemClock, defaultMetrics: false });
  const lines: string[] = [];
  const emit = (line: string) => {
    lines.push(line);
    opts.onLine?.(line);
  };
  try {
    if (opts.variant) {
      const declared = new Set([...composed.skills.current().skills.values()].flatMap((s) => Object.keys(s.prompts)));
      if (!declared.has(opts.variant)) throw new UsageError(`no skill declares the variant "${opts.variant}" (variants: ${[...declared].sort().join(', ')})`);
    }
    const results = await runCases({
      engine: composed.engine,
      store: composed.store.store,
      commerce: composed.commerce,
      skills: composed.skills,
      clock: systemClock,
      cases,
      variant: opts.variant,
      onCase: (r) => emit(formatCaseLine(r)),
    });
    const summary = summarise(results, {
      mode: composed.model ? 'model' : 'offline',
      model: composed.modelDescription,
      variant: opts.variant ?? null,
    });
    emit('');
    for (const l of formatSummary(summary).split('\n')) emit(l);
    return { summary, lines };
  } finally {
    await composed.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        variant: { type: 'string' },
        offline: { type: 'boolean', default: false },
        skills: { type: 'string' },
        prompts: { type: 'string' },
        store: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`eval answers: ${(err as Error).message}\n\n${ANSWERS_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${ANSWERS_USAGE}\n`);
    return 0;
  }
  const storeDir = values.store ?? process.env.STORE_DIR;
  const data = values.data?.length ? values.data : storeDir ? storeEvalFiles(storeDir, 'answers') : await defaultFiles();
  if (data.length === 0) {
    process.stderr.write(`eval answers: no --data given and no test/answers/*.jsonl found\n`);
    return 2;
  }
  try {
    const { summary } = await evaluateAnswers({
      data,
      variant: values.variant,
      offline: values.offline,
      skillsDir: values.skills,
      promptsDir: values.prompts,
      ...(storeDir ? { storeDir } : {}),
      onLine: (l) => process.stdout.write(`${l}\n`),
    });
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    return summary.failed === 0 ? 0 : 1;
  } catch (err) {
    if (err instanceof CaseFileError || err instanceof UsageError || err instanceof ConfigError) {
      process.stderr.write(`eval answers: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
