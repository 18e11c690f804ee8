/**
 * Plays a demo candidate's session through the platform's own commands, as their page and the
 * worker would have: event batches through `recordEvents`, saves through `saveFiles`, check runs and
 * the submission through `requestGrading`, each grading recorded with the real grader's verdict, and a
 * live environment's terminal through `appendServerEvents`, as its recorder stores it.
 */
import { randomUUID } from 'node:crypto';
import type { Challenge } from '../challenges/load.ts';
import { appendServerEvents } from '../commands/append-server-events.ts';
import { recordEvents } from '../commands/record-events.ts';
import { requestGrading } from '../commands/request-grading.ts';
import { saveFiles } from '../commands/save-files.ts';
import type { ClientEvent } from '../contract/events.ts';
import type { AppDeps } from '../deps.ts';
import { findGrading, findGradingFiles } from '../queries/gradings.ts';
import { recordGrading } from '../scoring/record.ts';
import { type Timeline, timelineOf } from './backdate.ts';
import type { CapturedEvent, RecordedVerdict, SessionStep, TerminalChunk } from './session.ts';
import { judgeRecorded, recordedOutcome } from './verdicts.ts';

/** The page cuts a batch about every second; the demo's pace allows a few seconds per batch. */
const BATCH_SPAN_MS = 8_000;
const BATCH_EVENTS = 100;

/**
 * Plays `steps` into a started attempt. Returns when each stored thing happened in the session
 * (milliseconds after the start), for `backdate` to move the attempt into the past.
 */
export async function playSession(
  deps: Omit<AppDeps, 'queue'>,
  attemptId: string,
  challenge: Challenge,
  steps: readonly SessionStep[],
): Promise<Timeline> {
  const slug = challenge.manifest.slug;
  const timeline = timelineOf();
  const captureId = randomUUID();
  let batchNo = 0;
  let organisationId: string | undefined;
  let pending: { atMs: number; event: CapturedEvent }[] = [];
  const outcomes = new Map<string, { passed: number; total: number; wallMs: number }>();
  /** A live challenge's verdict for the grading being requested (its checks judged the system). */
  let liveVerdict: RecordedVerdict | undefined;
  // The worker's part: the queued grading is judged from the grader's recorded verdict.
  const queue = {
    async enqueue(gradingId: string) {
      const grading = await findGrading(deps.db, gradingId);
      const files = (await findGradingFiles(deps.db, gradingId)) ?? [];
      const outcome = liveVerdict ? judgeRecorded(challenge, liveVerdict) : recordedOutcome(challenge, files);
      if (!grading || !outcome || outcome.kind === 'infrastructure_error')
        throw new Error(`demo seed: no recorded verdict for ${slug} (run server/demo/record-verdicts.ts)`);
      await recordGrading(deps.db, grading, outcome);
      const checks = outcome.kind === 'judged' ? outcome.checks : [];
      const passed = checks.filter((c) => c.passed).length;
      outcomes.set(gradingId, { passed, total: checks.length, wallMs: outcome.wallMs ?? 1000 });
    },
  };
  const full = { ...deps, queue };

  const flush = async () => {
    if (pending.length === 0) return;
    const first = pending[0]?.atMs ?? 0;
    const events = pending.map(({ atMs, event }) => ({ ...event, offsetMs: atMs - first }) as ClientEvent);
    await recordEvents(full, attemptId, { batchId: randomUUID(), captureId, batchNo: batchNo++, events });
    timeline.events.push(...pending.map((p) => p.atMs));
    timeline.batches.push(pending.at(-1)?.atMs ?? first);
    pending = [];
  };

  // A command's terminal flushes, stored in one append: the rows and (once backdated) their times
  // are the recorder's, in a few transactions instead of one a second.
  let terminal: { atMs: number; chunks: TerminalChunk[] }[] = [];
  const flushTerminal = async () => {
    if (terminal.length === 0) return;
    organisationId ??= await organisationOf(deps, attemptId);
    const events = terminal.flatMap((t) =>
      t.chunks.map((payload) => ({ kind: 'terminal' as const, payload })),
    );
    await appendServerEvents(deps.db, { organisationId, attemptId, challengeSlug: slug, events });
    // Each chunk is one event: the recorder kept each within the log's limit.
    timeline.events.push(...terminal.flatMap((t) => t.chunks.map(() => t.atMs)));
    terminal = [];
  };

  for (const step of steps) {
    if (step.kind === 'terminal') {
      await flush();
      terminal.push(step);
      continue;
    }
    await flushTerminal();
    if (step.kind === 'event') {
      const first = pending[0]?.atMs;
      if (first !== undefined && (step.atMs - first > BATCH_SPAN_MS || pending.length >= BATCH_EVENTS))
        await flush();
      pending.push({ atMs: step.atMs, event: step.event });
      continue;
    }
    await flush();
    await saveFiles(full, attemptId, slug, step.files);
    timeline.saves.push(step.atMs);
    liveVerdict = step.verdict;
    const grading = await requestGrading(full, attemptId, slug, step.kind);
    const outcome = outcomes.get(grading.id);
    const finishedMs = step.atMs + (outcome?.wallMs ?? 1000);
    timeline.gradings.set(grading.id, { requestedMs: step.atMs, finishedMs });
    if (step.kind === 'submit') timeline.submittedMs = step.atMs;
    else if (outcome) {
      // The page records the run once it has finished, with its pass count.
      const payload = { gradingId: grading.id, passed: outcome.passed, total: outcome.total };
      pending.push({ atMs: finishedMs, event: { challengeSlug: slug, kind: 'run', payload } });
    }
  }
  await flushTerminal();
  await flush();
  return timeline;
}

async function organisationOf(deps: Pick<AppDeps, 'db'>, attemptId: string): Promise<string> {
  const { rows } = await deps.db.query<{ id: string }>(
    'select organisation_id as id from attempts where id = $1',
    [attemptId],
  );
  if (!rows[0]) throw new Error(`demo seed: attempt ${attemptId} is gone`);
  return rows[0].id;
}
