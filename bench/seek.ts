/**
 * Replay seek: records a 45-minute attempt through the batch endpoint (a batch a second of typing,
 * pastes, new files, focus changes), then asks the staff seek endpoint for the files at random
 * moments and checks each answer against a replay of the whole log from the starter.
 */
import { randomUUID } from 'node:crypto';
import { hashPassword } from '../server/auth/passwords.ts';
import type { ReplayEvent } from '../server/contract/events.ts';
import { fromFileMap, replayFiles } from '../server/contract/replay.ts';
import { listEvents } from '../server/queries/events.ts';
import { insertStaffUser } from '../server/queries/staff.ts';
import { type SummaryWithP99, summarizeWithP99 } from './percentiles.ts';
import { BENCH_SLUG, startReplayBench, typist } from './replay-setup.ts';

export interface SeekResult {
  minutes: number;
  events: number;
  snapshots: number;
  seeks: number;
  latency: SummaryWithP99;
  /** Seeks whose files differed from a full replay from the starter: must be 0. */
  wrong: number;
}

export async function measureSeek(options: {
  root: string;
  minutes?: number;
  seeks?: number;
  port?: number;
}) {
  const { minutes = 45, seeks = 300 } = options;
  const bench = await startReplayBench({ root: options.root, port: options.port ?? 5462, name: 'seek' });
  try {
    const candidate = await bench.candidate(0);
    const keys = typist(7);
    const captureId = randomUUID();
    let offsetMs = 0;
    let batchNo = 0;
    const event = (kind: string, payload: unknown) => {
      offsetMs += 150;
      return { offsetMs, challengeSlug: BENCH_SLUG, kind, payload };
    };
    for (let second = 0; second < minutes * 60; second += 1) {
      const events = second === 0 ? [event('file_create', { path: 'notes.md', content: '' })] : [];
      const roll = keys.random();
      if (roll < 0.3) {
        // a pause: the candidate reads or thinks
      } else if (roll < 0.31) {
        const text = `\n${'resource "aws_s3_bucket" "b" { bucket = "x" }\n'.repeat(8)}`;
        events.push(event('paste', { path: 'notes.md', size: text.length }));
        events.push(event('edit', { path: 'notes.md', changes: [{ offset: 0, length: 0, text }] }));
      } else if (roll < 0.312) {
        events.push(event('file_create', { path: `extra-${second}.tf`, content: '# more\n' }));
      } else if (roll < 0.33) {
        events.push(event('blur', {}), event('focus', {}));
      } else {
        for (let k = 1 + Math.floor(keys.random() * 6); k > 0; k -= 1)
          events.push(event('edit', { path: 'notes.md', changes: [keys.next()] }));
      }
      // A second without events sends no batch; the batches a capture sends are numbered without gaps.
      if (events.length === 0) continue;
      const batch = { batchId: randomUUID(), captureId, batchNo: batchNo++, events };
      const reply = await candidate.post('/api/candidate/attempt/events', batch);
      if (!reply.ok) throw new Error(`recording failed: ${reply.status} ${await reply.text()}`);
    }
    const staff = await signedInStaff(bench);
    const log = (await listEvents(bench.db, candidate.attemptId, {
      limit: 1_000_000,
    })) as unknown as ReplayEvent[] & { seq: number }[];
    const starter = bench.catalogue.challenges.get(BENCH_SLUG)?.starter ?? [];
    const latency: number[] = [];
    let wrong = 0;
    const random = typist(99).random;
    for (let i = 0; i < seeks; i += 1) {
      const seq = Math.floor(random() * (log.length + 1));
      const t = performance.now();
      const reply = await staff(
        `/api/staff/attempts/${candidate.attemptId}/replay/files?challenge=${BENCH_SLUG}&seq=${seq}`,
      );
      const body = (await reply.json()) as { files: unknown };
      latency.push(performance.now() - t);
      const expected = fromFileMap(replayFiles(starter, log.slice(0, seq)));
      if (JSON.stringify(body.files) !== JSON.stringify(expected)) wrong += 1;
    }
    const { rows } = await bench.db.query<{ count: number }>(
      'select count(*)::int as count from attempt_snapshots',
    );
    return {
      minutes,
      events: log.length,
      snapshots: rows[0]?.count ?? 0,
      seeks,
      latency: summarizeWithP99(latency),
      wrong,
    };
  } finally {
    await bench.stop();
  }
}

async function signedInStaff(bench: Awaited<ReturnType<typeof startReplayBench>>) {
  const password = 'bench-password-bench';
  await insertStaffUser(bench.db, {
    organisationId: bench.organisationId,
    email: 'bench@example.com',
    name: 'Bench',
    role: 'interviewer',
    passwordHash: await hashPassword(password),
  });
  const reply = await fetch(`${bench.base}/api/staff/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password }),
  });
  const cookie = reply.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  return (url: string) => fetch(`${bench.base}${url}`, { headers: { cookie } });
}

if (import.meta.main) {
  const result = await measureSeek({
    root: new URL('..', import.meta.url).pathname,
    minutes: Number(process.argv[2] ?? 45),
    seeks: Number(process.argv[3] ?? 300),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
