import { readAttemptReview } from '../commands/read-attempt-review.ts';
import type { CandidateExport } from '../contract/retention.ts';
import type { AppDeps } from '../deps.ts';
import { gone, notFound } from '../errors.ts';
import type { StaffUserRow } from '../queries/staff.ts';
import { type AuditActor, recordAudit } from '../security/audit.ts';
import {
  findExportAccommodation,
  findExportHead,
  findRetentionDays,
  listExportEvents,
  listExportFiles,
  listExportReplayNotes,
} from './queries.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * One candidate's data as JSON, for a manager to hand over on request: the invitation, the attempt,
 * the accommodation, what the review page shows the manager (results, scores, reviews), the saved files, the recorded
 * events and the replay notes. Audited as `candidate.export` (ids only). An erased attempt is 410.
 */
export async function exportCandidateData(
  deps: AppDeps,
  manager: StaffUserRow,
  attemptId: string,
  actor: AuditActor,
): Promise<CandidateExport> {
  const head = await findExportHead(deps.db, manager.organisationId, attemptId);
  if (!head) throw notFound('The attempt');
  if (head.erasedAt) {
    throw gone(`This candidate's data was erased on ${head.erasedAt.toUTCString()}.`, 'attempt_erased');
  }
  const [review, files, events, replayNotes, retentionDays, accommodation] = await Promise.all([
    readAttemptReview(deps, manager, attemptId),
    listExportFiles(deps.db, attemptId),
    listExportEvents(deps.db, attemptId),
    listExportReplayNotes(deps.db, attemptId),
    findRetentionDays(deps.db, manager.organisationId),
    findExportAccommodation(deps.db, attemptId),
  ]);
  await recordAudit(deps.db, actor, {
    action: 'candidate.export',
    target: { type: 'attempt', id: attemptId },
    details: { invitationId: head.invitationId },
  });
  return {
    exportedAt: new Date().toISOString(),
    organisation: { retentionDays },
    candidate: { name: head.candidateName, email: head.candidateEmail, timeZone: head.timeZone },
    invitation: {
      id: head.invitationId,
      createdAt: head.invitedAt.toISOString(),
      expiresAt: head.expiresAt.toISOString(),
      revokedAt: iso(head.revokedAt),
    },
    attempt: {
      id: attemptId,
      assessmentTitle: head.assessmentTitle,
      startedAt: iso(head.startedAt),
      deadlineAt: iso(head.deadlineAt),
      submittedAt: iso(head.submittedAt),
    },
    accommodation,
    // The candidate's results, not the panel's: how each interviewer rates against the others (the
    // calibration) is data about staff, and stays on the staff pages.
    review: { ...review, calibration: null },
    files: files.map((f) => ({ ...f, updatedAt: f.updatedAt.toISOString() })),
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
    replayNotes: replayNotes.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
  };
}
