/**
 * Candidates who write their answer through the real candidate API (the page's events, then the
 * saved files, then Submit), either typing it line by line or pasting each file whole: what the
 * similarity evidence reads, replay included.
 */
import { expect } from 'vitest';
import { challengeVariant } from '../../server/challenges/variants.ts';
import type { ClientEvent } from '../../server/contract/events.ts';
import type { TestApp } from './app.ts';
import { createInvitation, type TestOrganisation } from './factories.ts';
import { captureOf, insert } from './replay.ts';

export interface WrittenAnswer {
  attemptId: string;
  /** The files as submitted. */
  files: Map<string, string>;
}

/** Writes `files` as a candidate of `org` would and submits them; returns the attempt. */
export async function submitAnswer(
  app: Pick<TestApp, 'deps' | 'client'>,
  org: TestOrganisation,
  slug: string,
  options: {
    name: string;
    files: ReadonlyMap<string, string>;
    how: 'typed' | 'pasted';
    /** Where the paste event sits: Monaco reports it after the edit it made; the contract says before. */
    pasteReported?: 'before' | 'after';
    /** The invitation's variant seed (#17); none: the default variant. */
    variantSeed?: number;
  },
): Promise<WrittenAnswer> {
  const invitation = await createInvitation(app.deps.db, org, { name: options.name });
  const seed = options.variantSeed ?? null;
  if (seed !== null)
    await app.deps.db.query(
      'update invitations set variant_seed = $2 where id = (select invitation_id from attempts where id = $1)',
      [invitation.attemptId, seed],
    );
  const client = app.client();
  expect((await client.post('/api/candidate/enter', { token: invitation.token })).status).toBeLessThan(300);
  expect((await client.post('/api/candidate/attempt/start')).status).toBeLessThan(300);
  const challenge = app.deps.catalogue.challenges.get(slug);
  if (!challenge) throw new Error(`no challenge ${slug}`);
  const starter = new Map(challengeVariant(challenge, seed).starter.map((f) => [f.path, f.content]));
  const capture = captureOf(slug);
  const events: ClientEvent[] = [];
  for (const path of starter.keys()) {
    if (!options.files.has(path)) events.push(capture.event('file_delete', { path }));
  }
  for (const [path, content] of options.files) {
    const before = starter.get(path);
    if (before === undefined) events.push(capture.event('file_create', { path, content: '' }));
    else
      events.push(capture.event('edit', { path, changes: [{ offset: 0, length: before.length, text: '' }] }));
    if (options.how === 'pasted') {
      const paste = capture.event('paste', { path, size: content.length });
      const edit = capture.event('edit', insert(path, 0, content));
      events.push(...(options.pasteReported === 'after' ? [edit, paste] : [paste, edit]));
    } else {
      let offset = 0;
      for (const line of content.split(/(?<=\n)/)) {
        events.push(capture.event('edit', insert(path, offset, line)));
        offset += line.length;
      }
    }
  }
  for (let start = 0; start < events.length; start += 400) {
    const reply = await client.post(
      '/api/candidate/attempt/events',
      capture.batch(events.slice(start, start + 400)),
    );
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300);
  }
  const files = [...options.files].map(([path, content]) => ({ path, content }));
  const saved = await client.put(`/api/candidate/attempt/challenges/${slug}/files`, { files });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const submitted = await client.post(`/api/candidate/attempt/challenges/${slug}/gradings`, {
    kind: 'submit',
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(202);
  return { attemptId: invitation.attemptId, files: new Map(options.files) };
}
