import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.ts';
import { hashInvitationToken, newToken } from '../server/auth/tokens.ts';
import { type Catalogue, loadCatalogue } from '../server/challenges/load.ts';
import { configWith } from '../server/config.ts';
import type { Db } from '../server/db/pool.ts';
import { insertAssessment } from '../server/queries/assessments.ts';
import { insertAttempt } from '../server/queries/attempts.ts';
import { insertInvitation } from '../server/queries/invitations.ts';
import { insertOrganisation } from '../server/queries/staff.ts';
import { startApiProcess } from './api-process.ts';
import { startBenchDatabase } from './bench-database.ts';

export const BENCH_SLUG = 'terraform-refactor';

/** A candidate who entered through their link and started: their cookie and attempt. */
export interface BenchCandidate {
  attemptId: string;
  post: (url: string, body: unknown) => Promise<Response>;
}

/**
 * The real app over a throwaway embedded PostgreSQL, for the replay benchmarks; `candidates`
 * makes that many started attempts in one organisation.
 */
export async function startReplayBench(options: {
  root: string;
  port: number;
  name: string;
  /** Run the API in its own process (bench/replay-api.ts), so the simulated load does not slow it. */
  apiProcess?: boolean;
}) {
  // The catalogue first: a bad package then fails before a server is left running.
  const catalogue = await loadCatalogue();
  const database = await startBenchDatabase(options.root, options.name, options.port);
  const db = database.db;
  const api = options.apiProcess
    ? await startApiProcess({
        root: options.root,
        script: 'replay-api.ts',
        databaseUrl: database.url,
        label: 'benchmark API',
      })
    : await startApiHere(db, catalogue);
  const base = api.base;
  const organisationId = await insertOrganisation(db, 'Bench');
  const assessmentId = await insertAssessment(db, {
    organisationId,
    title: 'Bench',
    challengeSlugs: [BENCH_SLUG],
    timeLimitMinutes: 600,
    createdBy: null,
  });

  const candidate = async (index: number): Promise<BenchCandidate> => {
    const token = newToken();
    const invitationId = await insertInvitation(db, {
      organisationId,
      assessmentId,
      candidateName: `Candidate ${index}`,
      candidateEmail: `c${index}@example.com`,
      tokenHash: hashInvitationToken(token),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const attemptId = await insertAttempt(db, { organisationId, invitationId, assessmentId });
    const enter = await fetch(`${base}/api/candidate/enter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    const cookie = enter.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const post = (url: string, body: unknown) =>
      fetch(`${base}${url}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await post('/api/candidate/attempt/start', {});
    return { attemptId, post };
  };

  return {
    db,
    base,
    catalogue,
    organisationId,
    candidate,
    async stop() {
      await api.stop();
      await database.stop();
    },
  };
}

async function startApiHere(db: Db, catalogue: Catalogue) {
  const config = configWith({ SESSION_SECRET: 'bench-secret-bench-secret' });
  const http = createApp({ config, db, catalogue, queue: { enqueue: async () => {} } }).listen(
    0,
    '127.0.0.1',
  );
  await new Promise((r) => http.once('listening', r));
  return {
    base: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    async stop() {
      http.closeAllConnections();
      http.close();
    },
  };
}

/** Realistic typing: mostly one character at the cursor, some deletions, newlines and jumps. */
export function typist(seed: number) {
  let state = seed || 1;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  let length = 0;
  let cursor = 0;
  return {
    random,
    next(): { offset: number; length: number; text: string } {
      const roll = random();
      if (roll < 0.05) cursor = Math.floor(random() * (length + 1));
      if (roll > 0.9 && cursor > 0) {
        cursor -= 1;
        length -= 1;
        return { offset: cursor, length: 1, text: '' };
      }
      const text = roll > 0.85 ? '\n  ' : 'abcdefghij =.{}"'.charAt(Math.floor(random() * 16));
      const change = { offset: cursor, length: 0, text };
      cursor += text.length;
      length += text.length;
      return change;
    },
  };
}
