import type { WarmSandbox } from './run.ts';

/**
 * Keeps a few pre-warmed sandboxes per key (say, per challenge) ready, so a grading pays neither
 * the container start nor the grader's own start-up. Each is used once and replaced in the
 * background; a key nobody asks for again lets its containers expire.
 */
export class WarmPool<T extends Pick<WarmSandbox, 'usable' | 'discard'>> {
  private readonly ready = new Map<string, T[]>();
  private readonly filling = new Map<string, number>();
  private readonly size: number;
  private readonly onError: (error: unknown) => void;
  private closed = false;

  constructor(options: { size: number; onError?: (error: unknown) => void }) {
    this.size = options.size;
    this.onError = options.onError ?? (() => {});
  }

  /**
   * A ready sandbox for `key`, or one started now when none is ready (the first grading of a key
   * pays the cold start). Either way the pool is topped up in the background.
   */
  async take(key: string, start: () => Promise<T>): Promise<T> {
    const list = this.ready.get(key) ?? [];
    this.ready.set(key, list);
    let found: T | undefined;
    while (!found && list.length > 0) {
      const candidate = list.shift();
      if (candidate?.usable) found = candidate;
      else void candidate?.discard();
    }
    this.refill(key, start);
    return found ?? start();
  }

  private refill(key: string, start: () => Promise<T>): void {
    const list = this.ready.get(key) ?? [];
    const missing = this.size - list.length - (this.filling.get(key) ?? 0);
    for (let i = 0; i < missing && !this.closed; i++) {
      this.filling.set(key, (this.filling.get(key) ?? 0) + 1);
      start()
        .then((sandbox) => {
          if (this.closed) void sandbox.discard();
          else list.push(sandbox);
        }, this.onError)
        .finally(() => this.filling.set(key, (this.filling.get(key) ?? 1) - 1));
    }
  }

  /** Removes every waiting container (on shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.ready.values()].flat();
    this.ready.clear();
    await Promise.all(all.map((sandbox) => sandbox.discard()));
  }
}
