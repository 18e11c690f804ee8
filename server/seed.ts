import { createHmac } from 'node:crypto';
import { hashPassword } from './auth/passwords.ts';
import { hashInvitationToken } from './auth/tokens.ts';
import type { Catalogue } from './challenges/load.ts';
import type { Config } from './config.ts';
import { type Db, transaction } from './db/pool.ts';
import { seedDemoInterview } from './demo/interview.ts';
import { seedReplayDemo } from './demo/seed-replays.ts';
import { insertAssessment } from './queries/assessments.ts';
import { insertAttempt } from './queries/attempts.ts';
import { insertInvitation } from './queries/invitations.ts';
import { findStaffByEmail, insertOrganisation, insertStaffUser } from './queries/staff.ts';
import { seedComparisonDemo } from './seed-comparison.ts';

export const DEMO = {
  organisation: 'Demo Cloud Co',
  manager: { email: 'manager@demo.gauntlet.dev', password: 'demo-manager-password', name: 'Maya Manager' },
  interviewer: {
    email: 'interviewer@demo.gauntlet.dev',
    password: 'demo-interviewer-password',
    name: 'Ian Interviewer',
  },
  candidate: { name: 'Casey Candidate', email: 'casey@example.com' },
  assessment: {
    title: 'Platform engineer: Terraform refactor',
    challengeSlugs: ['terraform-refactor'],
    timeLimitMinutes: 45,
  },
  incidents: {
    title: 'On-call: live incidents',
    challengeSlugs: ['pegged-database', 'bad-gateway'],
    timeLimitMinutes: 75,
    candidate: { name: 'Robin Responder', email: 'robin@example.com' },
  },
} as const;

export interface DemoSeed {
  managerEmail: string;
  managerPassword: string;
  interviewerEmail: string;
  interviewerPassword: string;
  invitationToken: string;
  /** A second invitation, to the live-incident assessment (terminals on running systems). */
  incidentToken: string;
  /** Today's live interview (the candidate's link, and the room staff open), when the catalogue is given. */
  interview: { token: string; id: string } | null;
}

/**
 * Seeds the demo organisation once (a manager, an interviewer, one assessment, one invitation).
 * The invitation token is derived from the session secret, so the same link can be printed at
 * every start while only its hash is stored. Given the catalogue, it also adds (once, even to an
 * organisation seeded before) a multi-challenge assessment with graded candidates to compare, and
 * candidates who did their work through the platform (the Terraform refactor, a live incident with its
 * terminal session, in an assessment of its own), for the replays (demo/).
 */
export async function seedDemo(
  db: Db,
  config: Config,
  options: { catalogue?: Catalogue } = {},
): Promise<DemoSeed> {
  const invitationToken = createHmac('sha256', config.SESSION_SECRET)
    .update('demo-invitation')
    .digest('base64url');
  const incidentToken = createHmac('sha256', config.SESSION_SECRET)
    .update('demo-incident-invitation')
    .digest('base64url');
  const seed: DemoSeed = {
    managerEmail: DEMO.manager.email,
    managerPassword: DEMO.manager.password,
    interviewerEmail: DEMO.interviewer.email,
    interviewerPassword: DEMO.interviewer.password,
    invitationToken,
    incidentToken,
    interview: null,
  };
  if (!(await findStaffByEmail(db, DEMO.manager.email))) await seedOrganisation(db, invitationToken);
  const [manager, interviewer] = await Promise.all([
    findStaffByEmail(db, DEMO.manager.email),
    findStaffByEmail(db, DEMO.interviewer.email),
  ]);
  if (manager) await seedIncidentDemo(db, manager, incidentToken);
  if (options.catalogue && manager && interviewer?.organisationId === manager.organisationId) {
    const organisation = { id: manager.organisationId, managerId: manager.id, interviewerId: interviewer.id };
    await seedComparisonDemo(db, options.catalogue, organisation);
    await seedReplayDemo({ db, config, catalogue: options.catalogue }, organisation, DEMO.assessment.title);
    const interview = await seedDemoInterview(
      { db, config, catalogue: options.catalogue },
      manager,
      interviewer.id,
    );
    seed.interview = { token: interview.token, id: interview.interviewId };
  }
  return seed;
}

async function seedOrganisation(db: Db, invitationToken: string): Promise<void> {
  const [managerHash, interviewerHash] = await Promise.all([
    hashPassword(DEMO.manager.password),
    hashPassword(DEMO.interviewer.password),
  ]);
  await transaction(db, async (client) => {
    const organisationId = await insertOrganisation(client, DEMO.organisation);
    const managerId = await insertStaffUser(client, {
      organisationId,
      ...DEMO.manager,
      role: 'manager',
      passwordHash: managerHash,
    });
    await insertStaffUser(client, {
      organisationId,
      ...DEMO.interviewer,
      role: 'interviewer',
      passwordHash: interviewerHash,
    });
    const assessmentId = await insertAssessment(client, {
      organisationId,
      ...DEMO.assessment,
      challengeSlugs: [...DEMO.assessment.challengeSlugs],
      createdBy: managerId,
    });
    const invitationId = await insertInvitation(client, {
      organisationId,
      assessmentId,
      candidateName: DEMO.candidate.name,
      candidateEmail: DEMO.candidate.email,
      tokenHash: hashInvitationToken(invitationToken),
      expiresAt: new Date(Date.now() + 30 * 24 * 3600_000),
    });
    await insertAttempt(client, { organisationId, invitationId, assessmentId });
  });
}

/** The live-incident assessment and its invitation, added once (also to an organisation seeded before). */
async function seedIncidentDemo(
  db: Db,
  manager: { id: string; organisationId: string },
  token: string,
): Promise<void> {
  const tokenHash = hashInvitationToken(token);
  const existing = await db.query('select 1 from invitations where token_hash = $1', [tokenHash]);
  if (existing.rowCount) return;
  const { incidents } = DEMO;
  await transaction(db, async (client) => {
    const assessmentId = await insertAssessment(client, {
      organisationId: manager.organisationId,
      title: incidents.title,
      challengeSlugs: [...incidents.challengeSlugs],
      timeLimitMinutes: incidents.timeLimitMinutes,
      createdBy: manager.id,
    });
    const invitationId = await insertInvitation(client, {
      organisationId: manager.organisationId,
      assessmentId,
      candidateName: incidents.candidate.name,
      candidateEmail: incidents.candidate.email,
      tokenHash,
      expiresAt: new Date(Date.now() + 30 * 24 * 3600_000),
    });
    await insertAttempt(client, { organisationId: manager.organisationId, invitationId, assessmentId });
  });
}
