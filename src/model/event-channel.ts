/**
 * A single-producer, single-consumer async queue. The model call runs as a promise
 * inside the bulkhead and breaker (so they see its whole lifetime and its outcome),
 * while the caller reads its events as they arrive; this joins the two.
 */
export class EventChannel<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #head = 0;
  #ended = false;
  #error: { value: unknown } | null = null;
  #wake: (() => void) | null = null;

  push(item: T): void {
    if (this.#ended || this.#error) return;
    this.#items.push(item);
    this.#notify();
  }

  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** Ends the channel with an error; events pushed before it are still delivered first. */
  fail(error: unknown): void {
    if (this.#ended || this.#error) return;
    this.#error = { value: error };
    this.#notify();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      if (this.#head < this.#items.length) {
        const item = this.#items[this.#head] as T;
        this.#items[this.#head++] = undefined as T;
        yield item;
        continue;
      }
      if (this.#error) throw this.#error.value;
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
