import type { Logger } from '../core/logger.js';

/**
 * Work that continues after the HTTP request was acknowledged (Bot Framework waits at most 15 s,
 * Slack 3 s). Tracked so a graceful shutdown, or a test, can wait for it to finish.
 */
export interface BackgroundWork {
  /**
   * Runs `task` after the acknowledgement. Tasks with the same `key` (a conversation) start in
   * the order they were accepted, so two quick messages are answered in the order they were sent.
   */
  run(label: string, task: () => Promise<void>, key?: string): void;
  /** Resolves when nothing is running (including work started while waiting). */
  idle(): Promise<void>;
}

export function createBackgroundWork(logger: Logger): BackgroundWork {
  const running = new Set<Promise<void>>();
  const tails = new Map<string, Promise<void>>();
  return {
    run(label, task, key) {
      const before = key === undefined ? undefined : tails.get(key);
      const p: Promise<void> = (before ?? Promise.resolve())
        .then(task)
        .catch((err: unknown) => logger.error({ err, task: label }, 'background work failed'))
        .finally(() => {
          running.delete(p);
          if (key !== undefined && tails.get(key) === p) tails.delete(key);
        });
      running.add(p);
      if (key !== undefined) tails.set(key, p);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
