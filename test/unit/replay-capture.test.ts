import { describe, expect, it } from 'vitest';
import { type CapturedEvent, createCapture } from '../../client/src/replay-capture/capture.ts';
import type { EventBatch } from '../../server/contract/events.ts';
import { eventBatchSchema } from '../../server/contract/events.ts';

/** A capture whose timers run when the test says, and whose server is a list of answers. */
function harness(answers: Array<'ok' | 'retry' | 'refuse'> = []) {
  const timers: Array<() => void> = [];
  const sent: Array<{ batch: EventBatch; keepalive: boolean }> = [];
  const stored = new Map<string, EventBatch>();
  const capture = createCapture({
    async send(batch, { keepalive }) {
      sent.push({ batch, keepalive });
      const answer = answers.shift() ?? 'ok';
      if (answer !== 'ok') throw Object.assign(new Error(answer), { retryable: answer === 'retry' });
      stored.set(batch.batchId, batch);
      return { stored: true, firstSeq: 1, eventCount: batch.events.length };
    },
    isRetryable: (error) => (error as { retryable: boolean }).retryable,
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => {},
  });
  const tick = async () => {
    const due = timers.splice(0);
    for (const fn of due) fn();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { capture, sent, stored, tick };
}

const focus: CapturedEvent = { challengeSlug: 'alert-rules', kind: 'focus', payload: {} };
const typed = (text: string) =>
  ({
    challengeSlug: 'alert-rules',
    kind: 'edit',
    payload: { path: 'rules.yml', changes: [{ offset: 0, length: 0, text }] },
  }) as CapturedEvent;

describe('the replay capture', () => {
  it('sends what was recorded in numbered batches that the contract accepts', async () => {
    const { capture, sent, tick } = harness();
    capture.record(focus);
    capture.record(typed('a'));
    await tick();
    capture.record(typed('b'));
    await tick();
    expect(sent.map((s) => [s.batch.batchNo, s.batch.events.length])).toEqual([
      [0, 2],
      [1, 1],
    ]);
    for (const { batch } of sent) expect(eventBatchSchema.safeParse(batch).success).toBe(true);
    expect(new Set(sent.map((s) => s.batch.captureId)).size).toBe(1);
    expect(capture.pendingCount()).toBe(0);
  });

  it('retries a failed batch with the same id before sending anything newer', async () => {
    const { capture, sent, stored, tick } = harness(['retry', 'retry']);
    capture.record(typed('a'));
    await tick();
    capture.record(typed('b'));
    await tick();
    await tick();
    await tick();
    expect(sent.map((s) => s.batch.batchNo)).toEqual([0, 0, 0, 1]);
    expect(new Set(sent.slice(0, 3).map((s) => s.batch.batchId)).size).toBe(1);
    expect(stored.size).toBe(2);
    expect(capture.pendingCount()).toBe(0);
  });

  it('resolves a flush once the server holds every event recorded before it', async () => {
    const { capture, stored } = harness();
    capture.record(typed('a'));
    capture.record(typed('b'));
    expect(await capture.flush()).toBe(true);
    expect([...stored.values()].flatMap((b) => b.events)).toHaveLength(2);
  });

  it('drops a batch the server refuses for good and goes on with the next', async () => {
    const { capture, sent, stored, tick } = harness(['refuse']);
    capture.record(typed('a'));
    expect(await capture.flush()).toBe(false);
    capture.record(typed('b'));
    await tick();
    // The refused batch's number was never stored, so the next batch takes it.
    expect(sent.map((s) => s.batch.batchNo)).toEqual([0, 0]);
    expect([...stored.values()].map((b) => b.events.length)).toEqual([1]);
    expect(capture.pendingCount()).toBe(0);
  });

  it('splits a burst larger than a batch may carry over several batches', async () => {
    const { capture, sent } = harness();
    for (let i = 0; i < 5; i += 1) capture.record(typed('x'.repeat(200_000)));
    for (let i = 0; i < 700; i += 1) capture.record(focus);
    expect(await capture.flush()).toBe(true);
    expect(sent.length).toBeGreaterThan(2);
    for (const { batch } of sent) expect(eventBatchSchema.safeParse(batch).success).toBe(true);
    expect(sent.flatMap((s) => s.batch.events)).toHaveLength(705);
  });

  it('leaves out an event the server would refuse, and sends the rest', async () => {
    const { capture, stored } = harness();
    capture.record(typed('a'));
    capture.record(typed('x'.repeat(300 * 1024)));
    capture.record({ challengeSlug: 'alert-rules', kind: 'file_delete', payload: { path: '../etc' } });
    capture.record(typed('b'));
    expect(await capture.flush()).toBe(true);
    const texts = [...stored.values()].flatMap((b) =>
      b.events.map((e) => (e.kind === 'edit' ? e.payload.changes[0]?.text : e.kind)),
    );
    expect(texts).toEqual(['a', 'b']);
  });

  it('sends what is left with keepalive when the page goes away', async () => {
    const { capture, sent } = harness();
    capture.record(typed('last words'));
    capture.flushOnExit();
    expect(sent).toEqual([expect.objectContaining({ keepalive: true })]);
  });
});
