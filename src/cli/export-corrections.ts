import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { parseEnv } from '../config/config.js';
import type { Store } from '../core/store.js';
import { listCorrections, toJsonl, trainingLines } from '../assist/corrections.js';
import { candidatesYaml, groupBySkill, listCandidates } from '../assist/demonstration-candidates.js';
import { createRedisStore } from '../store/create-redis-store.js';

/**
 * `npm run eval -- export-corrections [--out FILE] [--demos [DIR]]` (dispatched by eval.ts).
 *
 * Writes agents' route corrections as JSONL `{"text", "label"}` lines, the format of
 * `npm run eval -- router --train FILE`. With --demos, also writes the replies agents saved
 * as candidate demonstrations to <DIR>/<skill>/candidates/agent-candidates.yaml
 * (DIR defaults to PROMPTS_DIR) for a person to review; the skills loader never reads them.
 */
export interface ExportIo {
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
  openStore?: (url: string) => Promise<{ store: Store; close(): Promise<void> }>;
}

const USAGE = `Usage: npm run eval -- export-corrections [--out FILE] [--demos [DIR]]

  --out FILE     write the JSONL here (default: standard output)
  --demos [DIR]  also write candidate demonstrations to DIR/<skill>/candidates/agent-candidates.yaml
                 (DIR defaults to PROMPTS_DIR, i.e. prompts/)

Reads from Redis (REDIS_URL). With the in-memory store, download the same JSONL from the
panel: /api/agent/corrections.jsonl ("Download corrections" in the header).
`;

interface Args {
  out?: string;
  demos?: string | true;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') {
      const v = argv[++i];
      if (!v || v.startsWith('--')) return '--out needs a file name';
      args.out = v;
    } else if (a === '--demos') {
      const v = argv[i + 1];
      if (v && !v.startsWith('--')) {
        args.demos = v;
        i++;
      } else args.demos = true;
    } else if (a === '--help' || a === '-h') return '';
    else return `unknown option "${a}"`;
  }
  return args;
}

/** Skill ids present on disk, so a correction naming a removed skill is not exported as a label the router would reject. */
function skillsOnDisk(dir: string): Set<string> | undefined {
  if (!existsSync(dir)) return undefined;
  const ids = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && ['skill.yaml', 'skill.yml', 'skill.json'].some((f) => existsSync(path.join(dir, d.name, f))))
    .map((d) => d.name);
  return ids.length ? new Set(ids) : undefined;
}

export async function run(argv: string[], io: ExportIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    if (args) io.stderr.write(`export-corrections: ${args}\n\n`);
    io.stderr.write(USAGE);
    return args ? 2 : 0;
  }
  let env;
  try {
    env = parseEnv(io.env);
  } catch (err) {
    io.stderr.write(`export-corrections: ${(err as Error).message}\n`);
    return 2;
  }
  if (!env.REDIS_URL) {
    io.stderr.write(
      'export-corrections: REDIS_URL is not set. Corrections live in the running server\'s store; with the in-memory store download them from the panel at /api/agent/corrections.jsonl.\n',
    );
    return 2;
  }
  const open = io.openStore ?? ((url: string) => createRedisStore({ url, historyTtlSeconds: env.HISTORY_TTL_SECONDS, maxMessages: env.HISTORY_MAX_MESSAGES }));
  const bundle = await open(env.REDIS_URL);
  try {
    const corrections = await listCorrections(bundle.store);
    const lines = trainingLines(corrections, skillsOnDisk(env.SKILLS_DIR));
    const jsonl = toJsonl(lines);
    if (args.out) {
      await mkdir(path.dirname(path.resolve(args.out)), { recursive: true });
      await writeFile(args.out, jsonl, 'utf8');
    } else {
      io.stdout.write(jsonl);
    }
    io.stderr.write(`export-corrections: ${lines.length} labelled example(s) from ${corrections.length} correction(s)${args.out ? ` written to ${args.out}` : ''}\n`);

    if (args.demos) {
      const dir = args.demos === true ? env.PROMPTS_DIR : args.demos;
      const bySkill = groupBySkill(await listCandidates(bundle.store));
      for (const [skill, candidates] of bySkill) {
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(skill)) continue;
        const target = path.join(dir, skill, 'candidates', 'agent-candidates.yaml');
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, `# Replies agents saved from live conversations. Review each one (remove personal data),\n# then move the good ones into ../demonstrations.yaml. This file is never loaded.\n${candidatesYaml(candidates)}`, 'utf8');
        io.stderr.write(`export-corrections: ${candidates.length} candidate demonstration(s) for ${skill} written to ${target}\n`);
      }
      if (bySkill.size === 0) io.stderr.write('export-corrections: no candidate demonstrations saved yet\n');
    }
    return 0;
  } finally {
    await bundle.close();
  }
}
