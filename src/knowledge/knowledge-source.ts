import { createHash } from 'node:crypto';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import type { KnowledgeBase } from '../core/knowledge.js';
import { ConfigError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { isIgnoredPath } from '../skills/skill-files.js';
import { buildKnowledgeIndex, type KnowledgeIndex } from './knowledge-index.js';
import type { KnowledgeTerms } from './knowledge-terms.js';
import { loadArticles, UNLOADED_KNOWLEDGE_FOLDERS } from './load-articles.js';
import { coalescedRun } from '../core/coalesced-run.js';

export interface KnowledgeSourceOptions {
  /** The store folder's knowledge/ (a missing folder is an empty knowledge base). */
  dir: string;
  /** Watch the folder and rebuild on change (SKILLS_WATCH). */
  watch?: boolean;
  logger: Logger;
  /** Quiet period after the last change; editors write several files at once. */
  debounceMs?: number;
  usePolling?: boolean;
  /** How passages and messages become terms: the app's locale packs (src/main.ts); the repository's by default. */
  terms?: KnowledgeTerms;
}

export type KnowledgeReload = { status: 'reloaded' | 'unchanged'; version: string } | { status: 'rejected'; version: string; error: string };

export interface LiveKnowledgeBase extends KnowledgeBase {
  current(): KnowledgeIndex;
  /** Content hash of the loaded articles. */
  version(): string;
  /** Rebuilds now (the watcher calls this); a set that does not validate keeps the current one. */
  reload(reason?: string): Promise<KnowledgeReload>;
  /** Called after each successful rebuild. */
  onChange(listener: (index: KnowledgeIndex) => void): () => void;
  close(): Promise<void>;
}

async function build(dir: string, terms: KnowledgeTerms | undefined): Promise<{ index: KnowledgeIndex; version: string }> {
  const articles = await loadArticles(dir);
  const hash = createHash('sha256');
  for (const a of articles) hash.update(JSON.stringify(a)).update('\u0000');
  return { index: buildKnowledgeIndex(articles, terms), version: hash.digest('hex').slice(0, 12) };
}

/**
 * The store's help articles, live: loaded at start-up (a broken article stops start-up, like a
 * broken skill), rebuilt as a whole when a file under the folder changes. A change that does
 * not validate is logged with its file and field, and the last good index keeps serving.
 */
export async function createKnowledgeSource(opts: KnowledgeSourceOptions): Promise<LiveKnowledgeBase> {
  const { logger } = opts;
  let state = await build(opts.dir, opts.terms);
  const listeners = new Set<(index: KnowledgeIndex) => void>();
  let timer: NodeJS.Timeout | null = null;
  let watcher: FSWatcher | null = null;
  let closed = false;

  async function reloadOnce(reason: string): Promise<KnowledgeReload> {
    try {
      const next = await build(opts.dir, opts.terms);
      if (next.version === state.version) return { status: 'unchanged', version: state.version };
      state = next;
      logger.info({ version: next.version, ...next.index.size(), reason }, `knowledge articles reloaded (version ${next.version})`);
      for (const l of listeners) {
        try {
          l(next.index);
        } catch (err) {
          logger.error({ err }, 'a knowledge listener failed; the new articles are serving anyway');
        }
      }
      return { status: 'reloaded', version: next.version };
    } catch (err) {
      const e = err as Error;
      const detail = err instanceof ConfigError ? { file: err.source, field: err.field } : {};
      logger.error({ ...detail, reason: e.message, keptVersion: state.version, trigger: reason }, `knowledge reload rejected: ${e.message}; still serving version ${state.version}`);
      return { status: 'rejected', version: state.version, error: e.message };
    }
  }

  // One reload at a time; a change that lands meanwhile triggers exactly one more.
  const reloads = coalescedRun(reloadOnce, () => closed);
  const reload = (reason = 'manual'): Promise<KnowledgeReload> => reloads(reason);

  if (opts.watch ?? true) {
    const root = path.resolve(opts.dir);
    watcher = watch(root, {
      ignoreInitial: true,
      usePolling: opts.usePolling ?? false,
      ignored: (p: string) => {
        const rel = path.relative(root, path.resolve(p));
        return isIgnoredPath(rel) || rel.split(/[\\/]/).some((part) => UNLOADED_KNOWLEDGE_FOLDERS.has(part));
      },
    });
    watcher.on('all', (_event, file) => {
      if (closed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        void reload(`changed: ${path.basename(file)}`);
      }, opts.debounceMs ?? 250);
      timer.unref?.();
    });
    watcher.on('error', (err) => logger.warn({ err }, 'knowledge file watcher error'));
    await new Promise<void>((resolve) => watcher!.once('ready', () => resolve()));
  }

  return {
    current: () => state.index,
    version: () => state.version,
    search: (text, o) => state.index.search(text, o),
    size: () => state.index.size(),
    get terms() {
      return state.index.terms;
    },
    reload,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher?.close();
      await reloads.current();
    },
  };
}
