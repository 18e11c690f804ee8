import { createHmac } from 'node:crypto';
import { hashInvitationToken } from '../auth/tokens.ts';
import { scheduleInterview } from '../commands/schedule-interview.ts';
import type { AppDeps } from '../deps.ts';
import { upsertParticipant } from '../queries/interviews.ts';
import type { StaffUserRow } from '../queries/staff.ts';

export const DEMO_INTERVIEW = {
  title: 'Live interview: platform engineer',
  challengeSlugs: ['terraform-refactor', 'bad-gateway'],
  durationMinutes: 8 * 60,
  candidate: { name: 'Jordan Live', email: 'jordan@example.com' },
} as const;

/**
 * Today's demo interview, in a slot from now for 8 hours, with the demo interviewer joined: one
 * browser opens the candidate's link, another signs in as the interviewer and opens the room. The
 * token is derived from the session secret and the day, so a restart the same day prints the same link
 * and the next day schedules a fresh slot.
 */
export async function seedDemoInterview(
  deps: Pick<AppDeps, 'db' | 'catalogue' | 'config'>,
  manager: StaffUserRow,
  interviewerId: string,
  today = new Date(),
): Promise<{ token: string; interviewId: string }> {
  const token = createHmac('sha256', deps.config.SESSION_SECRET)
    .update(`demo-interview-${today.toISOString().slice(0, 10)}`)
    .digest('base64url');
  const { rows } = await deps.db.query<{ id: string }>(
    'select v.id from interviews v join invitations i on i.id = v.invitation_id where i.token_hash = $1',
    [hashInvitationToken(token)],
  );
  if (rows[0]) return { token, interviewId: rows[0].id };
  const { interviewId } = await scheduleInterview(
    { ...deps, queue: { enqueue: async () => {} } },
    manager,
    {
      title: DEMO_INTERVIEW.title,
      challengeSlugs: [...DEMO_INTERVIEW.challengeSlugs],
      startsAt: today.toISOString(),
      durationMinutes: DEMO_INTERVIEW.durationMinutes,
      meetingUrl: null,
      candidateName: DEMO_INTERVIEW.candidate.name,
      candidateEmail: DEMO_INTERVIEW.candidate.email,
    },
    { organisationId: manager.organisationId, actorId: manager.id, ip: '127.0.0.1' },
    token,
  );
  await upsertParticipant(deps.db, interviewId, interviewerId, 'interviewer');
  return { token, interviewId };
}
