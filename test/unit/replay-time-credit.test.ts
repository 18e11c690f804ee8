import { describe, expect, it } from 'vitest';
import { buildPlayback, markerLabel } from '../../client/src/replay/playback.ts';
import type { Replay, ReplayEvent, StoredEvent } from '../../server/contract/events.ts';
import { replayFiles } from '../../server/contract/replay.ts';

const T0 = Date.parse('2026-01-01T10:00:00Z');
const STARTER = [{ path: 'main.tf', content: '' }];
const replay: Replay = {
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
  gradings: [],
  notes: [],
};

const logOf = (events: Array<[number, ReplayEvent]>): StoredEvent[] =>
  events.map(
    ([ms, e], i) =>
      ({
        ...e,
        seq: i + 1,
        at: new Date(T0 + ms).toISOString(),
        challengeSlug: 'iac',
        authorName: null,
      }) as StoredEvent,
  );

describe('time credited on the replay', () => {
  it('marks each credit where it happened, in words, without changing a file', () => {
    const events = logOf([
      [0, { kind: 'edit', payload: { path: 'main.tf', changes: [{ offset: 0, length: 0, text: 'a' }] } }],
      [
        65_000,
        { kind: 'time_credit', payload: { cause: 'live_start_failed', minutes: 5, appliedMinutes: 5 } },
      ],
      [
        125_000,
        // An interview's slot end let only 2 of the 7 minutes through: the marker says what counted.
        { kind: 'time_credit', payload: { cause: 'grading_stalled', minutes: 7, appliedMinutes: 2 } },
      ],
    ]);
    const playback = buildPlayback(replay, events);
    expect(playback.filesAt('iac', events.length - 1)).toEqual(replayFiles(STARTER, events));
    const credits = playback.markers.filter((m) => m.kind === 'time_credit');
    expect(credits.map((m) => markerLabel(m, playback.start))).toEqual([
      '1:05 the platform added 5 min: the environment did not start',
      '2:05 the platform added 2 min: the checks waited too long in the queue',
    ]);
    expect(credits.map((m) => ('seq' in m ? m.seq : null))).toEqual([2, 3]);
  });
});
