import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/index.ts';
import { drawValues } from '../../server/challenges/parameters.ts';
import { gradeJob } from '../../server/grading/worker.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import type { Client } from '../support/http.ts';

/**
 * Seeded variants (#17) through the API: a manager's invitation draws a seed, the candidate works on
 * that variant's brief and starter and is graded by the grader given its values, and staff (only
 * staff) see which variant it was on the replay, the review and the comparison.
 */
const SLUG = 'alert-rules';
const queue = recordingQueue();
const t = setUpTestApp(queue);
let org: TestOrganisation;
let manager: Client;
const parameters = () => t.app.deps.catalogue.challenges.get(SLUG)?.manifest.parameters ?? [];
/** The first seed that draws another service than the package's own checkout-api. */
const otherSeed = () =>
  Array.from({ length: 50 }, (_, i) => i + 1).find(
    (seed) => drawValues(SLUG, parameters(), seed).service !== 'checkout-api',
  ) ?? 0;

beforeAll(async () => {
  org = await createOrganisation(t.database.db, [SLUG]);
  manager = t.app.client();
  await manager.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD });
});

/** Invites through the API, then pins the drawn seed so the test knows which variant it is. */
async function invitedWithSeed(seed: number) {
  const email = `c-${Math.random().toString(36).slice(2)}@example.com`;
  const reply = await manager.post(`/api/staff/assessments/${org.assessmentId}/invitations`, {
    candidateName: 'Grace Hopper',
    candidateEmail: email,
  });
  expect(reply.status).toBe(201);
  const [invitation] = reply.body.invitations;
  const drawn = await t.database.db.query<{ seed: number }>(
    'select variant_seed as seed from invitations where id = $1',
    [invitation.invitationId],
  );
  await t.database.db.query('update invitations set variant_seed = $2 where id = $1', [
    invitation.invitationId,
    seed,
  ]);
  const candidate = t.app.client();
  expect(
    (await candidate.post('/api/candidate/enter', { token: invitation.link.replace('/invite/', '') })).status,
  ).toBe(204);
  expect((await candidate.post('/api/candidate/attempt/start')).status).toBe(200);
  return { candidate, attemptId: invitation.attemptId as string, drawn: drawn.rows[0]?.seed };
}

describe('seeded variants', () => {
  it('draws a seed for each invitation a manager sends, in the stored range', async () => {
    const seeds = [];
    for (let i = 0; i < 3; i += 1) seeds.push((await invitedWithSeed(1)).drawn);
    for (const seed of seeds) {
      expect(Number.isInteger(seed)).toBe(true);
      expect(seed).toBeGreaterThanOrEqual(1);
      expect(seed).toBeLessThanOrEqual(2 ** 31 - 1);
    }
  });

  it("gives the candidate the variant's brief, requirements and starter, and nothing of the seed", async () => {
    const seed = otherSeed();
    const service = drawValues(SLUG, parameters(), seed).service ?? '';
    const { candidate } = await invitedWithSeed(seed);
    const reply = await candidate.get('/api/candidate/attempt');
    const [challenge] = reply.body.challenges;
    expect(challenge.brief).toContain(`job="${service}"`);
    expect(challenge.brief).not.toContain('checkout-api');
    expect(challenge.requirements.at(-1).text).toContain(`https://runbooks.example.com/${service}/`);
    expect(challenge.files.map((f: { path: string }) => f.path)).toEqual([`rules/${service}.yml`]);
    expect(challenge.files[0].content).toContain(`job="${service}"`);
    const body = JSON.stringify(reply.body);
    expect(body).not.toMatch(/variant|seed|parameters\.json/i);
  });

  it('leaves an invitation without a seed (every one before #17) with the package as it is', async () => {
    const { token } = await createInvitation(t.database.db, org);
    const candidate = t.app.client();
    await candidate.post('/api/candidate/enter', { token });
    await candidate.post('/api/candidate/attempt/start');
    const [challenge] = (await candidate.get('/api/candidate/attempt')).body.challenges;
    const packaged = t.app.deps.catalogue.challenges.get(SLUG);
    expect(challenge.brief).toBe(packaged?.brief);
    expect(challenge.files.map((f: { path: string; content: string }) => [f.path, f.content])).toEqual(
      packaged?.starter.map((f) => [f.path, f.content]),
    );
  });

  it("grades the candidate's files with the grader given the variant's values", async () => {
    const seed = otherSeed();
    const { candidate } = await invitedWithSeed(seed);
    const run = await candidate.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'run' });
    expect(run.status).toBe(202);
    const shipped: { path: string; content: string }[][] = [];
    const sandbox = {
      async run(input: { files: { path: string; content: string }[] }) {
        shipped.push(input.files);
        return {
          status: 'error',
          exitCode: null,
          stdout: '',
          stderr: '',
          wallMs: 1,
          outputBytesRead: 0,
          errorMessage: 'recorded',
        };
      },
    } as unknown as Sandbox;
    const deps = { db: t.database.db, catalogue: t.app.deps.catalogue, sandbox } as Parameters<
      typeof gradeJob
    >[0];
    await gradeJob(deps, { gradingId: run.body.id, jobId: 'variant-job', retryCount: 5 });
    const files = shipped[0] ?? [];
    const values = files.find((f) => f.path === 'grader/parameters.json');
    expect(JSON.parse(values?.content ?? '{}')).toEqual(drawValues(SLUG, parameters(), seed));
    const service = drawValues(SLUG, parameters(), seed).service;
    expect(files.some((f) => f.path === `workspace/rules/${service}.yml`)).toBe(true);
  });

  it('shows staff the variant on the replay, the review and the comparison', async () => {
    const seed = otherSeed();
    const service = drawValues(SLUG, parameters(), seed).service ?? '';
    const { attemptId } = await invitedWithSeed(seed);
    const label = `variant ${seed} · service ${service}`;
    const replay = await manager.get(`/api/staff/attempts/${attemptId}/replay`);
    expect(replay.body.challenges[0]).toMatchObject({ slug: SLUG, variant: label });
    expect(replay.body.challenges[0].starter.map((f: { path: string }) => f.path)).toEqual([
      `rules/${service}.yml`,
    ]);
    const review = await manager.get(`/api/staff/attempts/${attemptId}`);
    expect(review.body.challenges[0]).toMatchObject({ slug: SLUG, variant: label });
    const comparison = await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison`);
    const row = comparison.body.candidates.find((c: { attemptId: string }) => c.attemptId === attemptId);
    expect(row.variants).toEqual([label]);
  });
});
