import { describe, expect, it } from 'vitest';
import {
  authorLabel,
  buildPlayback,
  IDLE_MS,
  keyboardHolderAt,
  LARGE_PASTE,
  markerLabel,
  STAFF_GAP_MS,
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

/** Events at their milliseconds from T0, each by the staff member named third (else the candidate). */
function logOf(events: Array<[number, ReplayEvent, string?]>): StoredEvent[] {
  return events.map(
    ([ms, e, author], i) =>
      ({
        ...e,
        seq: i + 1,
        at: new Date(T0 + ms).toISOString(),
        challengeSlug: 'iac',
        authorName: author ?? null,
      }) as StoredEvent,
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

  it('takes keyboard hand-overs and complications without changing a file, and marks them in words', () => {
    const events = logOf([
      [0, typed(0, 'a')],
      [1000, { kind: 'keyboard', payload: { action: 'requested', holder: 'Ben' } }, 'Ben'],
      [2000, { kind: 'keyboard', payload: { action: 'given', holder: 'Ben' } }],
      [3000, { kind: 'terminal', payload: { stream: 'input', data: 'ps aux\r' } }, 'Ben'],
      [3100, { kind: 'terminal', payload: { stream: 'output', data: 'postgres 1\r\n' } }],
      [
        4000,
        { kind: 'complication', payload: { id: 'q2', title: 'A second runaway query', ok: true } },
        'Ada',
      ],
      [5000, { kind: 'complication', payload: { id: 'q3', title: 'Disk full', ok: false } }, 'Ada'],
      [6000, { kind: 'keyboard', payload: { action: 'given', holder: 'Candidate' } }, 'Ben'],
      [7000, { kind: 'keyboard', payload: { action: 'requested', holder: 'Ben' } }, 'Ben'],
      [7500, { kind: 'keyboard', payload: { action: 'given', holder: 'Ben' } }],
      [8000, { kind: 'keyboard', payload: { action: 'taken_back', holder: 'Candidate' } }],
      [9000, typed(1, 'b')],
    ]);
    const playback = buildPlayback(replayOf(), events);
    for (let index = -1; index < events.length; index += 1) {
      expect(playback.filesAt('iac', index)).toEqual(replayFiles(STARTER, events.slice(0, index + 1)));
    }
    expect(playback.filesAt('iac', events.length - 1).get('main.tf')).toBe('ab');
    expect(playback.hasTerminal).toBe(true);
    const labels = playback.markers
      .filter((m) => m.kind !== 'staff')
      .map((m) => markerLabel(m, playback.start));
    expect(labels).toEqual([
      '0:01 Ben asked for the keyboard',
      '0:02 Keyboard given to Ben',
      '0:04 Ada triggered: A second runaway query',
      '0:05 Ada triggered: Disk full (the script failed)',
      '0:06 Keyboard given back to the candidate by Ben',
      '0:07 Ben asked for the keyboard',
      '0:07 Keyboard given to Ben',
      '0:08 The candidate took the keyboard back',
    ]);
    expect([1, 2, 3, 6, 7, 8, 9, 10].map((i) => keyboardHolderAt(playback, 'iac', i))).toEqual([
      null,
      'Ben',
      'Ben',
      'Ben',
      null,
      null,
      'Ben',
      null,
    ]);
    expect(keyboardHolderAt(playback, 'other', 3)).toBeNull();
  });

  it("attributes a staff member's edits and typing, in stretches that the candidate's own actions end", () => {
    const events = logOf([
      [0, typed(0, 'a')],
      [1000, { kind: 'blur', payload: {} }],
      [2000, typed(1, 'x'), 'Ada'],
      [2500, { kind: 'file_create', payload: { path: 'notes.md', content: '' } }, 'Ada'],
      [3000, { kind: 'terminal', payload: { stream: 'input', data: 'l' } }, 'Ada'],
      [3100, { kind: 'terminal', payload: { stream: 'output', data: 'l' } }],
      [4000, { kind: 'focus', payload: {} }],
      [5000, typed(2, 'c')],
      [6000, typed(3, 'y'), 'Ada'],
      [6000 + STAFF_GAP_MS + 1, typed(4, 'z'), 'Ada'],
      [6000 + STAFF_GAP_MS + 2, typed(5, 'w'), 'Ben'],
    ]);
    const playback = buildPlayback(replayOf(), events);
    // Ada's edit while the candidate was away does not end their time away.
    expect(playback.markers.find((m) => m.kind === 'away')).toMatchObject({
      at: T0 + 1000,
      until: T0 + 4000,
    });
    const stretches = playback.markers.filter((m) => m.kind === 'staff');
    expect(stretches).toMatchObject([
      { at: T0 + 2000, until: T0 + 3000, seq: 3, author: 'Ada' },
      { at: T0 + 6000, until: T0 + 6000, seq: 9, author: 'Ada' },
      { at: T0 + 6000 + STAFF_GAP_MS + 1, author: 'Ada' },
      { at: T0 + 6000 + STAFF_GAP_MS + 2, author: 'Ben' },
    ]);
    expect(stretches.map((m) => markerLabel(m, playback.start))).toEqual([
      '0:02 Ada edited main.tf, notes.md and typed in the terminal',
      '0:06 Ada edited main.tf',
      '1:06 Ada edited main.tf',
      '1:06 Ben edited main.tf',
    ]);
    expect(events.map((e) => authorLabel(e))).toEqual([
      null,
      null,
      'edited main.tf by Ada',
      'created notes.md by Ada',
      'typed in the terminal by Ada',
      null,
      null,
      null,
      'edited main.tf by Ada',
      'edited main.tf by Ada',
      'edited main.tf by Ben',
    ]);
  });
});
