import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAttemptFiles } from '../../server/queries/files.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { waitFor } from '../support/probe.ts';
import { type ApiProcess, freePort, startApiProcess } from './api-process.ts';

/**
 * The attack of bad luck: the API process dies with SIGKILL (the OOM killer, a lost host) while a
 * candidate's editor autosaves. A save the API acknowledged must be in PostgreSQL; one it never
 * acknowledged may be there too (it committed just before the kill), but never an older one; and
 * the candidate's page carries on saving once a new API process answers.
 */
const SLUG = 'terraform-refactor';
const ROUNDS = 3;

/** Save n: main.tf plus one of three other files, so a half-applied save would show as a wrong set. */
const saveNumber = (n: number) => [
  { path: 'main.tf', content: `# save ${n}\n` },
  { path: `extra-${n % 3}.tf`, content: `# save ${n}\n` },
];

/** Which save the stored files are, or a description of why they are no save at all. */
function storedSave(files: { path: string; content: string }[]): number | string {
  const n = Number(/^# save (\d+)\n$/.exec(files.find((f) => f.path === 'main.tf')?.content ?? '')?.[1]);
  if (!Number.isInteger(n)) return `no save in main.tf: ${JSON.stringify(files)}`;
  const expected = saveNumber(n).sort((a, b) => a.path.localeCompare(b.path));
  return JSON.stringify(files) === JSON.stringify(expected)
    ? n
    : `a mixed file set: ${JSON.stringify(files)}`;
}

let database: TestDatabase;
let port: number;
let api: ApiProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  port = await freePort();
});
afterAll(async () => {
  await api?.kill('SIGKILL');
  await database?.drop();
});

describe('the API killed with SIGKILL while a candidate autosaves', () => {
  it('loses no acknowledged save, keeps no older one, and the candidate carries on', async () => {
    const org = await createOrganisation(database.db, [SLUG]);
    const { token, attemptId } = await createInvitation(database.db, org);
    api = await startApiProcess(database.url, port);
    const candidate = new Client(api.baseUrl);
    expect((await candidate.post('/api/candidate/enter', { token })).status).toBe(204);
    expect((await candidate.post('/api/candidate/attempt/start')).status).toBe(200);

    // The editor's autosave, as tight as it can go: one save in flight, the next as soon as it ends;
    // a failed save (connection refused or reset) is followed by the next one, as the page does.
    let sent = 0;
    let acked = 0;
    let refusals = 0;
    let running = true;
    const autosave = (async () => {
      for (let n = 1; running; n += 1) {
        sent = n;
        const reply = await candidate
          .put(`/api/candidate/attempt/challenges/${SLUG}/files`, { files: saveNumber(n) })
          .catch(() => undefined);
        if (reply?.status === 200) acked = n;
        else if (reply) refusals += 1;
        else await new Promise((r) => setTimeout(r, 20));
      }
    })();

    try {
      for (let round = 0; round < ROUNDS; round += 1) {
        const from = acked;
        const runFor = 20 + Math.floor(Math.random() * 60);
        await waitFor(
          `${runFor} saves acknowledged`,
          async () => acked >= from + runFor || undefined,
          30_000,
        );
        const ackedAtKill = acked;
        const sentAtKill = sent;
        await api.kill('SIGKILL');

        const stored = storedSave(await listAttemptFiles(database.db, attemptId, SLUG));
        expect(typeof stored, String(stored)).toBe('number');
        expect(stored).toBeGreaterThanOrEqual(ackedAtKill);
        expect(stored).toBeLessThanOrEqual(sentAtKill);

        api = await startApiProcess(database.url, port);
        await waitFor(
          'a save acknowledged by the new API process',
          async () => acked > sentAtKill || undefined,
          30_000,
        );
      }
    } finally {
      running = false;
      await autosave;
    }

    // Nothing in flight now: what the candidate sees is exactly their last acknowledged save.
    expect(refusals).toBe(0);
    const view = await candidate.get('/api/candidate/attempt');
    expect(view.status).toBe(200);
    const files = view.body.challenges.find((c: { slug: string }) => c.slug === SLUG)?.files;
    expect(storedSave(files)).toBe(acked);
    expect(storedSave(await listAttemptFiles(database.db, attemptId, SLUG))).toBe(acked);
  });
});
