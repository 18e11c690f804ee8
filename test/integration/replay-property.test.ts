import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientEvent, ReplayEvent } from '../../server/contract/events.ts';
import { fromFileMap, replayFiles } from '../../server/contract/replay.ts';
import { findGradingFiles } from '../../server/queries/gradings.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { captureOf } from '../support/replay.ts';
import { playSession, sessionOpArb } from '../support/replay-session.ts';

let org: TestOrganisation;
let staff: Client;
const SLUG = 'terraform-refactor';
const EVENTS = '/api/candidate/attempt/events';

const t = setUpTestApp(recordingQueue());
beforeAll(async () => {
  org = await createOrganisation(t.database.db);
  staff = t.app.client();
  expect(
    (await staff.post('/api/staff/sign-in', { email: org.interviewer.email, password: PASSWORD })).status,
  ).toBe(200);
});

/** Splits events into batches of the given sizes (the last takes the rest), numbered in order. */
function batchesOf(events: ReplayEvent[], sizes: number[]) {
  const capture = captureOf(SLUG);
  const batches = [];
  let at = 0;
  for (let i = 0; at < events.length; i += 1) {
    const size = Math.max(1, sizes[i % Math.max(sizes.length, 1)] ?? 5);
    const slice = events.slice(at, at + size);
    at += size;
    batches.push(
      capture.batch(slice.map((e) => capture.event(e.kind as ClientEvent['kind'], e.payload as never))),
    );
  }
  return batches;
}

describe('replaying a recorded attempt', () => {
  it('rebuilds exactly the submitted files, whatever order and however often the batches arrived', async () => {
    const starter = t.app.deps.catalogue.challenges.get(SLUG)!.starter;
    await fc.assert(
      fc.asyncProperty(
        fc.array(sessionOpArb, { minLength: 1, maxLength: 80, size: 'large' }),
        fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.nat(),
        async (ops, sizes, deliveries, seekPick) => {
          const session = playSession(starter, ops);
          const invitation = await createInvitation(t.database.db, org);
          const candidate = t.app.client();
          await candidate.post('/api/candidate/enter', { token: invitation.token });
          await candidate.post('/api/candidate/attempt/start');

          // Deliver batches in a random order with duplicates; early ones are refused and resent.
          const batches = batchesOf(session.events, sizes);
          const acknowledged = new Set<number>();
          const send = async (index: number) => {
            const reply = await candidate.post(EVENTS, batches[index]);
            if (reply.status === 200) acknowledged.add(index);
            else expect(reply.body.error.id).toBe('batch_out_of_order');
          };
          for (const pick of deliveries) if (batches.length > 0) await send(pick % batches.length);
          for (const index of batches.keys()) if (!acknowledged.has(index)) await send(index);
          expect(acknowledged.size).toBe(batches.length);

          const files = fromFileMap(session.files);
          expect(
            (await candidate.put(`/api/candidate/attempt/challenges/${SLUG}/files`, { files })).status,
          ).toBe(200);
          const submit = await candidate.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, {
            kind: 'submit',
          });
          expect(submit.status).toBe(202);
          const submitted = await findGradingFiles(t.database.db, submit.body.id);

          const base = `/api/staff/attempts/${invitation.attemptId}/replay`;
          const latest = await staff.get(`${base}/files?challenge=${SLUG}`);
          expect(latest.body.files).toEqual(submitted);

          const page = await staff.get(`${base}/events`);
          expect(page.body.events).toHaveLength(session.events.length);
          const logged: ReplayEvent[] = page.body.events;
          expect(fromFileMap(replayFiles(starter, logged))).toEqual(submitted);

          const seq = session.events.length === 0 ? 0 : (seekPick % session.events.length) + 1;
          const seek = await staff.get(`${base}/files?challenge=${SLUG}&seq=${seq}`);
          expect(seek.body.files).toEqual(fromFileMap(replayFiles(starter, logged.slice(0, seq))));
        },
      ),
      { numRuns: 30 },
    );
  });
});
