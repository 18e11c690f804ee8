/**
 * A world for the candidate-feedback leak tests: an attempt whose final submission carries hidden
 * checks, reviewers' notes, an accommodation note, a reference solution and another candidate's
 * figures, each holding a unique marker a report must never contain, plus one visible message
 * (`SHOWN`) the report must contain, which proves the search would find a marker that got through.
 */
import { randomBytes } from 'node:crypto';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { type Catalogue, CHALLENGES_DIR } from '../../server/challenges/load.ts';
import type { Db } from '../../server/db/pool.ts';
import { markAttemptStarted, markAttemptSubmitted } from '../../server/queries/attempts.ts';
import { insertGrading } from '../../server/queries/gradings.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import type { StoredCheckResult } from '../../server/scoring/types.ts';
import { createInvitation, PASSWORD, type TestOrganisation } from './factories.ts';
import { Client } from './http.ts';

export const FEEDBACK_SLUG = 'terraform-refactor';

const marker = (what: string) => `PLANTED${what}${randomBytes(5).toString('hex').toUpperCase()}`;

/** What must never appear in a candidate's report, page or mail. */
export const MARKERS = {
  hiddenTitle: marker('HIDDENTITLE'),
  hiddenMessage: marker('HIDDENMESSAGE'),
  hiddenEvidence: marker('HIDDENEVIDENCE'),
  visibleEvidence: marker('VISIBLEEVIDENCE'),
  reviewNote: marker('REVIEWNOTE'),
  reviewSummary: marker('REVIEWSUMMARY'),
  replayNote: marker('REPLAYNOTE'),
  accommodationNote: marker('ACCOMMODATIONNOTE'),
  reference: marker('REFERENCE'),
  interviewerGuide: marker('INTERVIEWERGUIDE'),
  otherName: marker('OTHERNAME'),
  otherMessage: marker('OTHERMESSAGE'),
  /** Another candidate's score, stored as their submission's and their auto scores. */
  otherScore: '13.57',
};

/** A visible check's message: the report must show it. */
export const SHOWN = marker('SHOWN');

/** The markers found in a text (case-insensitive): a leak test expects `[]`. */
export function leakedMarkers(text: string): string[] {
  const lower = text.toLowerCase();
  return Object.entries(MARKERS)
    .filter(([, value]) => lower.includes(value.toLowerCase()))
    .map(([name]) => name);
}

/**
 * A copy of the real catalogue's terraform-refactor package and rubric whose reference solution
 * and interviewer's guide carry markers: the server then holds them as it would the real ones.
 */
export async function plantedChallengesRoot(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'gauntlet-feedback-'));
  await cp(path.join(CHALLENGES_DIR, 'rubric.yaml'), path.join(root, 'rubric.yaml'));
  await cp(path.join(CHALLENGES_DIR, FEEDBACK_SLUG), path.join(root, FEEDBACK_SLUG), { recursive: true });
  const pkg = path.join(root, FEEDBACK_SLUG);
  await appendFile(path.join(pkg, 'solution', 'storage.tf'), `\n# ${MARKERS.reference}\n`);
  await appendFile(path.join(pkg, 'INTERVIEWER.md'), `\n${MARKERS.interviewerGuide}\n`);
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/** Visible checks that pass; the rest fail. Hidden checks fail, so only visible ones decide. */
const PASSING = new Set([
  'no-hardcoded-credentials',
  'infrastructure-preserved',
  'web-server-module',
  'ssh-not-public',
  's3-encrypted',
  'resources-tagged',
]);

/** The planted submission's results: every hidden field of every check carries a marker. */
function plantedChecks(catalogue: Catalogue): StoredCheckResult[] {
  const manifest = catalogue.challenges.get(FEEDBACK_SLUG)?.manifest;
  if (!manifest) throw new Error(`no ${FEEDBACK_SLUG} in the catalogue`);
  return manifest.checks.map((c): StoredCheckResult => {
    if (c.visible) {
      const passed = PASSING.has(c.id);
      return {
        ...c,
        passed,
        score: passed ? 1 : 0,
        message:
          c.id === 'no-hardcoded-credentials' ? SHOWN : `${c.id} ${passed ? 'holds' : 'does not hold'}`,
        evidence: [MARKERS.visibleEvidence, `expected, as in the reference: ${MARKERS.reference}`],
      };
    }
    return {
      ...c,
      title: `${MARKERS.hiddenTitle} ${c.title}`,
      passed: false,
      score: 0,
      message: MARKERS.hiddenMessage,
      evidence: [MARKERS.hiddenEvidence],
    };
  });
}

