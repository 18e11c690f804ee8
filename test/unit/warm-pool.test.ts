import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WarmPool } from '../../sandbox/warm-pool.ts';

/** A stand-in for a warm container: the pool's bookkeeping does not need Docker. */
function fakeSandbox(name: string) {
  return {
    name,
    usable: true,
    discarded: false,
    async discard() {
      this.discarded = true;
      this.usable = false;
    },
  };
}
type Fake = ReturnType<typeof fakeSandbox>;

function counter() {
  const made: Fake[] = [];
  return { made, start: async () => made[made.push(fakeSandbox(`s${made.length + 1}`)) - 1] as Fake };
}

// The pool's timing is its behaviour; fake timers make it exact instead of racing a loaded machine.
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});
const elapse = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe('the warm pool', () => {
  it('has nothing ready at first, then fills up once left alone, and hands each sandbox out once', async () => {
    const { made, start } = counter();
    const pool = new WarmPool<Fake>({ size: 2, refillAfterMs: 20 });
    expect(pool.take('k', start)).toBeUndefined();
    await elapse(25);
    expect(pool.readyCount).toBe(2);
    const first = pool.take('k', start);
    const second = pool.take('k', start);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(first).not.toBe(second);
    expect(pool.take('k', start)).toBeUndefined();
    await elapse(25);
    expect(made).toHaveLength(4);
    await pool.close();
  });

  it('warms nothing while sandboxes keep being taken (a backlog runs cold)', async () => {
    const { made, start } = counter();
    const pool = new WarmPool<Fake>({ size: 1, refillAfterMs: 40 });
    for (let i = 0; i < 5; i++) {
      pool.take('k', start);
      await elapse(10);
    }
    expect(made).toHaveLength(0);
    await elapse(40);
    expect(made).toHaveLength(1);
    await pool.close();
  });

  it('discards a sandbox that died while waiting instead of handing it out', async () => {
    const { made, start } = counter();
    const pool = new WarmPool<Fake>({ size: 1, refillAfterMs: 0 });
    pool.take('k', start);
    await elapse(1);
    const waiting = made[0];
    if (!waiting) throw new Error('the pool did not refill');
    waiting.usable = false;
    expect(pool.take('k', start)).toBeUndefined();
    expect(waiting.discarded).toBe(true);
    await pool.close();
  });

  it('keeps pools apart by key and discards every waiting sandbox on close', async () => {
    const { made, start } = counter();
    const pool = new WarmPool<Fake>({ size: 1, refillAfterMs: 0 });
    pool.take('a', start);
    pool.take('b', start);
    await elapse(1);
    expect(pool.readyCount).toBe(2);
    await pool.close();
    expect(made.every((s) => s.discarded)).toBe(true);
    expect(pool.readyCount).toBe(0);
  });

  it('replaces sandboxes that expired while waiting, so an idle pool stays warm', async () => {
    const { made, start } = counter();
    const pool = new WarmPool<Fake>({ size: 1, refillAfterMs: 0, upkeepMs: 20 });
    pool.take('k', start);
    await elapse(1);
    const first = made[0];
    if (!first) throw new Error('the pool did not fill');
    first.usable = false; // expired
    await elapse(25);
    expect(first.discarded).toBe(true);
    expect(pool.readyCount).toBe(1);
    await pool.close();
  });

  it('on close, waits for sandboxes still starting and removes them too', async () => {
    const made: Fake[] = [];
    let finish: () => void = () => {};
    const slowStart = () =>
      new Promise<Fake>((resolve) => {
        finish = () => {
          const sandbox = fakeSandbox('slow');
          made.push(sandbox);
          resolve(sandbox);
        };
      });
    const pool = new WarmPool<Fake>({ size: 1, refillAfterMs: 0 });
    pool.take('k', slowStart);
    await elapse(1);
    const closing = pool.close();
    finish();
    await closing;
    expect(made).toHaveLength(1);
    expect(made[0]?.discarded).toBe(true);
  });
});
