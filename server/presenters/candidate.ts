import type { Challenge } from '../challenges/load.ts';
import type { AttemptPhase } from '../commands/attempt-state.ts';
import type {
  CandidateAttempt,
  CandidateChallenge,
  CandidateGrading,
  WorkspaceFile,
} from '../contract/api.ts';
import type { TimeCredit } from '../contract/time-credits.ts';
import type { AttemptRow } from '../queries/attempts.ts';
import type { GradingRow } from '../queries/gradings.ts';
import type { InterviewRow } from '../queries/interviews.ts';
import { weightedScore } from '../scoring/score.ts';

/**
 * A grading as the candidate may see it. A run shows only the visible checks; a submission adds the
 * hidden ones as bare pass/fail: never their id, title, message or evidence.
 */
export function presentCandidateGrading(row: GradingRow): CandidateGrading {
  const checks = row.checks ?? [];
  const shown = row.kind === 'run' ? checks.filter((c) => c.visible) : checks;
  return {
    id: row.id,
    challengeSlug: row.challengeSlug,
    kind: row.kind,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    score: row.status !== 'done' ? null : row.kind === 'run' ? weightedScore(shown) : row.score,
    checks: shown.map((c) =>
      c.visible
        ? {
            visible: true,
            id: c.id,
            title: c.title,
            dimension: c.dimension,
            covers: c.covers,
            passed: c.passed,
            score: c.score,
            message: c.message,
          }
        : { visible: false, passed: c.passed },
    ),
    diagnostics: (row.diagnostics ?? []).map((d) => ({
      file: d.file,
      line: d.line,
      message: d.message,
      ...(d.column !== undefined ? { column: d.column } : {}),
    })),
    error: row.status === 'error' ? (row.error ?? 'the grading failed') : null,
    tampering: row.tampering,
    replacedBy: row.status === 'superseded' ? row.supersededBy : null,
  };
}

export function presentCandidateChallenge(
  challenge: Challenge,
  files: WorkspaceFile[],
  latest: GradingRow | undefined,
): CandidateChallenge {
  const { manifest } = challenge;
  return {
    slug: manifest.slug,
    mode: manifest.mode,
    environmentFiles: manifest.live?.files ?? [],
    title: manifest.title,
    summary: manifest.summary,
    brief: challenge.brief,
    requirements: manifest.requirements,
    visibleChecks: manifest.checks
      .filter((c) => c.visible)
      .map((c) => ({ id: c.id, title: c.title, dimension: c.dimension, covers: c.covers })),
    hiddenCheckCount: manifest.checks.filter((c) => !c.visible).length,
    files,
    submitted: latest?.kind === 'submit',
    latestGrading: latest ? presentCandidateGrading(latest) : null,
  };
}

export function presentCandidateAttempt(
  attempt: AttemptRow,
  phase: AttemptPhase,
  challenges: CandidateChallenge[],
  interview: Pick<InterviewRow, 'startsAt' | 'endsAt' | 'meetingUrl'> | undefined,
  /** The limit with the candidate's extra time, and the time credited back (never the reviewers' note). */
  time: { limitMinutes: number; credits: TimeCredit[] } = {
    limitMinutes: attempt.timeLimitMinutes,
    credits: [],
  },
): CandidateAttempt {
  return {
    candidateName: attempt.candidateName,
    assessmentTitle: attempt.assessmentTitle,
    timeLimitMinutes: time.limitMinutes,
    status: phase,
    startedAt: attempt.startedAt?.toISOString() ?? null,
    deadlineAt: attempt.deadlineAt?.toISOString() ?? null,
    serverNow: new Date().toISOString(),
    challenges,
    interview: interview
      ? {
          attemptId: attempt.id,
          startsAt: interview.startsAt.toISOString(),
          endsAt: interview.endsAt.toISOString(),
          meetingUrl: interview.meetingUrl,
        }
      : null,
    timeCredits: time.credits,
  };
}
