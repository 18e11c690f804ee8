import { createHash } from 'node:crypto';
import { hashInvitationToken, newToken } from './auth/tokens.ts';
import type { Catalogue } from './challenges/load.ts';
import type { Db } from './db/pool.ts';
import { insertAssessment } from './queries/assessments.ts';
import { insertAttempt, markAttemptStarted, markAttemptSubmitted } from './queries/attempts.ts';
import { insertGrading } from './queries/gradings.ts';
import { insertInvitation } from './queries/invitations.ts';
import { insertReview } from './queries/reviews.ts';
import { recordGrading } from './scoring/record.ts';
import { weightedScore } from './scoring/score.ts';
import type { StoredCheckResult } from './scoring/types.ts';

export const DEMO_COMPARISON = {
  title: 'Platform engineer: infrastructure loop',
  challengeSlugs: ['terraform-refactor', 'k8s-crashloop-rollback', 'cicd-canary'],
  timeLimitMinutes: 150,
  /** How strong each demo candidate is (the share of checks they pass); one grader error shows how it looks. */
  candidates: [
    { name: 'Priya Patel', email: 'priya@example.com', strength: 0.92 },
    { name: 'Tom Becker', email: 'tom@example.com', strength: 0.66 },
    { name: 'Lena Novak', email: 'lena@example.com', strength: 0.45, graderError: 'cicd-canary' },
    { name: 'Omar Haddad', email: 'omar@example.com', strength: 0.25 },
  ],
} as const;

/** A stable number in [0, 1) for a candidate and a check, so the demo is the same at every start. */
const draw = (...parts: string[]): number =>
  createHash('sha256').update(parts.join('/')).digest().readUInt32BE(0) / 2 ** 32;

/** Check results as a grader would store them: a pass, partial credit or a fail per declared check. */
function demoChecks(
  catalogue: Catalogue,
  slug: string,
  email: string,
  strength: number,
): StoredCheckResult[] {
  const manifest = catalogue.challenges.get(slug)?.manifest;
  if (!manifest) throw new Error(`demo seed: ${slug} is not in the catalogue`);
  return manifest.checks.map((check) => {
    const roll = draw(email, slug, check.id);
    const score = roll < strength ? 1 : roll < strength + 0.15 ? 0.5 : 0;
    return {
      ...check,
      passed: score === 1,
      score,
      message:
        score === 1 ? 'Passed (demo data).' : score > 0 ? 'Partly met (demo data).' : 'Not met (demo data).',
      evidence: [],
    };
  });
}

/**
 * Adds the comparison demo to the demo organisation once: a three-challenge assessment and four
 * submitted candidates whose gradings go through the worker's record path (so the auto scores are
 * computed, never typed), one grader error, and one interviewer review.
 */
export async function seedComparisonDemo(
  db: Db,
  catalogue: Catalogue,
  organisation: { id: string; managerId: string; interviewerId: string },
): Promise<void> {
  const existing = await db.query('select 1 from assessments where organisation_id = $1 and title = $2', [
    organisation.id,
    DEMO_COMPARISON.title,
  ]);
  if (existing.rowCount) return;
  const slugs = DEMO_COMPARISON.challengeSlugs.filter((slug) => catalogue.challenges.has(slug));
  if (slugs.length === 0) return;
  const assessmentId = await insertAssessment(db, {
    organisationId: organisation.id,
    title: DEMO_COMPARISON.title,
    challengeSlugs: slugs,
    timeLimitMinutes: DEMO_COMPARISON.timeLimitMinutes,
    createdBy: organisation.managerId,
  });
  for (const candidate of DEMO_COMPARISON.candidates) {
    const invitationId = await insertInvitation(db, {
      organisationId: organisation.id,
      assessmentId,
      candidateName: candidate.name,
      candidateEmail: candidate.email,
      tokenHash: hashInvitationToken(newToken()),
      expiresAt: new Date(Date.now() + 14 * 24 * 3600_000),
    });
    const attemptId = await insertAttempt(db, {
      organisationId: organisation.id,
      invitationId,
      assessmentId,
    });
    await markAttemptStarted(db, attemptId, DEMO_COMPARISON.timeLimitMinutes);
    await markAttemptSubmitted(db, attemptId);
    for (const slug of slugs) {
      const grading = await insertGrading(db, {
        organisationId: organisation.id,
        attemptId,
        challengeSlug: slug,
        kind: 'submit',
        files: [],
      });
      if ('graderError' in candidate && candidate.graderError === slug) {
        await recordGrading(db, grading, {
          kind: 'grader_error',
          error: 'grader timed out (demo)',
          wallMs: 20_000,
        });
        continue;
      }
      const checks = demoChecks(catalogue, slug, candidate.email, candidate.strength);
      await recordGrading(db, grading, {
        kind: 'judged',
        checks,
        diagnostics: [],
        score: weightedScore(checks) ?? 0,
        wallMs: 900,
      });
    }
    if (candidate === DEMO_COMPARISON.candidates[0]) {
      await insertReview(db, {
        organisationId: organisation.id,
        attemptId,
        reviewerId: organisation.interviewerId,
        recommendation: 'strong_yes',
        summary: 'Methodical: rolled back first, then fixed the probes. Clear moved blocks. (demo)',
        ratings: ['architecture', 'iac', 'cicd', 'security', 'operations'].map((dimension, i) => ({
          dimension: dimension as StoredCheckResult['dimension'],
          rating: i % 2 === 0 ? 4 : 3,
          notes: '',
        })),
      });
    }
  }
}
