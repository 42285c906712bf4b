/**
 * A module imported on first use, not at start (a process that never needs it never pays for
 * it). A failed import is not kept: the next call tries again, so one passing failure (too many
 * open files, say) does not break the feature until a restart.
 */
export function lazyImport<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () =>
    (pending ??= load().catch((err: unknown) => {
      pending = null;
      throw err;
    }));
}
