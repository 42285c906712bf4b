import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../config/config.js';

/** Where the insights read and write, and how long they keep what they count. One place for every path. */
export interface InsightsConfig {
  /** INSIGHTS_RETENTION_DAYS: per-day counters and samples are kept this long after their last write. */
  retentionDays: number;
  /** INSIGHTS_TIME_ZONE: the store's calendar (IANA name) that days are counted in. */
  timeZone: string;
  /** INSIGHTS_EVAL_FILES resolved: the labelled JSONL files a routing proposal is evaluated on. */
  evalFiles: string[];
  /** The store's knowledge folder: help-article drafts go to `drafts/` inside it. */
  knowledgeDir: string;
  /** Below this route confidence an `other` route counts as unanswered (ROUTER_THRESHOLD). */
  otherConfidence: number;
  /** Samples kept per day: unanswered messages (topics) and all messages (top terms). */
  samplesPerDay: { unanswered: number; all: number };
}

/** Default evaluation files: the store's own held-out routing messages. */
export const DEFAULT_EVAL_FILES = 'test/eval/fixtures/held-out';

/** Store data sits next to the skills (skills/_store) until store folders make it a setting of its own. */
export function knowledgeDirFor(skillsDir: string): string {
  return path.join(skillsDir, '_store', 'knowledge');
}

/** A comma list of JSONL files and folders (every *.jsonl inside), relative to `root`; missing entries are left out. */
export function resolveEvalFiles(list: readonly string[], root: string): string[] {
  const out: string[] = [];
  for (const entry of list) {
    const abs = path.isAbsolute(entry) ? entry : path.resolve(root, entry);
    if (!existsSync(abs)) continue;
    if (statSync(abs).isDirectory()) {
      for (const f of readdirSync(abs).filter((n) => n.endsWith('.jsonl')).sort()) out.push(path.join(abs, f));
    } else out.push(abs);
  }
  return out;
}

export function insightsConfigFromEnv(env: Env, root: string): InsightsConfig {
  const skillsDir = path.isAbsolute(env.SKILLS_DIR) ? env.SKILLS_DIR : path.resolve(root, env.SKILLS_DIR);
  const files = env.INSIGHTS_EVAL_FILES.length ? env.INSIGHTS_EVAL_FILES : [DEFAULT_EVAL_FILES];
  return {
    retentionDays: env.INSIGHTS_RETENTION_DAYS,
    timeZone: env.INSIGHTS_TIME_ZONE,
    evalFiles: resolveEvalFiles(files, root),
    // The store folder's knowledge/ (STORE_DIR when set), where the help articles are read from.
    knowledgeDir: env.STORE_DIR ? path.join(path.isAbsolute(env.STORE_DIR) ? env.STORE_DIR : path.resolve(root, env.STORE_DIR), 'knowledge') : knowledgeDirFor(skillsDir),
    otherConfidence: env.ROUTER_THRESHOLD,
    samplesPerDay: { unanswered: 300, all: 300 },
  };
}
