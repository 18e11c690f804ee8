import type { Catalogue } from '../challenges/load.ts';
import type { AssessmentDetail, InvitationRow } from '../contract/staff.ts';
import type { AssessmentRow } from '../queries/assessments.ts';
import type { InvitationWithAttemptRow } from '../queries/invitations.ts';
import { invitationStatus, presentAssessment } from './staff.ts';

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export function presentInvitation(row: InvitationWithAttemptRow): InvitationRow {
  return {
    attemptId: row.attemptId,
    invitationId: row.invitationId,
    candidateName: row.candidateName,
    candidateEmail: row.candidateEmail,
    status: invitationStatus(row),
    expiresAt: row.expiresAt.toISOString(),
    startedAt: iso(row.startedAt),
    deadlineAt: iso(row.deadlineAt),
    submittedAt: iso(row.submittedAt),
    revokedAt: iso(row.revokedAt),
  };
}

export function presentAssessmentDetail(
  assessment: AssessmentRow,
  catalogue: Catalogue,
  invitations: InvitationWithAttemptRow[],
): AssessmentDetail {
  return {
    assessment: presentAssessment(assessment),
    challenges: assessment.challengeSlugs.map((slug) => {
      const manifest = catalogue.challenges.get(slug)?.manifest;
      return {
        slug,
        title: manifest?.title ?? slug,
        level: manifest?.level ?? 'unknown',
        timeLimitMinutes: manifest?.timeLimitMinutes ?? 0,
      };
    }),
    invitations: invitations.map(presentInvitation),
  };
}
