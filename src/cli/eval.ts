import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadDotEnv } from '../config/dotenv.js';
import { ownValue } from '../core/own-keys.js';

/**
 * `npm run eval -- <subcommand> ...`. Each subcommand lives in its own module next to
 * this file and exports `run(argv: string[]): Promise<number>` (the exit code). A
 * subcommand whose module is not there yet is listed as unavailable rather than failing
 * the whole CLI, so areas can land independently.
 */
interface Subcommand {
  /** Module base name next to this file, without extension. */
  module: string;
  summary: string;
}

export const SUBCOMMANDS: Record<string, Subcommand> = {
  router: { module: 'eval-router', summary: 'routing accuracy, calibration and latency on labelled JSONL' },
  answers: { module: 'eval-answers', summary: 'answer quality of the skills' },
  'export-corrections': { module: 'export-corrections', summary: "export agents' corrections as labelled JSONL" },
};

const here = dirname(fileURLToPath(import.meta.url));

function moduleFile(name: string): string | null {
  for (const ext of ['.ts', '.js']) {
    const file = join(here, `${name}${ext}`);
    if (existsSync(file)) return file;
  }
  return null;
}

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, s]) => `  ${name.padEnd(20)}${s.summary}${moduleFile(s.module) ? '' : ' (not available yet)'}`);
  return `Usage: npm run eval -- <subcommand> [options]\n\nSubcommands:\n${lines.join('\n')}`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name ? 0 : 2;
  }
  const sub = ownValue(SUBCOMMANDS, name);
  if (!sub) {
    process.stderr.write(`eval: unknown subcommand "${name}"\n\n${usage()}\n`);
    return 2;
  }
  const file = moduleFile(sub.module);
  if (!file) {
    process.stderr.write(`eval: "${name}" is not available in this build (no src/cli/${sub.module}.ts)\n`);
    return 2;
  }
  const mod = (await import(pathToFileURL(file).href)) as { run?: (argv: string[]) => Promise<number> };
  if (typeof mod.run !== 'function') {
    process.stderr.write(`eval: src/cli/${sub.module} does not export run(argv)\n`);
    return 2;
  }
  return mod.run(rest);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Settings in .env apply to every command, as to npm start.
  loadDotEnv();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`eval: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