/** Stores a submitted attempt's one submission through the worker's record path (which announces it). */
async function submit(db: Db, attemptId: string, checks: StoredCheckResult[], score: number) {
  const { rows } = await db.query<{ organisationId: string }>(
    'select organisation_id as "organisationId" from attempts where id = $1',
    [attemptId],
  );
  await markAttemptStarted(db, attemptId, 45);
  const grading = await insertGrading(db, {
    organisationId: rows[0]?.organisationId ?? '',
    attemptId,
    challengeSlug: FEEDBACK_SLUG,
    kind: 'submit',
    files: [],
  });
  await markAttemptSubmitted(db, attemptId);
  await recordGrading(db, grading, { kind: 'judged', checks, diagnostics: [], score, wallMs: 5 });
}

export async function signedInManager(baseUrl: string, email: string): Promise<Client> {
  const client = new Client(baseUrl);
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

/**
 * Plants the world in `org` (whose assessment must be terraform-refactor's): feedback set as asked,
 * another candidate graded first, then the candidate with an accommodation note, the planted
 * submission, a review and a replay note. Returns the candidate's invitation.
 */
export async function plantFeedbackWorld(
  db: Db,
  baseUrl: string,
  catalogue: Catalogue,
  org: TestOrganisation,
  /** `feedback`: set through the API first; left as it is when undefined (a test set it on the page). */
  options: { feedback?: boolean; candidateName?: string },
) {
  const manager = await signedInManager(baseUrl, org.manager.email);
  if (options.feedback !== undefined) {
    const setting = await manager.put(`/api/staff/assessments/${org.assessmentId}/feedback`, {
      candidateFeedback: options.feedback,
    });
    expect(setting.status).toBe(200);
  }

  const other = await createInvitation(db, org, { name: MARKERS.otherName });
  const otherChecks = plantedChecks(catalogue).map((c) => ({ ...c, message: MARKERS.otherMessage }));
  await submit(db, other.attemptId, otherChecks, Number(MARKERS.otherScore));
  await db.query(`update attempt_scores set score = $2 where attempt_id = $1`, [
    other.attemptId,
    MARKERS.otherScore,
  ]);

  const candidate = await createInvitation(db, org, { name: options.candidateName ?? 'Fiona Feedback' });
  const accommodated = await manager.put(`/api/staff/attempts/${candidate.attemptId}/accommodation`, {
    extraTime: { kind: 'percent', percent: 25 },
    note: MARKERS.accommodationNote,
  });
  expect(accommodated.status).toBe(200);
  await submit(db, candidate.attemptId, plantedChecks(catalogue), 61.25);

  const ratings = Object.fromEntries(
    ['architecture', 'iac', 'security', 'operations'].map((d) => [
      d,
      { rating: 2, notes: MARKERS.reviewNote },
    ]),
  );
  const review = await manager.post(`/api/staff/attempts/${candidate.attemptId}/review`, {
    ratings,
    recommendation: 'no',
    summary: MARKERS.reviewSummary,
  });
  expect(review.status, JSON.stringify(review.body)).toBe(201);
  const note = await manager.post(`/api/staff/attempts/${candidate.attemptId}/replay/notes`, {
    challengeSlug: FEEDBACK_SLUG,
    seq: 0,
    body: MARKERS.replayNote,
  });
  expect(note.status, JSON.stringify(note.body)).toBeLessThan(300);
  return candidate;
}

/** The feedback mails stored for a recipient, subject and both bodies. */
export async function feedbackMailsOf(db: Db, recipient: string) {
  const { rows } = await db.query<{ subject: string; text: string; html: string; subjectId: string }>(
    `select subject, text_body as text, html_body as html, subject_id as "subjectId"
     from outbox where kind = 'feedback' and recipient = $1 order by created_at`,
    [recipient],
  );
  return rows;
}
