/**
 * The demo's candidate on a live incident: the bad-gateway session recorded from a real
 * environment (incident-recording.json), in an assessment of its own so the attempt is fully
 * submitted when it is moved into the past (the time-out sweep would grade an open one with no
 * environment).
 */
import type { Db } from '../db/pool.ts';
import { incidentRecording } from './incident-recording.ts';
import { INCIDENT_SLUG } from './incident-session.ts';
import { filesKey, type WorkspaceFiles } from './session.ts';
import type { DemoCandidate } from './terraform-candidates.ts';

export const INCIDENT_ASSESSMENT = {
  title: 'On-call: the shop answers 502',
  challengeSlugs: [INCIDENT_SLUG],
  timeLimitMinutes: 30,
} as const;

/** The live-incident candidates, given the challenge's starter (the recording's edits are offsets into it). */
export function incidentCandidates(starter: WorkspaceFiles): DemoCandidate[] {
  const recording = incidentRecording();
  if (recording.starterKey !== filesKey(INCIDENT_SLUG, starter))
    throw new Error(
      `demo seed: ${INCIDENT_SLUG}'s starter changed since the demo session was recorded (run server/demo/record-incident.ts)`,
    );
  return [
    {
      name: 'Mei Tanaka',
      email: 'mei@example.com',
      startedHoursAgo: 3,
      steps: recording.steps,
      environmentReadyMs: recording.readyMs,
      review: {
        recommendation: 'yes',
        summary:
          'Followed the request path with evidence: the error log, ss, the README, then the journal and df ' +
          'once the port fix alone still gave 502. Checked the rotated log before deleting it and kept ' +
          'access.log. Good note; would have liked logrotate set up, not only proposed. (demo)',
        ratings: { operations: 3, security: 3 },
      },
    },
  ];
}

/**
 * The environment's record, as the platform leaves it after a submission: started when the page
 * asked for it, ready `readyMs` later (when the shell opened), ended by the submission.
 */
export async function recordEndedEnvironment(
  db: Db,
  attemptId: string,
  slug: string,
  readyMs: number,
  times: { readyAtMs: number; lastActiveMs: number; endedMs: number },
): Promise<void> {
  await db.query(
    `insert into live_environments (organisation_id, attempt_id, challenge_slug, status, ready_ms,
       created_at, ready_at, last_active_at, ended_at, end_reason)
     select organisation_id, id, $2, 'ended', $3,
       started_at + make_interval(secs => $4::float8 / 1000), started_at + make_interval(secs => $5::float8 / 1000),
       started_at + make_interval(secs => $6::float8 / 1000), started_at + make_interval(secs => $7::float8 / 1000),
       'the challenge was submitted'
     from attempts where id = $1`,
    [attemptId, slug, readyMs, times.readyAtMs - readyMs, times.readyAtMs, times.lastActiveMs, times.endedMs],
  );
}
