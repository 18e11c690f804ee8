import { describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { configWith } from '../../server/config.ts';
import { setUpTestApp } from '../support/app.ts';
import { createInvitation, createOrganisation, storeSubmission } from '../support/factories.ts';
import { Client, listen } from '../support/http.ts';
import { captureOf } from '../support/replay.ts';

const t = setUpTestApp();
const SLUG = 'terraform-refactor';

/** The value of one sample of the exposition text, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = line.slice(name.length).match(/^\{(.*)\}/)?.[1] ?? '';
    if (wanted.every((w) => labelText.split(',').includes(w))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('/metrics', () => {
  it('reports requests by route pattern, replay ingest, the queue, gradings and live environments', async () => {
    const org = await createOrganisation(t.database.db, [SLUG]);
    const invitation = await createInvitation(t.database.db, org);
    const candidate = t.app.client();
    await candidate.post('/api/candidate/enter', { token: invitation.token });
    await candidate.post('/api/candidate/attempt/start');
    const capture = captureOf(SLUG);
    const events = [capture.event('focus', {}), capture.event('blur', {})];
    expect((await candidate.post('/api/candidate/attempt/events', capture.batch(events))).status).toBe(200);
    expect(
      (await candidate.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'run' })).status,
    ).toBe(202);
    await storeSubmission(t.database.db, t.app.deps.catalogue, invitation.attemptId, SLUG, { scores: {} });
    await storeSubmission(
      t.database.db,
      t.app.deps.catalogue,
      (await createInvitation(t.database.db, org)).attemptId,
      SLUG,
      {
        graderError: 'two verdict lines',
        tampering: true,
      },
    );
    await t.app.client().get(`/api/staff/attempts/${invitation.attemptId}`);

    const reply = await fetch(`${t.app.baseUrl}/metrics`);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await reply.text();

    const route = { method: 'POST', route: '/api/candidate/attempt/events', status: '2xx' };
    expect(sample(text, 'gauntlet_http_request_duration_seconds_count', route)).toBe(1);
    expect(
      sample(text, 'gauntlet_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/api/staff/attempts/:id',
        status: '4xx',
      }),
    ).toBe(1);
    // Routes are labelled by pattern: no id ever becomes a label value.
    expect(text).not.toContain(invitation.attemptId);
    expect(sample(text, 'gauntlet_replay_events_total', { outcome: 'stored' })).toBe(2);
    expect(sample(text, 'gauntlet_grading_queue_depth', { status: 'queued' })).toBe(1);
    expect(sample(text, 'gauntlet_grading_queue_oldest_wait_seconds')).toBeGreaterThanOrEqual(0);
    expect(
      sample(text, 'gauntlet_gradings_total', { challenge: SLUG, kind: 'submit', outcome: 'done' }),
    ).toBe(1);
    expect(
      sample(text, 'gauntlet_gradings_total', { challenge: SLUG, kind: 'submit', outcome: 'tampering' }),
    ).toBe(1);
    expect(sample(text, 'gauntlet_grading_seconds_sum', { challenge: SLUG })).toBeCloseTo(0.01, 5);
    expect(sample(text, 'gauntlet_live_environments', { state: 'ready' })).toBe(0);
    expect(sample(text, 'gauntlet_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('asks for the bearer token when METRICS_TOKEN is set, and compares it whole', async () => {
    const token = 'a-scraper-token-of-some-length';
    const deps = {
      ...t.app.deps,
      config: configWith({ SESSION_SECRET: 'test-secret-test-secret', METRICS_TOKEN: token }),
    };
    const server = await listen(createApp(deps, { clientDist: '/nonexistent' }));
    try {
      const client = new Client(server.baseUrl);
      expect((await client.get('/metrics')).status).toBe(403);
      expect(
        (await client.request('GET', '/metrics', undefined, { authorization: `Bearer ${token}x` })).status,
      ).toBe(403);
      const ok = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('gauntlet_grading_queue_depth');
    } finally {
      await server.close();
    }
  });
});
