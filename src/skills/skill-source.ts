import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { SkillSet, SkillSource } from '../core/skill.js';
import { isIgnoredPath } from './skill-files.js';
import { coalescedRun } from '../core/coalesced-run.js';

export interface SkillSourceOptions {
  skillsDir: string;
  promptsDir: string;
  /** Loads and validates a complete set (usually `() => loadSkillSet({...})`); throws ConfigError when invalid. */
  load: () => Promise<SkillSet>;
  /** Watch the folders and reload on change (SKILLS_WATCH). */
  watch?: boolean;
  logger: Logger;
  /** More folders whose changes reload (the store folder when STORE_DIR is outside skills/). */
  dataDirs?: readonly string[];
  /** Runs before each reload, e.g. re-reading the store data in skills/_store that the prompts are filled from. */
  beforeReload?: () => Promise<void>;
  /** Quiet period after the last change before reloading; editors and `git checkout` write several files at once. */
  debounceMs?: number;
  /** Poll instead of native events (network or container file systems without inotify). */
  usePolling?: boolean;
}

export type ReloadOutcome =
  | { status: 'reloaded'; version: string; previous: string }
  | { status: 'unchanged'; version: string }
  | { status: 'rejected'; version: string; error: string };

export interface ReloadingSkillSource extends SkillSource {
  /** Reloads now (the watcher calls this); a failed load keeps the current set. */
  reload(reason?: string): Promise<ReloadOutcome>;
  /** Stops watching. */
  close(): Promise<void>;
}

/**
 * The live SkillSet: loaded once at start-up (a broken tree stops start-up), then
 * replaced as a whole whenever skills/ or prompts/ change and the new tree validates.
 * A change that does not validate is logged in one line and the last good set keeps
 * serving. Every process runs its own watcher, so each instance reloads by itself.
 */
export async function createSkillSource(opts: SkillSourceOptions): Promise<ReloadingSkillSource> {
  const { logger } = opts;
  let current = await opts.load();
  const listeners = new Set<(set: SkillSet) => void>();
  let timer: NodeJS.Timeout | null = null;
  let changed = new Set<string>();
  let watcher: FSWatcher | null = null;
  let closed = false;

  async function reloadOnce(reason: string): Promise<ReloadOutcome> {
    try {
      await opts.beforeReload?.();
      const next = await opts.load();
      if (next.version === current.version) return { status: 'unchanged', version: current.version };
      const previous = current.version;
      current = next;
      logger.info({ version: next.version, previous, skills: [...next.skills.keys()], reason }, `skills and prompts reloaded (version ${next.version})`);
      for (const listener of listeners) {
        try {
          listener(next);
        } catch (err) {
          logger.error({ err }, 'a skill-set listener failed; the new version is serving anyway');
        }
      }
      return { status: 'reloaded', version: next.version, previous };
    } catch (err) {
      const e = err as Error;
      const detail =
        err instanceof ConfigError ? { file: err.source, field: err.field, reason: e.message } : { reason: e.message };
      logger.error({ ...detail, keptVersion: current.version, trigger: reason }, `skill reload rejected: ${e.message}; still serving version ${current.version}`);
      return { status: 'rejected', version: current.version, error: e.message };
    }
  }

  // One reload at a time; a change that lands meanwhile triggers exactly one more.
  const reloads = coalescedRun(reloadOnce, () => closed);
  const reload = (reason = 'manual'): Promise<ReloadOutcome> => reloads(reason);

  function schedule(file: string): void {
    if (closed) return;
    changed.add(file);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      const files = [...changed].slice(0, 5).join(', ');
      changed = new Set();
      void reload(`changed: ${files}`);
    }, opts.debounceMs ?? 250);
    timer.unref?.();
  }

  const roots = [path.resolve(opts.skillsDir), path.resolve(opts.promptsDir)];
  // A data folder inside a watched root is watched already.
  const dataDirs = (opts.dataDirs ?? []).map((d) => path.resolve(d)).filter((d) => !roots.some((r) => d === r || d.startsWith(r + path.sep)));
  roots.push(...dataDirs);
  const relativeToRoots = (p: string): string => {
    const abs = path.resolve(p);
    for (const root of roots) if (abs === root || abs.startsWith(root + path.sep)) return path.relative(root, abs);
    return path.basename(abs);
  };

  if (opts.watch ?? true) {
    watcher = watch([opts.skillsDir, opts.promptsDir, ...dataDirs], {
      ignoreInitial: true,
      usePolling: opts.usePolling ?? false,
      // Only the part below the watched roots decides (a temp dir's own name must not).
      ignored: (p: string) => isIgnoredPath(relativeToRoots(p)),
    });
    watcher.on('all', (_event, file) => schedule(file));
    watcher.on('error', (err) => logger.warn({ err }, 'skill file watcher error'));
    await new Promise<void>((resolve) => watcher!.once('ready', () => resolve()));
    logger.info({ skillsDir: opts.skillsDir, promptsDir: opts.promptsDir, ...(dataDirs.length ? { dataDirs } : {}), version: current.version }, 'watching skills and prompts for changes');
  }

  return {
    current: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reload,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher?.close();
      await reloads.current();
    },
  };
}
