import type { WarmSandbox } from './run.ts';

/**
 * Keeps a few pre-warmed sandboxes per key (say, per challenge) ready, so a grading on an idle
 * worker pays neither the container start nor the grader's own start-up. Each is used once.
 *
 * Warming costs as much CPU as a cold run, so it only pays off when the worker has time to spare:
 * the pool refills once no sandbox has been taken for `refillAfterMs`. Under a backlog takes keep
 * coming, nothing is warmed, and gradings run cold at full throughput.
 */
export class WarmPool<T extends Pick<WarmSandbox, 'usable' | 'discard'>> {
  private readonly ready = new Map<string, T[]>();
  private readonly filling = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Starts still on their way, so close() can wait for them and remove what they made. */
  private readonly starting = new Set<Promise<void>>();
  private readonly size: number;
  private readonly refillAfterMs: number;
  private readonly onError: (error: unknown) => void;
  private readonly starters = new Map<string, () => Promise<T>>();
  private readonly upkeep: NodeJS.Timeout;
  private closed = false;

  constructor(options: {
    size: number;
    refillAfterMs?: number;
    /** How often expired sandboxes are replaced, so an idle pool stays warm. */
    upkeepMs?: number;
    onError?: (error: unknown) => void;
  }) {
    this.size = options.size;
    this.refillAfterMs = options.refillAfterMs ?? 1000;
    this.onError = options.onError ?? (() => {});
    this.upkeep = setInterval(() => this.replaceExpired(), options.upkeepMs ?? 60_000);
    this.upkeep.unref();
  }

  /** Drops sandboxes that expired or died while waiting and warms their replacements. */
  private replaceExpired(): void {
    for (const [key, list] of this.ready) {
      const alive = list.filter((sandbox) => sandbox.usable);
      for (const dead of list.filter((sandbox) => !sandbox.usable)) void dead.discard();
      list.splice(0, list.length, ...alive);
      const start = this.starters.get(key);
      if (start && alive.length < this.size) this.refill(key, start);
    }
  }

  /**
   * A ready sandbox for `key`, or undefined when none is (the caller then runs cold). Either way
   * the pool for `key` is refilled once the worker has been left alone for a moment.
   */
  take(key: string, start: () => Promise<T>): T | undefined {
    const list = this.ready.get(key) ?? [];
    this.ready.set(key, list);
    this.starters.set(key, start);
    let found: T | undefined;
    while (!found && list.length > 0) {
      const candidate = list.shift();
      if (candidate?.usable) found = candidate;
      else void candidate?.discard();
    }
    this.scheduleRefill(key, start);
    return found;
  }

  private scheduleRefill(key: string, start: () => Promise<T>): void {
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => this.refill(key, start), this.refillAfterMs);
    timer.unref();
    this.timers.set(key, timer);
  }

  private refill(key: string, start: () => Promise<T>): void {
    const list = this.ready.get(key) ?? [];
    const missing = this.size - list.length - (this.filling.get(key) ?? 0);
    for (let i = 0; i < missing && !this.closed; i++) {
      this.filling.set(key, (this.filling.get(key) ?? 0) + 1);
      const started: Promise<void> = start()
        .then(async (sandbox) => {
          if (this.closed) await sandbox.discard();
          else list.push(sandbox);
        }, this.onError)
        .finally(() => {
          this.filling.set(key, (this.filling.get(key) ?? 1) - 1);
          this.starting.delete(started);
        });
      this.starting.add(started);
    }
  }

  /** How many sandboxes wait ready, over every key (for monitoring and tests). */
  get readyCount(): number {
    return [...this.ready.values()].reduce((n, list) => n + list.filter((s) => s.usable).length, 0);
  }

  /** Stops refilling and removes every waiting container (on shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.upkeep);
    for (const timer of this.timers.values()) clearTimeout(timer);
    await Promise.allSettled([...this.starting]);
    const all = [...this.ready.values()].flat();
    this.ready.clear();
    await Promise.all(all.map((sandbox) => sandbox.discard()));
  }
}
