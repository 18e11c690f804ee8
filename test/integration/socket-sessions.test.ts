/**
 * An open socket lives no longer than the session that opened it: a staff member a manager
 * deactivates loses their shared document at once (within the recheck interval), and one who signs
 * out too; the other participants keep theirs. Real app, real sockets, real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { createCollabServer } from '../../server/collab/server.ts';
import { configWith } from '../../server/config.ts';
import type { AppDeps } from '../../server/deps.ts';
import { socketRoutes } from '../../server/socket-routes.ts';
import { attachSockets } from '../../server/sockets.ts';
import { recordingQueue } from '../support/app.ts';
import { joinDocument, until } from '../support/collab.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createOrganisation,
  createStaffMember,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import { Client, listen } from '../support/http.ts';

const SLUG = 'terraform-refactor';
const RECHECK_MS = 200;
let database: TestDatabase;
let server: Awaited<ReturnType<typeof listen>>;
let stop: () => Promise<void>;
let org: TestOrganisation;

beforeAll(async () => {
  database = await createTestDatabase();
  const deps: AppDeps = {
    config: configWith({ SESSION_SECRET: 'test-secret-test-secret' }),
    db: database.db,
    catalogue: await loadCatalogue(),
    queue: recordingQueue(),
  };
  server = await listen(createApp(deps, { clientDist: '/nonexistent' }));
  const collab = createCollabServer(deps);
  const sockets = socketRoutes(deps, collab);
  const stopSockets = attachSockets(server.server, sockets.routes, () => {}, RECHECK_MS);
  stop = async () => {
    stopSockets();
    sockets.close();
    await collab.flush();
    collab.close();
    await server.close();
  };
  org = await createOrganisation(database.db, [SLUG]);
});
afterAll(async () => {
  await stop?.();
  await database?.drop();
});

async function signIn(email: string): Promise<Client> {
  const client = new Client(server.baseUrl);
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

describe('an open socket and its session', () => {
  it('closes for a deactivated staff member and one who signed out, and stays for the others', async () => {
    const manager = await signIn(org.manager.email);
    const leaver = await createStaffMember(database.db, org, 'interviewer', 'Lee Leaver');
    const quitter = await createStaffMember(database.db, org, 'interviewer', 'Quinn Quitter');
    const [leaving, quitting, staying] = await Promise.all([
      signIn(leaver.email),
      signIn(quitter.email),
      signIn(org.interviewer.email),
    ]);
    const scheduled = await manager.post('/api/staff/interviews', {
      title: 'Live round',
      challengeSlugs: [SLUG],
      startsAt: new Date().toISOString(),
      durationMinutes: 60,
      meetingUrl: 'https://meet.example.com/abc-defg-hij',
      candidateName: 'Grace Hopper',
      candidateEmail: 'grace@example.com',
    });
    expect(scheduled.status).toBe(201);
    const { interview, link } = scheduled.body;
    for (const client of [leaving, quitting, staying]) {
      expect(
        (await client.post(`/api/staff/interviews/${interview.id}/join`, { role: 'interviewer' })).status,
      ).toBe(204);
    }
    const candidate = new Client(server.baseUrl);
    await candidate.post('/api/candidate/enter', { token: link.replace('/invite/', '') });
    const attemptId: string =
      (await candidate.post('/api/candidate/attempt/start')).body.attempt?.id ?? interview.attemptId;
    const open = async (client: Client) => {
      const document = await joinDocument({
        baseUrl: server.baseUrl,
        cookie: client.cookieHeader(),
        query: `as=staff&interview=${interview.id}`,
        attemptId,
        slug: SLUG,
      });
      await until(() => document.provider.isSynced, 'the first sync');
      return document;
    };
    const [leaverDoc, quitterDoc, stayerDoc] = await Promise.all([
      open(leaving),
      open(quitting),
      open(staying),
    ]);
    const closed = (document: Awaited<ReturnType<typeof open>>) =>
      new Promise<void>((resolve) => document.socket.on('close', () => resolve()));
    const leaverClosed = closed(leaverDoc);
    const quitterClosed = closed(quitterDoc);

    expect((await manager.post(`/api/staff/members/${leaver.id}/deactivate`)).status).toBeLessThan(300);
    expect((await quitting.post('/api/staff/sign-out')).status).toBeLessThan(300);
    const started = Date.now();
    await Promise.all([leaverClosed, quitterClosed]);
    // Within a few recheck intervals, not at the next reconnect or never.
    expect(Date.now() - started).toBeLessThan(RECHECK_MS * 15);
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS * 3));
    expect(stayerDoc.provider.isSynced).toBe(true);
    stayerDoc.text('main.tf').insert(0, '# still here\n');
    await until(() => stayerDoc.provider.unsyncedChanges === 0, 'the stayer’s edit to be stored');
    for (const document of [leaverDoc, quitterDoc, stayerDoc]) document.close();
  });
});
