import type { Queryable } from '../db/pool.ts';
import { storeMail } from '../mail/outbox.ts';
import { feedbackReadyMail } from '../mail/templates.ts';
import { finalSubmissions } from './queries.ts';

/**
 * Stores the candidate's "feedback is ready" notice when their assessment gives feedback; called
 * by server/announce.ts once the attempt's final grading is recorded. Once per attempt: the
 * outbox keeps one message per (kind, subject), so a repeated announcement stores nothing more.
 */
export async function mailFeedbackReady(db: Queryable, attemptId: string): Promise<void> {
  const { rows } = await db.query<{
    organisationId: string;
    organisation: string;
    candidateName: string;
    candidateEmail: string;
    title: string;
  }>(
    `select t.organisation_id as "organisationId", o.name as organisation, i.candidate_name as "candidateName",
       i.candidate_email as "candidateEmail", a.title
     from attempts t
     join assessments a on a.id = t.assessment_id
     join invitations i on i.id = t.invitation_id
     join organisations o on o.id = t.organisation_id
     where t.id = $1 and a.candidate_feedback and t.erased_at is null and i.erased_at is null`,
    [attemptId],
  );
  const facts = rows[0];
  if (!facts) return;
  // "Graded" only when the report will have a verdict for every submitted challenge (a grading
  // that gave up reads "not graded" there, and the mail must not promise more).
  const submissions = await finalSubmissions(db, attemptId);
  const allGraded = submissions.length > 0 && submissions.every((s) => s.status === 'done' && s.checks);
  await storeMail(db, {
    organisationId: facts.organisationId,
    recipient: facts.candidateEmail,
    kind: 'feedback',
    subjectId: attemptId,
    ...feedbackReadyMail({ ...facts, allGraded }),
  });
}
