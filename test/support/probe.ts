import path from 'node:path';
import { type Challenge, loadChallenge } from '../../server/challenges/load.ts';
import type { Db } from '../../server/db/pool.ts';
import { createInvitation, type TestOrganisation } from './factories.ts';
import type { Client } from './http.ts';

/**
 * The test-only challenge whose grader misbehaves on request (its mode is the content of
 * mode.txt: ok, slow, crash, hang, not-json, forge…), for grader-contract and fault tests.
 */
export const PROBE_DIR = path.resolve(import.meta.dirname, '../fixtures/challenges/contract-probe');
export const PROBE_SLUG = 'contract-probe';

export const loadProbe = (): Promise<Challenge> => loadChallenge(PROBE_DIR);

/** A candidate of `org` who entered, started and saved a mode.txt telling the probe what to do. */
export async function probeCandidate(
  db: Db,
  org: TestOrganisation,
  client: Client,
  mode: string,
): Promise<{ client: Client; attemptId: string }> {
  const { token, attemptId } = await createInvitation(db, org);
  await client.post('/api/candidate/enter', { token });
  await client.post('/api/candidate/attempt/start');
  await client.put(`/api/candidate/attempt/challenges/${PROBE_SLUG}/files`, {
    files: [{ path: 'mode.txt', content: mode }],
  });
  return { client, attemptId };
}

/** Polls `probe` until it returns a value, or fails naming what it waited for. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
