import { describe, expect, it } from 'vitest';
import {
  buildPlayback,
  IDLE_MS,
  LARGE_PASTE,
  skipIdle,
  timeOfSeq,
} from '../../client/src/replay/playback.ts';
import type { Replay, ReplayEvent, StoredEvent } from '../../server/contract/events.ts';
import { replayFiles } from '../../server/contract/replay.ts';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const STARTER = [{ path: 'main.tf', content: '' }];

function replayOf(gradings: Replay['gradings'] = []): Replay {
  return {
    attempt: {
      id: 'a',
      candidateName: 'C',
      assessmentTitle: 'A',
      startedAt: new Date(T0).toISOString(),
      submittedAt: null,
    },
    challenges: [{ slug: 'iac', title: 'IaC', starter: STARTER }],
    eventCount: 0,
    lastSeq: 0,
    gradings,
    notes: [],
  };
}

function logOf(events: Array<[number, ReplayEvent]>): StoredEvent[] {
  return events.map(
    ([ms, e], i) =>
      ({ ...e, seq: i + 1, at: new Date(T0 + ms).toISOString(), challengeSlug: 'iac' }) as StoredEvent,
  );
}

const typed = (offset: number, text: string): ReplayEvent => ({
  kind: 'edit',
  payload: { path: 'main.tf', changes: [{ offset, length: 0, text }] },
});

describe('the replay page model', () => {
  it('rebuilds the files at every event of a long log from its keyframes, as the reducer does', () => {
    const events = logOf(
      Array.from(
        { length: 1234 },
        (_, i) => [i * 100, typed(i % 7, String(i % 10))] as [number, ReplayEvent],
      ),
    );
    const playback = buildPlayback(replayOf(), events);
    for (const index of [-1, 0, 1, 198, 199, 200, 201, 777, 1233]) {
      expect(playback.filesAt('iac', index)).toEqual(replayFiles(STARTER, events.slice(0, index + 1)));
    }
  });

  it('finds the last event at or before a moment', () => {
    const playback = buildPlayback(
      replayOf(),
      logOf([
        [0, typed(0, 'a')],
        [1000, typed(1, 'b')],
        [1000, typed(2, 'c')],
        [5000, typed(3, 'd')],
      ]),
    );
    expect(playback.indexAt(T0 - 1)).toBe(-1);
    expect(playback.indexAt(T0 + 999)).toBe(0);
    expect(playback.indexAt(T0 + 1000)).toBe(2);
    expect(playback.indexAt(T0 + 60_000)).toBe(3);
    expect(timeOfSeq(playback, 0)).toBe(playback.start);
    expect(timeOfSeq(playback, 4)).toBe(T0 + 5000);
  });

  it('marks check runs, large pastes and time away, and skips idle stretches', () => {
    const run = {
      id: 'g1',
      challengeSlug: 'iac',
      kind: 'run' as const,
      status: 'done' as const,
      createdAt: new Date(T0 + 3000).toISOString(),
      passed: 2,
      total: 5,
      files: [],
    };
    const events = logOf([
      [0, typed(0, 'a')],
      [1000, { kind: 'paste', payload: { path: 'main.tf', size: LARGE_PASTE } }],
      [1100, { kind: 'paste', payload: { path: 'main.tf', size: 3 } }],
      [2000, { kind: 'blur', payload: {} }],
      [62_000, { kind: 'focus', payload: {} }],
      [63_000, typed(1, 'b')],
    ]);
    const playback = buildPlayback(replayOf([run]), events);
    expect(playback.markers.map((m) => m.kind)).toEqual(['paste', 'away', 'run']);
    expect(playback.markers.find((m) => m.kind === 'away')).toMatchObject({
      at: T0 + 2000,
      until: T0 + 62_000,
    });
    expect(playback.idle).toEqual([[T0 + 3000, T0 + 62_000]]); // after the check run
    expect(skipIdle(playback, T0 + 10_000)).toBe(T0 + 62_000 - 500);
    expect(skipIdle(playback, T0 + 1500)).toBe(T0 + 1500);
    expect(IDLE_MS).toBeLessThan(59_000);
  });
});
