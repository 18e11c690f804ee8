import type { AppDeps } from '../deps.ts';
import { conflict, HttpError, notFound } from '../errors.ts';
import { runComplication } from '../live/complications.ts';
import { environmentKey } from '../live/manager.ts';
import type { InterviewRow } from '../queries/interviews.ts';
import type { StaffUserRow } from '../queries/staff.ts';
import { type AuditActor, recordAudit } from '../security/audit.ts';
import { appendServerEvents } from './append-server-events.ts';

/** How much of a complication script's output the interviewer sees (it may help when one fails). */
const MAX_OUTPUT = 4000;

/**
 * Runs one of a live challenge's complications in the candidate's running environment, as the
 * service's own user, and puts it on the replay's timeline with its author, whether it worked or
 * not. The checks that run afterwards judge the system as the complication left it.
 */
export async function triggerComplication(
  deps: AppDeps,
  input: {
    interview: InterviewRow;
    user: StaffUserRow;
    challengeSlug: string;
    complicationId: string;
    actor: AuditActor;
  },
): Promise<{ ok: boolean; output: string }> {
  const { interview, challengeSlug, complicationId } = input;
  if (!interview.challengeSlugs.includes(challengeSlug)) throw notFound(`Challenge ${challengeSlug}`);
  const challenge = deps.catalogue.challenges.get(challengeSlug);
  const complication = challenge?.manifest.live?.complications?.find((c) => c.id === complicationId);
  if (!challenge || !complication) throw notFound(`Complication ${complicationId} of ${challengeSlug}`);
  if (!deps.live) throw new HttpError(503, 'live_unavailable', 'This server runs no live environments.');
  const env = await deps.live.findReady(interview.attemptId, challengeSlug);
  if (!env)
    throw conflict('The candidate’s environment is not running: it starts when they open the challenge.');
  const result = await runComplication({
    environments: env.environments,
    challenge,
    key: environmentKey(interview.attemptId, challengeSlug),
    complicationId,
  });
  await appendServerEvents(deps.db, {
    organisationId: interview.organisationId,
    attemptId: interview.attemptId,
    challengeSlug,
    events: [
      {
        kind: 'complication',
        payload: { id: complication.id, title: complication.title, ok: result.ok },
        authorId: input.user.id,
      },
    ],
  });
  await recordAudit(deps.db, input.actor, {
    action: 'interview.complication',
    target: { type: 'interview', id: interview.id },
    details: { challengeSlug, complicationId, ok: result.ok },
  });
  return { ok: result.ok, output: result.output.slice(-MAX_OUTPUT) };
}
