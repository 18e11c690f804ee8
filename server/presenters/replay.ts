import type { Catalogue } from '../challenges/load.ts';
import { challengeVariant, variantLabelOf } from '../challenges/variants.ts';
import type { Replay, ReplayNote, StoredEvent } from '../contract/events.ts';
import type { AttemptRow } from '../queries/attempts.ts';
import type { EventRow } from '../queries/events.ts';
import type { ReplayGradingRow } from '../queries/replay-gradings.ts';
import type { ReplayNoteRow } from '../queries/replay-notes.ts';

export function presentReplayNote(note: ReplayNoteRow): ReplayNote {
  return { ...note, createdAt: note.createdAt.toISOString() };
}

export function presentStoredEvent(event: EventRow): StoredEvent {
  return { ...event, at: event.at.toISOString() } as StoredEvent;
}

export function presentReplay(
  attempt: AttemptRow,
  catalogue: Catalogue,
  log: { count: number; lastSeq: number },
  gradings: ReplayGradingRow[],
  notes: ReplayNoteRow[],
): Replay {
  return {
    attempt: {
      id: attempt.id,
      candidateName: attempt.candidateName,
      assessmentTitle: attempt.assessmentTitle,
      startedAt: attempt.startedAt?.toISOString() ?? null,
      submittedAt: attempt.submittedAt?.toISOString() ?? null,
    },
    challenges: attempt.challengeSlugs.map((slug) => {
      const packaged = catalogue.challenges.get(slug);
      const challenge = packaged && challengeVariant(packaged, attempt.variantSeed);
      return {
        slug,
        title: challenge?.manifest.title ?? slug,
        variant: variantLabelOf(packaged, attempt.variantSeed),
        starter: (challenge?.starter ?? []).map(({ path, content }) => ({ path, content })),
      };
    }),
    eventCount: log.count,
    lastSeq: log.lastSeq,
    gradings: gradings.map((g) => ({ ...g, createdAt: g.createdAt.toISOString() })),
    notes: notes.map(presentReplayNote),
  };
}
