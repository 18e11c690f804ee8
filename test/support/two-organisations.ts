import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hashSessionId, newToken } from '../../server/auth/tokens.ts';
import type { Catalogue } from '../../server/challenges/load.ts';
import { scheduleInterview } from '../../server/commands/schedule-interview.ts';
import { startAttempt } from '../../server/commands/start-attempt.ts';
import type { AppDeps } from '../../server/deps.ts';
import { markAttemptSubmitted } from '../../server/queries/attempts.ts';
import { insertGrading } from '../../server/queries/gradings.ts';
import { findInterview, upsertParticipant } from '../../server/queries/interviews.ts';
import { insertSession } from '../../server/queries/sessions.ts';
import { findStaffById } from '../../server/queries/staff.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { weightedScore } from '../../server/scoring/score.ts';
import type { StoredCheckResult } from '../../server/scoring/types.ts';
import { createTestApiToken } from './api-tokens.ts';
import { createAtsFixture } from './ats-fixture.ts';
import {
  createInvitation,
  createOrganisation,
  createStaffMember,
  storeSubmission,
  type TestOrganisation,
} from './factories.ts';
import { issueScimToken } from './scim.ts';
import { createWebhookFixture } from './webhook-fixture.ts';

/** Who calls a route in the authorization matrix. */
export const CALLERS = [
  'anonymous',
  'candidateA',
  'candidateB',
  'interviewer1',
  'manager1',
  'manager2',
] as const;
export type Caller = (typeof CALLERS)[number];

/** The challenge candidate A submitted (with hidden checks), and the one they still work on. */
export const SUBMITTED_SLUG = 'terraform-refactor';
export const OPEN_SLUG = 'k8s-crashloop-rollback';
/** The live incident in organisation 1's interviews (its complications' route needs one). */
export const LIVE_SLUG = 'pegged-database';

export interface TwoOrganisations {
  org1: TestOrganisation;
  org2: TestOrganisation;
  /** Candidate A: started, SUBMITTED_SLUG submitted and judged, OPEN_SLUG still open. */
  candidateA: { attemptId: string; token: string; gradingId: string };
  /** Candidate B: another started attempt at the same assessment of organisation 1. */
  candidateB: { attemptId: string; token: string };
  /** A third candidate of organisation 1, submitted and graded: what staff review and replay. */
  submittedAttemptId: string;
  /** A fourth, invited and never started: what a manager extends and revokes. */
  pendingAttemptId: string;
  /** A fifth, invited and never started: the one a manager erases on request (candidates' data). */
  erasableAttemptId: string;
  /** Organisation 2's own attempt, so its staff always have data of their own to be answered with. */
  org2AttemptId: string;
  /** A live interview of organisation 1 nobody joined yet (the join route's). */
  freshInterviewId: string;
  /** A live interview of organisation 1 in progress, joined by interviewer 1 only (not manager 1). */
  joinedInterview: { id: string; attemptId: string };
  /** A staff member nobody calls as, whose credentials the sign-in route is called with. */
  signInEmail: string;
  /** An `admin` API token of organisation 1: how /api/v1 routes are reached (they take no cookie). */
  org1ApiToken: { id: string; headers: { authorization: string } };
  /** Another token of organisation 1, for the revoke route (revoking the one above spoils the rest). */
  revocableApiTokenId: string;
  /** Organisation 1's webhook endpoint with one delivery, and another endpoint to delete. */
  webhooks: Awaited<ReturnType<typeof createWebhookFixture>>;
  /** Organisation 1's ATS connections (Lever, generic inbound, one to delete). */
  ats: Awaited<ReturnType<typeof createAtsFixture>>;
  /** A staff member of organisation 1 nobody calls as: the one the deactivation route deactivates. */
  leaverId: string;
  /**
   * Issues organisation 1 a fresh SCIM token (replacing the last, as generating one does) and
   * returns its header: a fresh one per call, so the route that regenerates it spoils no other.
   */
  scimHeadersOf(): Promise<{ authorization: string }>;
  /** Text that appears only in what candidates must never see (hidden checks' details). */
  hiddenMarkers: string[];
  /** Text of organisation 1 that organisation 2's staff must never be answered with. */
  org1Markers: string[];
  /** Opens a fresh session for the caller, straight in the database: the cookie to send, if any. */
  cookieOf(caller: Caller): Promise<string | undefined>;
}

