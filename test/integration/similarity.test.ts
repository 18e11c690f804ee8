import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawValues } from '../../server/challenges/parameters.ts';
import { challengeVariant } from '../../server/challenges/variants.ts';
import { type SimilarityAnswer, similarityAnswerSchema } from '../../server/contract/similarity.ts';
import { findGrading } from '../../server/queries/gradings.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { disguise } from '../support/similarity-disguise.ts';
import { readFolder } from '../support/similarity-fixtures.ts';
import { submitAnswer, type WrittenAnswer } from '../support/similarity-world.ts';

const SLUG = 'terraform-refactor';
const RIGHT = path.resolve(import.meta.dirname, '../fixtures', SLUG, 'right');
const source = readFolder(path.join(RIGHT, 'count-and-modules'));
const other = readFolder(path.join(RIGHT, 'dynamic-ingress-set'));

const t = setUpTestApp(recordingQueue());
let org1: TestOrganisation;
let org2: TestOrganisation;
let ada: WrittenAnswer;
let bob: WrittenAnswer;
let cy: WrittenAnswer;
let eve: WrittenAnswer;

async function signedIn(email: string): Promise<Client> {
  const client = t.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

async function similarityOf(client: Client, attemptId: string): Promise<SimilarityAnswer> {
  const reply = await client.get(`/api/staff/attempts/${attemptId}/similarity`);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return similarityAnswerSchema.parse(reply.body);
}

beforeAll(async () => {
  org1 = await createOrganisation(t.database.db, [SLUG]);
  org2 = await createOrganisation(t.database.db, [SLUG]);
  // Ada types her own answer; Bob pastes it renamed and reordered (each paste logged after its edit,
  // as Monaco reports it; the browser test logs them before, as the contract has it); Cy types
  // another right answer.
  ada = await submitAnswer(t.app, org1, SLUG, { name: 'Ada', files: source, how: 'typed' });
  bob = await submitAnswer(t.app, org1, SLUG, {
    name: 'Bob',
    files: disguise(source),
    how: 'pasted',
    pasteReported: 'after',
  });
  cy = await submitAnswer(t.app, org1, SLUG, { name: 'Cy', files: other, how: 'typed' });
  // Eve, in another organisation, pastes Ada's answer verbatim.
  eve = await submitAnswer(t.app, org2, SLUG, { name: 'Eve', files: source, how: 'pasted' });
}, 120_000);

describe('similarity evidence on an attempt', () => {
  it('shows a renamed, reordered copy beside its source, and not an independent right answer', async () => {
    const interviewer = await signedIn(org1.interviewer.email);
    const answer = await similarityOf(interviewer, bob.attemptId);
    expect(answer.threshold).toBe(t.app.deps.config.SIMILARITY_THRESHOLD);
    const [challenge] = answer.challenges;
    expect(challenge).toMatchObject({ slug: SLUG, submitted: true, compared: 2 });
    expect(challenge?.pairs.map((p) => p.otherCandidateName)).toEqual(['Ada']);
    const pair = challenge?.pairs[0];
    expect(pair?.otherAttemptId).toBe(ada.attemptId);
    expect(pair?.score).toBeGreaterThanOrEqual(0.8);
    expect(pair?.fragments.length).toBeGreaterThan(0);
  });

  it('shows each fragment as the submitted lines, marked pasted or typed as the replay recorded it', async () => {
    const interviewer = await signedIn(org1.interviewer.email);
    const pair = (await similarityOf(interviewer, bob.attemptId)).challenges[0]?.pairs[0];
    for (const { mine, theirs } of pair?.fragments ?? []) {
      const lines = (files: Map<string, string>, side: typeof mine) =>
        (files.get(side.path) ?? '')
          .split('\n')
          .slice(side.startLine - 1, side.endLine)
          .join('\n');
      expect(mine.text).toBe(lines(bob.files, mine));
      expect(theirs.text).toBe(lines(ada.files, theirs));
      expect(mine).toMatchObject({ attemptId: bob.attemptId, origin: 'pasted' });
      expect(theirs).toMatchObject({ attemptId: ada.attemptId, origin: 'typed' });
      expect(mine.seq).toBeGreaterThan(0);
      expect(theirs.seq).toBeGreaterThan(0);
    }
  });

  it('links a fragment to the first moment of the replay at which its text stood complete', async () => {
    const interviewer = await signedIn(org1.interviewer.email);
    const pair = (await similarityOf(interviewer, ada.attemptId)).challenges[0]?.pairs[0];
    const fragment = pair?.fragments[0]?.mine;
    expect(fragment?.origin).toBe('typed');
    const filesAt = async (seq: number) => {
      const reply = await interviewer.get(
        `/api/staff/attempts/${ada.attemptId}/replay/files?challenge=${SLUG}&seq=${seq}`,
      );
      const files = (reply.body as { files: Array<{ path: string; content: string }> }).files;
      return files.find((f) => f.path === fragment?.path)?.content ?? '';
    };
    const seq = fragment?.seq ?? 0;
    expect(await filesAt(seq)).toContain(fragment?.text);
    expect(await filesAt(seq - 1)).not.toContain(fragment?.text);
  });

  it('is the same both ways: the source sees the copy at the same score', async () => {
    const manager = await signedIn(org1.manager.email);
    const fromBob = (await similarityOf(manager, bob.attemptId)).challenges[0]?.pairs[0];
    const fromAda = (await similarityOf(manager, ada.attemptId)).challenges[0]?.pairs[0];
    expect(fromAda?.otherCandidateName).toBe('Bob');
    expect(fromAda?.score).toBe(fromBob?.score);
    expect((await similarityOf(manager, cy.attemptId)).challenges[0]?.pairs).toEqual([]);
  });

  it('compares nothing across organisations, even a verbatim copy', async () => {
    const otherManager = await signedIn(org2.manager.email);
    const theirs = await similarityOf(otherManager, eve.attemptId);
    expect(theirs.challenges[0]).toMatchObject({ submitted: true, compared: 0, pairs: [] });
    const refused = await otherManager.get(`/api/staff/attempts/${ada.attemptId}/similarity`);
    expect(refused.status).toBe(404);
    const interviewer = await signedIn(org1.interviewer.email);
    const ours = await similarityOf(interviewer, ada.attemptId);
    expect(ours.challenges[0]?.pairs.map((p) => p.otherAttemptId)).not.toContain(eve.attemptId);
    expect((await interviewer.get(`/api/staff/attempts/${eve.attemptId}/similarity`)).status).toBe(404);
  });

  it('says an attempt that has not submitted the challenge has nothing to compare', async () => {
    const invitation = await createInvitation(t.database.db, org1, { name: 'Dan' });
    const interviewer = await signedIn(org1.interviewer.email);
    const answer = await similarityOf(interviewer, invitation.attemptId);
    expect(answer.challenges[0]).toMatchObject({ submitted: false, compared: 3, pairs: [] });
  });

  it('fingerprints each submission once and keeps them per organisation', async () => {
    const { rows } = await t.database.db.query<{ organisationId: string; count: number }>(
      `select organisation_id as "organisationId", count(*)::int as count from similarity_fingerprints
       group by organisation_id`,
    );
    const counts = Object.fromEntries(rows.map((r) => [r.organisationId, r.count]));
    expect(counts).toEqual({ [org1.organisationId]: 3, [org2.organisationId]: 1 });
  });

  it("forgets an erased candidate's submission: their fingerprints go and nobody is compared with them", async () => {
    // a submission still being graded cannot be erased: the worker records Bob's first
    const { rows: queued } = await t.database.db.query<{ id: string }>(
      `select id from gradings where attempt_id = $1 and kind = 'submit'`,
      [bob.attemptId],
    );
    const grading = await findGrading(t.database.db, queued[0]?.id ?? '');
    if (!grading) throw new Error("Bob's submission is missing");
    await recordGrading(t.database.db, grading, {
      kind: 'grader_error',
      error: 'not graded here',
      wallMs: 1,
      tampering: false,
    });
    const manager = await signedIn(org1.manager.email);
    const erased = await manager.post(`/api/staff/attempts/${bob.attemptId}/erase`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    const { rows } = await t.database.db.query(
      'select 1 from similarity_fingerprints where attempt_id = $1',
      [bob.attemptId],
    );
    expect(rows).toEqual([]);
    const fromAda = (await similarityOf(manager, ada.attemptId)).challenges[0];
    expect(fromAda).toMatchObject({ submitted: true, compared: 1, pairs: [] });
  });

  it("credits no one for their variant's starter: two candidates of the same variant who hand it in unchanged are not similar", async () => {
    // The k8s starter keeps 7 fingerprints of its variant that the package's own starter lacks.
    const slug = 'k8s-crashloop-rollback';
    const challenge = t.app.deps.catalogue.challenges.get(slug);
    if (!challenge) throw new Error(`no ${slug}`);
    const { parameters } = challenge.manifest;
    // A seed whose variant is not the package's own text.
    const seed = Array.from({ length: 50 }, (_, i) => i + 1).find(
      (s) =>
        JSON.stringify(drawValues(slug, parameters, s)) !==
        JSON.stringify(drawValues(slug, parameters, null)),
    );
    if (seed === undefined) throw new Error('no seed draws another variant');
    const org = await createOrganisation(t.database.db, [slug]);
    const starter = new Map(challengeVariant(challenge, seed).starter.map((f) => [f.path, f.content]));
    const first = await submitAnswer(t.app, org, slug, {
      name: 'Vi',
      files: starter,
      how: 'typed',
      variantSeed: seed,
    });
    await submitAnswer(t.app, org, slug, { name: 'Wu', files: starter, how: 'pasted', variantSeed: seed });
    const manager = await signedIn(org.manager.email);
    const [result] = (await similarityOf(manager, first.attemptId)).challenges;
    expect(result).toMatchObject({ slug, submitted: true, compared: 1, pairs: [] });
  });
});
