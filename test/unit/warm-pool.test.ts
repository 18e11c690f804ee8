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
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the warm pool', () => {
  it('starts one for the first caller, fills up behind it, and hands each sandbox out once', async () => {
    let n = 0;
    const start = async () => fakeSandbox(`s${++n}`);
    const pool = new WarmPool<Fake>({ size: 2 });
    const first = await pool.take('k', start);
    await tick();
    const second = await pool.take('k', start);
    const third = await pool.take('k', start);
    expect(new Set([first.name, second.name, third.name]).size).toBe(3);
    expect(n).toBeGreaterThanOrEqual(3);
  });

  it('discards a sandbox that died while waiting instead of handing it out', async () => {
    let n = 0;
    const made: Fake[] = [];
    const start = async () => {
      const sandbox = fakeSandbox(`s${++n}`);
      made.push(sandbox);
      return sandbox;
    };
    const pool = new WarmPool<Fake>({ size: 1 });
    const taken = await pool.take('k', start);
    await tick();
    const waiting = made.find((sandbox) => sandbox !== taken);
    if (!waiting) throw new Error('the pool did not refill');
    waiting.usable = false;
    const next = await pool.take('k', start);
    expect(next).not.toBe(waiting);
    expect(waiting.discarded).toBe(true);
  });

  it('keeps pools apart by key and discards every waiting sandbox on close', async () => {
    const made: Fake[] = [];
    const start = (key: string) => async () => {
      const sandbox = fakeSandbox(key);
      made.push(sandbox);
      return sandbox;
    };
    const pool = new WarmPool<Fake>({ size: 1 });
    const a = await pool.take('a', start('a'));
    const b = await pool.take('b', start('b'));
    expect([a.name, b.name]).toEqual(['a', 'b']);
    await tick();
    await pool.close();
    const waiting = made.filter((sandbox) => sandbox !== a && sandbox !== b);
    expect(waiting.length).toBe(2);
    expect(waiting.every((s) => s.discarded)).toBe(true);
  });
});
