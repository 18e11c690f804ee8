import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/logging.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import { createInvitation, createOrganisation } from '../support/factories.ts';
import { Client, listen } from '../support/http.ts';

const queue = recordingQueue();
const t = setUpTestApp(queue);
const SLUG = 'terraform-refactor';

/** The app over the test's database and queue, logging JSON lines into `lines`. */
async function loggedApp() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = createLogger('info', {
    write: (line: string) => {
      raw.push(line);
      lines.push(JSON.parse(line));
    },
  });
  const server = await listen(createApp(t.app.deps, { clientDist: '/nonexistent', logger }));
  return { client: new Client(server.baseUrl), lines, raw, close: server.close };
}

describe('request logs', () => {
  it('are JSON lines with one request id, answered to the caller and carried into the grading job', async () => {
    const app = await loggedApp();
    try {
      const org = await createOrganisation(t.database.db, [SLUG]);
      const invitation = await createInvitation(t.database.db, org);
      await app.client.post('/api/candidate/enter', { token: invitation.token });
      await app.client.post('/api/candidate/attempt/start');
      await app.client.request('PUT', `/api/candidate/attempt/challenges/${SLUG}/files`, {
        files: [{ path: 'main.tf', content: 'resource "aws_s3_bucket" "secret_of_the_candidate" {}\n' }],
      });
      const reply = await app.client.request(
        'POST',
        `/api/candidate/attempt/challenges/${SLUG}/gradings`,
        { kind: 'run' },
        { 'x-request-id': 'trace-from-the-proxy-1234' },
      );
      expect(reply.status).toBe(202);

      const grading = app.lines.find((l) => l.route === '/api/candidate/attempt/challenges/:slug/gradings');
      expect(grading).toMatchObject({
        level: 30,
        service: 'gauntlet',
        msg: 'request',
        requestId: 'trace-from-the-proxy-1234',
        method: 'POST',
        status: 202,
      });
      expect(queue.requestIds.at(-1)).toBe('trace-from-the-proxy-1234');

      // Every request has its own id; a missing or implausible one is replaced by a fresh UUID.
      const ids = app.lines.filter((l) => l.msg === 'request').map((l) => l.requestId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.filter((id) => id !== 'trace-from-the-proxy-1234')).toEqual(
        ids.slice(0, -1).map(() => expect.stringMatching(/^[0-9a-f-]{36}$/)),
      );

      // Neither the invitation token, nor the candidate's files, nor the raw URL reach the log.
      const text = app.raw.join('');
      expect(text).not.toContain(invitation.token);
      expect(text).not.toContain('secret_of_the_candidate');
      expect(text).not.toContain(invitation.attemptId);
    } finally {
      await app.close();
    }
  });

  it('replace an implausible X-Request-Id (too short, spaces, URL characters) by a fresh one', async () => {
    const app = await loggedApp();
    try {
      for (const given of ['x', 'a b c d e f g h', 'id/with?query=and&more']) {
        await app.client.request('GET', '/api/staff/me', undefined, { 'x-request-id': given });
      }
      const ids = app.lines.filter((l) => l.route === '/api/staff/me').map((l) => l.requestId);
      expect(ids).toEqual([1, 2, 3].map(() => expect.stringMatching(/^[0-9a-f-]{36}$/)));
    } finally {
      await app.close();
    }
  });
});
