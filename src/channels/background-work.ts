import type { Logger } from '../core/logger.js';

/**
 * Work that continues after the HTTP request was acknowledged (Bot Framework waits at most 15 s,
 * Slack 3 s). Tracked so a graceful shutdown, or a test, can wait for it to finish.
 */
export interface BackgroundWork {
  run(label: string, task: () => Promise<void>): void;
  /** Resolves when nothing is running (including work started while waiting). */
  idle(): Promise<void>;
}

export function createBackgroundWork(logger: Logger): BackgroundWork {
  const running = new Set<Promise<void>>();
  return {
    run(label, task) {
      const p: Promise<void> = Promise.resolve()
        .then(task)
        .catch((err: unknown) => logger.error({ err, task: label }, 'background work failed'))
        .finally(() => running.delete(p));
      running.add(p);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
