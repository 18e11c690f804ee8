import { type Request, Router } from 'express';
import { z } from 'zod';
import { requireStaff } from '../auth/guards.ts';
import { idParam } from '../auth/roles.ts';
import { challengeVariant } from '../challenges/variants.ts';
import { createNoteSchema } from '../contract/events.ts';
import { fromFileMap } from '../contract/replay.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { presentReplay, presentReplayNote, presentStoredEvent } from '../presenters/replay.ts';
import { type AttemptRow, findAttempt } from '../queries/attempts.ts';
import { countEvents, listEvents } from '../queries/events.ts';
import { listReplayGradings } from '../queries/replay-gradings.ts';
import { insertReplayNote, listReplayNotes } from '../queries/replay-notes.ts';
import { filesAt } from '../replay/files-at.ts';
import { auditActor, audited } from '../security/audit.ts';

const MAX_PAGE = 5000;

const eventsQuerySchema = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(MAX_PAGE),
});
const filesQuerySchema = z.object({
  challenge: z.string().min(1).max(100),
  seq: z.coerce.number().int().min(0).optional(),
});

/** Staff read an attempt's replay and pin notes to its moments; only within their organisation. */
export function replayRoutes(deps: AppDeps): Router {
  const router = Router();

  /** The attempt, if it is the staff member's organisation's; any other answers 404, like a missing one. */
  const staffAttempt = async (req: Request<{ id: string }>) => {
    const user = await requireStaff(req, deps);
    const attempt = await findAttempt(deps.db, idParam(req.params.id, 'The attempt'));
    if (!attempt || attempt.organisationId !== user.organisationId) throw notFound('The attempt');
    return { user, attempt };
  };

  const starterOf = (attempt: AttemptRow, slug: string) => {
    const challenge = attempt.challengeSlugs.includes(slug) ? deps.catalogue.challenges.get(slug) : undefined;
    if (!challenge) throw notFound(`Challenge ${slug} in this attempt`);
    return challengeVariant(challenge, attempt.variantSeed).starter;
  };

  router.get('/attempts/:id/replay', async (req, res) => {
    const { attempt } = await staffAttempt(req);
    const [log, gradings, notes] = await Promise.all([
      countEvents(deps.db, attempt.id),
      listReplayGradings(deps.db, attempt.id),
      listReplayNotes(deps.db, attempt.id),
    ]);
    res.json(presentReplay(attempt, deps.catalogue, log, gradings, notes));
  });

  router.get('/attempts/:id/replay/events', async (req, res) => {
    const { attempt } = await staffAttempt(req);
    const { afterSeq, limit } = eventsQuerySchema.parse(req.query);
    const events = await listEvents(deps.db, attempt.id, { afterSeq, limit: limit + 1 });
    res.json({ events: events.slice(0, limit).map(presentStoredEvent), more: events.length > limit });
  });

  /** Seek: a challenge's files right after event `seq` (the latest when omitted). */
  router.get('/attempts/:id/replay/files', async (req, res) => {
    const { attempt } = await staffAttempt(req);
    const { challenge, seq } = filesQuerySchema.parse(req.query);
    const at = await filesAt(deps.db, starterOf(attempt, challenge), attempt.id, challenge, seq);
    res.json({ challengeSlug: challenge, seq: seq ?? at.lastSeq, files: fromFileMap(at.files) });
  });

  router.post('/attempts/:id/replay/notes', async (req, res) => {
    const { user, attempt } = await staffAttempt(req);
    const body = createNoteSchema.parse(req.body);
    starterOf(attempt, body.challengeSlug);
    const note = await audited(deps.db, auditActor(req, user), async (client) => {
      const row = await insertReplayNote(client, {
        organisationId: attempt.organisationId,
        attemptId: attempt.id,
        authorId: user.id,
        ...body,
      });
      const details = { attemptId: attempt.id, challengeSlug: body.challengeSlug, seq: body.seq };
      return {
        result: row,
        audit: { action: 'replay_note.create', target: { type: 'replay_note', id: row.id }, details },
      };
    });
    res.status(201).json(presentReplayNote(note));
  });

  return router;
}
