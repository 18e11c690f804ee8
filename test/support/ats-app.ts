/**
 * The app for the ATS tests (each vendor's file): two organisations offering terraform-refactor,
 * the first one's manager signed in, PUBLIC_URL set; and a recorded Lever API on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import type { Queryable } from '../../server/db/pool.ts';
import type { AppDeps } from '../../server/deps.ts';
import { recordingQueue } from './app.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { createOrganisation, PASSWORD, type TestOrganisation } from './factories.ts';
import { Client, listen } from './http.ts';

export const PUBLIC_URL = 'https://hire.example.com';
export const SLUG = 'terraform-refactor';

export interface AtsApp {
  database: TestDatabase;
  deps: AppDeps;
  server: Awaited<ReturnType<typeof listen>>;
  org: TestOrganisation;
  other: TestOrganisation;
  manager: Client;
  close(): Promise<void>;
}

export async function startAtsApp(): Promise<AtsApp> {
  const database = await createTestDatabase();
  const deps: AppDeps = {
    config: configWith({
      SESSION_SECRET: 'test-secret-test-secret',
      PUBLIC_URL,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    }),
    db: database.db,
    catalogue: await loadCatalogue(),
    queue: recordingQueue(),
  };
  const server = await listen(createApp(deps, { clientDist: '/nonexistent' }));
  const org = await createOrganisation(database.db, [SLUG]);
  const other = await createOrganisation(database.db, [SLUG]);
  const manager = new Client(server.baseUrl);
  expect(
    (await manager.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD })).status,
  ).toBe(200);
  return {
    database,
    deps,
    server,
    org,
    other,
    manager,
    async close() {
      await server.close();
      await database.drop();
    },
  };
}

/** The subjects of the mail queued for `email`. */
export async function outboxTo(db: Queryable, email: string) {
  const { rows } = await db.query<{ subject: string }>(`select subject from outbox where recipient = $1`, [
    email,
  ]);
  return rows;
}

/** A recorded Lever API on loopback: answers the opportunity, records notes, can be made to fail. */
export interface RecordedLever {
  url: string;
  failing: boolean;
  requests: { method: string; url: string; authorization: string; body: string }[];
  opportunities: Map<string, { id: string; name: string; emails: string[] }>;
  close(): Promise<void>;
}

export async function startRecordedLever(): Promise<RecordedLever> {
  let server: Server | undefined;
  const lever: RecordedLever = {
    url: '',
    failing: false,
    requests: [],
    opportunities: new Map(),
    close: () => new Promise((resolve) => server?.close(() => resolve())),
  };
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      lever.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        body,
      });
      if (lever.failing) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"ServiceUnavailable"}');
        return;
      }
      const opportunity = /^\/v1\/opportunities\/([^/?]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && opportunity) {
        const found = lever.opportunities.get(decodeURIComponent(opportunity[1] ?? ''));
        res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            found ? { data: { ...found, headline: 'SRE', stage: 'x' } } : { code: 'ResourceNotFound' },
          ),
        );
        return;
      }
      if (req.method === 'POST' && /^\/v1\/opportunities\/[^/]+\/notes/.test(req.url ?? '')) {
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"data":{"noteId":"note-1"}}');
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  lever.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return lever;
}