/** A judged submission whose hidden checks carry messages and evidence that must stay hidden. */
async function submitWithHiddenDetails(deps: AppDeps, attemptId: string, organisationId: string) {
  const challenge = deps.catalogue.challenges.get(SUBMITTED_SLUG);
  if (!challenge) throw new Error(`${SUBMITTED_SLUG} is missing`);
  const grading = await insertGrading(deps.db, {
    organisationId,
    attemptId,
    challengeSlug: SUBMITTED_SLUG,
    kind: 'submit',
    files: [],
  });
  const checks: StoredCheckResult[] = challenge.manifest.checks.map((c, i) => ({
    ...c,
    passed: i % 2 === 0,
    score: i % 2 === 0 ? 1 : 0,
    message: c.visible ? `visible message of ${c.id}` : `HIDDEN-MESSAGE-${c.id}`,
    evidence: [c.visible ? `visible evidence of ${c.id}` : `HIDDEN-EVIDENCE-${c.id}`],
  }));
  await recordGrading(deps.db, grading, {
    kind: 'judged',
    checks,
    diagnostics: [],
    score: weightedScore(checks) ?? 0,
    wallMs: 5,
  });
  const hidden = challenge.manifest.checks.filter((c) => !c.visible);
  const markers = hidden.flatMap((c) => [
    `HIDDEN-MESSAGE-${c.id}`,
    `HIDDEN-EVIDENCE-${c.id}`,
    JSON.stringify(c.id),
    c.title,
  ]);
  return { gradingId: grading.id, markers };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/**
 * Lines of a challenge's grader and reference solution that appear nowhere in what the candidate
 * is given (starter files, brief): finding one in a candidate's answer means it leaked.
 */
export function secretLines(catalogue: Catalogue, slug: string): string[] {
  const challenge = catalogue.challenges.get(slug);
  if (!challenge) throw new Error(`${slug} is missing`);
  const given = [challenge.brief, ...challenge.starter.map((f) => f.content)].join('\n');
  const secret = [
    ...(challenge.interviewerGuide ? [challenge.interviewerGuide] : []),
    ...challenge.grader.map((f) => f.content),
    ...filesUnder(path.join(challenge.dir, 'solution')).map((f) => readFileSync(f, 'utf8')),
  ];
  const lines = new Set<string>();
  for (const content of secret) {
    for (const line of content.split('\n').map((l) => l.trim())) {
      if (line.length >= 40 && !given.includes(line)) lines.add(line);
    }
  }
  return [...lines];
}

/** An interview of the organisation in a slot starting now, with a live challenge and OPEN_SLUG. */
async function scheduleFor(deps: AppDeps, org: TestOrganisation, candidateName: string) {
  const manager = await findStaffById(deps.db, org.manager.id);
  if (!manager) throw new Error('no manager');
  const { interviewId } = await scheduleInterview(
    deps,
    manager,
    {
      title: `Interview of ${candidateName}`,
      challengeSlugs: [OPEN_SLUG, LIVE_SLUG],
      startsAt: new Date().toISOString(),
      durationMinutes: 90,
      meetingUrl: null,
      candidateName,
      candidateEmail: `${randomUUID()}@example.com`,
    },
    { organisationId: org.organisationId, actorId: org.manager.id, ip: '127.0.0.1' },
  );
  const interview = await findInterview(deps.db, org.organisationId, interviewId);
  if (!interview) throw new Error('no interview');
  return { interviewId, attemptId: interview.attemptId };
}

/** Organisation 1 (two candidates at work, one submitted, one invited) and organisation 2. */
export async function createTwoOrganisations(deps: AppDeps): Promise<TwoOrganisations> {
  const { db } = deps;
  const org1 = await createOrganisation(db, [SUBMITTED_SLUG, OPEN_SLUG]);
  const org2 = await createOrganisation(db, [SUBMITTED_SLUG]);
  const a = await createInvitation(db, org1, { name: 'Candidate Ada ORG1' });
  const b = await createInvitation(db, org1, { name: 'Candidate Bob ORG1' });
  await startAttempt(deps, a.attemptId);
  await startAttempt(deps, b.attemptId);
  const submitted = await submitWithHiddenDetails(deps, a.attemptId, org1.organisationId);

  const c = await createInvitation(db, org1, { name: 'Candidate Cy ORG1' });
  await storeSubmission(db, deps.catalogue, c.attemptId, SUBMITTED_SLUG, { scores: {} });
  await storeSubmission(db, deps.catalogue, c.attemptId, OPEN_SLUG, { scores: {} });
  await markAttemptSubmitted(db, c.attemptId);
  const d = await createInvitation(db, org1, { name: 'Candidate Di ORG1' });
  const erasable = await createInvitation(db, org1, { name: 'Candidate Ed ORG1' });
  const other = await createInvitation(db, org2, { name: 'Candidate of organisation two' });
  const signIn = await createStaffMember(db, org1, 'interviewer', 'Signs in');
  const freshInterview = await scheduleFor(deps, org1, 'Candidate Fay ORG1');
  const joined = await scheduleFor(deps, org1, 'Candidate Ivy ORG1');
  await upsertParticipant(db, joined.interviewId, org1.interviewer.id, 'interviewer');
  await startAttempt(deps, joined.attemptId);
  const apiToken = await createTestApiToken(db, org1, ['admin']);
  const revocable = await createTestApiToken(db, org1, ['read:results']);
  const webhooks = await createWebhookFixture(deps, org1);
  const ats = await createAtsFixture(deps, org1);

  const leaver = await createStaffMember(db, org1, 'interviewer', 'Leaves');
  const staffOf: Record<Caller, string | undefined> = {
    anonymous: undefined,
    candidateA: undefined,
    candidateB: undefined,
    interviewer1: org1.interviewer.id,
    manager1: org1.manager.id,
    manager2: org2.manager.id,
  };
  const attemptOf: Partial<Record<Caller, string>> = { candidateA: a.attemptId, candidateB: b.attemptId };
  const orgName = async (id: string) =>
    (await db.query<{ name: string }>('select name from organisations where id = $1', [id])).rows[0]?.name ??
    id;
  const assessmentTitle = async (id: string) =>
    (await db.query<{ title: string }>('select title from assessments where id = $1', [id])).rows[0]?.title ??
    id;

  return {
    org1,
    org2,
    candidateA: { attemptId: a.attemptId, token: a.token, gradingId: submitted.gradingId },
    candidateB: { attemptId: b.attemptId, token: b.token },
    submittedAttemptId: c.attemptId,
    pendingAttemptId: d.attemptId,
    erasableAttemptId: erasable.attemptId,
    org2AttemptId: other.attemptId,
    signInEmail: signIn.email,
    leaverId: leaver.id,
    scimHeadersOf: () => issueScimToken(db, org1.organisationId, org1.manager.id),
    org1ApiToken: { id: apiToken.id, headers: apiToken.headers },
    revocableApiTokenId: revocable.id,
    webhooks,
    ats,
    freshInterviewId: freshInterview.interviewId,
    joinedInterview: { id: joined.interviewId, attemptId: joined.attemptId },
    hiddenMarkers: submitted.markers,
    org1Markers: [
      org1.organisationId,
      await orgName(org1.organisationId),
      org1.assessmentId,
      await assessmentTitle(org1.assessmentId),
      org1.manager.email,
      org1.interviewer.email,
      ...[a, b, c, d].flatMap((x) => [x.attemptId, x.email]),
      freshInterview.interviewId,
      joined.interviewId,
      joined.attemptId,
      'ORG1',
    ],
    async cookieOf(caller) {
      const staffUserId = staffOf[caller];
      const attemptId = attemptOf[caller];
      const owner = staffUserId ? { staffUserId } : attemptId ? { attemptId } : undefined;
      if (!owner) return undefined;
      const id = newToken();
      await insertSession(db, {
        idHash: hashSessionId(id, deps.config.SESSION_SECRET),
        ...owner,
        expiresAt: new Date(Date.now() + 3600_000),
      });
      return staffUserId ? `gauntlet_staff=${id}` : `gauntlet_candidate=${id}`;
    },
  };
}
