import { describe, expect, it } from 'vitest';
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
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function counter() {
  const made: Fake[] = [];
  return { made, start: async () => made[made.push(fakeSandbox(`s${made.length + 1}`)) - 1] as Fake };
}

describe('the warm pool', () => {
  it('has nothing ready at first, then fills up once left alone, and hands each sandbox out once', async () => {
    const { made, start } = counter();
    const pool = new WarmPool<Fake>({ size: 2, refillAfterMs: 20 });
    expect(pool.take('k', start)).toBeUndefined();
    await wait(50);
    expect(pool.readyCount).toBe(2);
    const first = pool.take('k', start);
    const second = pool.take('k', start);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(first).not.toBe(second);
    expect(pool.take('k', start)).toBeUndefined();
    await wait(50);
    expect(made).toHaveLength(4);
  });

  it('warms nothing while sandboxes keep being taken (a backlog runs cold)', async () => {
    const { made, start } = counter();
    const pool = new WarmPool<Fake>({ size: 1, refillAfterMs: 40 });
    for (let i = 0; i < 5; i++) {
      pool.take('k', start);
      await wait(10);
    }
    expect(made).toHaveLength(0);
    await wait(60);
    expect(made).toHaveLength(1);
  });

  it('discards a sandbox that died while waiting instead of handing it out', async () => {
    const { made, start } = counter();
    const pool = new WarmPool<Fake>({ size: 1, refillAfterMs: 0 });
    pool.take('k', start);
    await wait(20);
    const waiting = made[0];
    if (!waiting) throw new Error('the pool did not refill');
    waiting.usable = false;
    expect(pool.take('k', start)).toBeUndefined();
    expect(waiting.discarded).toBe(true);
  });

  it('keeps pools apart by key and discards every waiting sandbox on close', async () => {
    const { made, start } = counter();
    const pool = new WarmPool<Fake>({ size: 1, refillAfterMs: 0 });
    pool.take('a', start);
    pool.take('b', start);
    await wait(20);
    expect(pool.readyCount).toBe(2);
    await pool.close();
    expect(made.every((s) => s.discarded)).toBe(true);
    expect(pool.readyCount).toBe(0);
  });
});

describe('closing the warm pool', () => {
  it('waits for sandboxes still starting and removes them too', async () => {
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
    await wait(10);
    const closing = pool.close();
    finish();
    await closing;
    expect(made).toHaveLength(1);
    expect(made[0]?.discarded).toBe(true);
  });
});
