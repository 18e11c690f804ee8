import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../server/auth/passwords.ts';
import { hashInvitationToken } from '../../server/auth/tokens.ts';
import type { Catalogue } from '../../server/challenges/load.ts';
import type { Db } from '../../server/db/pool.ts';
import { insertAssessment } from '../../server/queries/assessments.ts';
import {
  findAttempt,
  insertAttempt,
  markAttemptStarted,
  markAttemptSubmitted,
} from '../../server/queries/attempts.ts';
import { insertGrading } from '../../server/queries/gradings.ts';
import { insertInvitation } from '../../server/queries/invitations.ts';
import { insertOrganisation, insertStaffUser } from '../../server/queries/staff.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { weightedScore } from '../../server/scoring/score.ts';
import type { StoredCheckResult } from '../../server/scoring/types.ts';

export const PASSWORD = 'correct horse battery staple';
let passwordHash: Promise<string> | undefined;

export interface TestOrganisation {
  organisationId: string;
  manager: { id: string; email: string };
  interviewer: { id: string; email: string };
  assessmentId: string;
}

/** An organisation with a manager, an interviewer (both with PASSWORD) and one assessment. */
export async function createOrganisation(
  db: Db,
  challengeSlugs = ['terraform-refactor'],
): Promise<TestOrganisation> {
  passwordHash ??= hashPassword(PASSWORD);
  const suffix = randomBytes(4).toString('hex');
  const organisationId = await insertOrganisation(db, `Org ${suffix}`);
  const managerEmail = `manager-${suffix}@example.com`;
  const interviewerEmail = `interviewer-${suffix}@example.com`;
  const managerId = await insertStaffUser(db, {
    organisationId,
    email: managerEmail,
    name: 'Manager',
    role: 'manager',
    passwordHash: await passwordHash,
  });
  const interviewerId = await insertStaffUser(db, {
    organisationId,
    email: interviewerEmail,
    name: 'Interviewer',
    role: 'interviewer',
    passwordHash: await passwordHash,
  });
  const assessmentId = await insertAssessment(db, {
    organisationId,
    title: `Assessment ${suffix}`,
    challengeSlugs,
    timeLimitMinutes: 45,
    createdBy: managerId,
  });
  return {
    organisationId,
    manager: { id: managerId, email: managerEmail },
    interviewer: { id: interviewerId, email: interviewerEmail },
    assessmentId,
  };
}

/** An invitation (and its attempt) to the organisation's assessment; returns the link's token. */
export async function createInvitation(
  db: Db,
  org: TestOrganisation,
  options: { expiresAt?: Date; name?: string; variantSeed?: number | null } = {},
): Promise<{ token: string; attemptId: string; email: string }> {
  const token = randomBytes(32).toString('base64url');
  const email = `candidate-${randomBytes(4).toString('hex')}@example.com`;
  const invitationId = await insertInvitation(db, {
    organisationId: org.organisationId,
    assessmentId: org.assessmentId,
    candidateName: options.name ?? 'Candidate',
    candidateEmail: email,
    tokenHash: hashInvitationToken(token),
    expiresAt: options.expiresAt ?? new Date(Date.now() + 7 * 24 * 3600_000),
    variantSeed: options.variantSeed ?? null,
  });
  const attemptId = await insertAttempt(db, {
    organisationId: org.organisationId,
    invitationId,
    assessmentId: org.assessmentId,
  });
  return { token, attemptId, email };
}

/**
 * A submitted, graded challenge stored through the worker's record path (recordGrading), with a
 * score 0-1 per declared check (missing ids score 0), or a grader error. Marks the attempt started,
 * and submitted once `submitAttempt` is set.
 */
export async function storeSubmission(
  db: Db,
  catalogue: Catalogue,
  attemptId: string,
  slug: string,
  outcome: { scores: Record<string, number> } | { graderError: string; tampering?: boolean },
  options: { submitAttempt?: boolean } = {},
): Promise<string> {
  const challenge = catalogue.challenges.get(slug);
  if (!challenge) throw new Error(`no challenge ${slug} in the catalogue`);
  const attempt = await findAttempt(db, attemptId);
  if (!attempt) throw new Error(`no attempt ${attemptId}`);
  await markAttemptStarted(db, attemptId, attempt.timeLimitMinutes);
  const grading = await insertGrading(db, {
    organisationId: attempt.organisationId,
    attemptId,
    challengeSlug: slug,
    kind: 'submit',
    files: [],
  });
  if (options.submitAttempt) await markAttemptSubmitted(db, attemptId);
  if ('graderError' in outcome) {
    await recordGrading(db, grading, {
      kind: 'grader_error',
      error: outcome.graderError,
      wallMs: 5,
      tampering: outcome.tampering === true,
    });
    return grading.id;
  }
  const checks: StoredCheckResult[] = challenge.manifest.checks.map((c) => {
    const score = outcome.scores[c.id] ?? 0;
    return {
      ...c,
      passed: score === 1,
      score,
      message: `scored ${score}`,
      evidence: [`evidence of ${c.id}`],
    };
  });
  await recordGrading(db, grading, {
    kind: 'judged',
    checks,
    diagnostics: [],
    score: weightedScore(checks) ?? 0,
    wallMs: 5,
  });
  return grading.id;
}

/** Another staff member of the organisation (password PASSWORD). */
export async function createStaffMember(
  db: Db,
  org: TestOrganisation,
  role: 'manager' | 'interviewer',
  name = role === 'manager' ? 'Another Manager' : 'Another Interviewer',
): Promise<{ id: string; email: string }> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${role}-${randomBytes(4).toString('hex')}@example.com`;
  const id = await insertStaffUser(db, {
    organisationId: org.organisationId,
    email,
    name,
    role,
    passwordHash: await passwordHash,
  });
  return { id, email };
}
