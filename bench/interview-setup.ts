/** What both live-interview benchmarks share: an organisation scheduling interviews, the candidate's entry, waits. */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { hashSessionId, newToken } from '../server/auth/tokens.ts';
import type { Catalogue } from '../server/challenges/load.ts';
import { scheduleInterview } from '../server/commands/schedule-interview.ts';
import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/pool.ts';
import type { AppDeps } from '../server/deps.ts';
import { findInterview, upsertParticipant } from '../server/queries/interviews.ts';
import { insertSession } from '../server/queries/sessions.ts';
import { findStaffById, insertOrganisation, insertStaffUser } from '../server/queries/staff.ts';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The 1, 5 and 15-minute load averages, to two decimals. */
export const load = () => loadavg().map((n) => Math.round(n * 100) / 100);

/** An organisation with a manager, who schedules interviews straight through the command. */
export async function organisation(db: Db, config: Config, catalogue: Catalogue) {
  const organisationId = await insertOrganisation(db, 'Bench interviews');
  const staff = (name: string, role: 'manager' | 'interviewer') =>
    insertStaffUser(db, {
      organisationId,
      email: `${randomUUID()}@bench.example.com`,
      name,
      role,
      // Nobody signs in: sessions are inserted directly.
      passwordHash: 'bench-never-signs-in',
    });
  const manager = await findStaffById(db, await staff('Bench Manager', 'manager'));
  if (!manager) throw new Error('the bench manager vanished');
  const deps: AppDeps = { config, db, catalogue, queue: { enqueue: async () => {} } };
  return {
    /** A slot starting now, one challenge, and `interviewers` staff members joined as interviewers. */
    async interview(index: number, slug: string, interviewers: number) {
      const { interviewId, token } = await scheduleInterview(
        deps,
        manager,
        {
          title: `Bench interview ${index}`,
          challengeSlugs: [slug],
          startsAt: new Date().toISOString(),
          durationMinutes: 120,
          meetingUrl: null,
          candidateName: `Candidate ${index}`,
          candidateEmail: `candidate-${index}-${randomUUID()}@bench.example.com`,
        },
        { organisationId, actorId: manager.id, ip: '127.0.0.1' },
      );
      const row = await findInterview(db, organisationId, interviewId);
      if (!row) throw new Error(`interview ${interviewId} vanished`);
      const staffCookies: string[] = [];
      for (let k = 0; k < interviewers; k += 1) {
        const staffUserId = await staff(`Interviewer ${index}.${k + 1}`, 'interviewer');
        await upsertParticipant(db, interviewId, staffUserId, 'interviewer');
        const sessionId = newToken();
        await insertSession(db, {
          idHash: hashSessionId(sessionId, config.SESSION_SECRET),
          staffUserId,
          expiresAt: new Date(Date.now() + 3600_000),
        });
        staffCookies.push(`gauntlet_staff=${sessionId}`);
      }
      return { interviewId, attemptId: row.attemptId, token, staffCookies };
    },
  };
}

/** The candidate opens their link and starts: their cookie. */
export async function enterAndStart(base: string, token: string): Promise<string> {
  const enter = await fetch(`${base}/api/candidate/enter`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (enter.status !== 204) throw new Error(`enter: ${enter.status} ${await enter.text()}`);
  const cookie = enter.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const start = await fetch(`${base}/api/candidate/attempt/start`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: '{}',
  });
  if (start.status !== 200) throw new Error(`start: ${start.status} ${await start.text()}`);
  return cookie;
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
}
