import { type Request, Router } from 'express';
import { requireStaff } from '../auth/guards.ts';
import { idParam } from '../auth/roles.ts';
import { attemptPhase } from '../commands/attempt-state.ts';
import { scheduleInterview } from '../commands/schedule-interview.ts';
import { triggerComplication } from '../commands/trigger-complication.ts';
import {
  complicationRequestSchema,
  interviewNoteRequestSchema,
  interviewRatingsRequestSchema,
  joinInterviewRequestSchema,
  scheduleInterviewRequestSchema,
} from '../contract/interview.ts';
import type { AppDeps } from '../deps.ts';
import { forbidden, notFound } from '../errors.ts';
import { presentInterviewRoom, presentInterviewSummary } from '../presenters/interview.ts';
import { submittedSlugs } from '../queries/gradings.ts';
import {
  findInterview,
  type InterviewRow,
  lastSeq,
  listInterviews,
  listOwnNotes,
  listRatings,
  setRatings,
  upsertParticipant,
} from '../queries/interviews.ts';
import { insertReplayNote } from '../queries/replay-notes.ts';
import type { StaffUserRow } from '../queries/staff.ts';
import { auditActor, audited, recordAudit } from '../security/audit.ts';

/** The role this staff member joined with, or a 403 naming what they must do first. */
export function participantRole(interview: InterviewRow, user: StaffUserRow) {
  return interview.participants.find((p) => p.staffUserId === user.id)?.role ?? null;
}

/**
 * Live interviews on the staff side: schedule one, list them, join one (as interviewer or shadow),
 * and the interviewer's own panel (notes, quick ratings, complications). Everything is scoped to the
 * staff member's organisation; another organisation's interview is "not found".
 */
export function interviewRoutes(deps: AppDeps): Router {
  const router = Router();

  const staffInterview = async (req: Request<{ id: string }>) => {
    const user = await requireStaff(req, deps);
    const interview = await findInterview(
      deps.db,
      user.organisationId,
      idParam(req.params.id, 'The interview'),
    );
    if (!interview) throw notFound('The interview');
    return { user, interview, role: participantRole(interview, user) };
  };

  router.post('/interviews', async (req, res) => {
    const user = await requireStaff(req, deps);
    const body = scheduleInterviewRequestSchema.parse(req.body);
    const { interviewId, token } = await scheduleInterview(deps, user, body, auditActor(req, user));
    const interview = await findInterview(deps.db, user.organisationId, interviewId);
    if (!interview) throw notFound('The interview');
    res.status(201).json({ interview: presentInterviewSummary(interview), link: `/invite/${token}` });
  });

  router.get('/interviews', async (req, res) => {
    const user = await requireStaff(req, deps);
    const interviews = await listInterviews(deps.db, user.organisationId);
    res.json({ interviews: interviews.map(presentInterviewSummary) });
  });

  router.get('/interviews/:id', async (req, res) => {
    const { user, interview, role } = await staffInterview(req);
    const submitted = new Set(await submittedSlugs(deps.db, interview.attemptId));
    const notes = role ? await listOwnNotes(deps.db, interview.attemptId, user.id) : [];
    const ratings = role ? await listRatings(deps.db, interview.id, user.id) : {};
    res.json(presentInterviewRoom(interview, deps.catalogue, { user, role, submitted, notes, ratings }));
  });

  router.post('/interviews/:id/join', async (req, res) => {
    const { user, interview } = await staffInterview(req);
    const { role } = joinInterviewRequestSchema.parse(req.body);
    await audited(deps.db, auditActor(req, user), async (client) => {
      await upsertParticipant(client, interview.id, user.id, role);
      return {
        result: null,
        audit: {
          action: 'interview.join',
          target: { type: 'interview', id: interview.id },
          details: { role },
        },
      };
    });
    res.status(204).end();
  });

  /** A private note, pinned to the replay's newest moment: it becomes one of the replay's notes. */
  router.post('/interviews/:id/notes', async (req, res) => {
    const { user, interview, role } = await staffInterview(req);
    if (!role) throw forbidden('Join the interview first.');
    const { challengeSlug, body } = interviewNoteRequestSchema.parse(req.body);
    if (!interview.challengeSlugs.includes(challengeSlug)) throw notFound(`Challenge ${challengeSlug}`);
    const note = await insertReplayNote(deps.db, {
      organisationId: interview.organisationId,
      attemptId: interview.attemptId,
      authorId: user.id,
      challengeSlug,
      seq: await lastSeq(deps.db, interview.attemptId),
      body,
    });
    await recordAudit(deps.db, auditActor(req, user), {
      action: 'replay_note.create',
      target: { type: 'replay_note', id: note.id },
    });
    res.status(201).json({ ...note, createdAt: note.createdAt.toISOString() });
  });

  router.put('/interviews/:id/ratings', async (req, res) => {
    const { user, interview, role } = await staffInterview(req);
    if (role !== 'interviewer') throw forbidden('Only an interviewer rates; a shadow watches.');
    const { ratings } = interviewRatingsRequestSchema.parse(req.body);
    await setRatings(deps.db, interview.id, user.id, ratings);
    res.json({ ratings: await listRatings(deps.db, interview.id, user.id) });
  });

  /** Makes the incident worse on purpose: runs the complication's script in the live environment. */
  router.post('/interviews/:id/complications', async (req, res) => {
    const { user, interview, role } = await staffInterview(req);
    if (role !== 'interviewer') throw forbidden('Only an interviewer may trigger a complication.');
    const body = complicationRequestSchema.parse(req.body);
    const phase = attemptPhase(interview);
    if (phase !== 'in_progress')
      throw forbidden('Complications run only while the interview is in progress.');
    const result = await triggerComplication(deps, {
      interview,
      user,
      ...body,
      actor: auditActor(req, user),
    });
    res.json(result);
  });

  return router;
}
