/**
 * Replay ingest: N simulated candidates each send a batch of typing events every second for S
 * seconds, one batch in flight at a time and a failed batch retried with the same id, as the
 * candidate page does. Reports per-batch latency and whether every acknowledged event was stored.
 * The API runs in its own process; the simulated candidates share this one.
 */
import { randomUUID } from 'node:crypto';
import { type SummaryWithP99, summarizeWithP99 } from './percentiles.ts';
import { BENCH_SLUG, type BenchCandidate, startReplayBench, typist } from './replay-setup.ts';

export interface IngestResult {
  candidates: number;
  seconds: number;
  batches: number;
  events: number;
  latency: SummaryWithP99;
  retries: number;
  /** Events acknowledged to a candidate but missing from the log: must be 0. */
  lost: number;
  /** Events the log holds more than were sent (a retry stored twice): must be 0. */
  duplicated: number;
}

const EVENTS = '/api/candidate/attempt/events';

async function sendUntilStored(
  candidate: BenchCandidate,
  batch: unknown,
  latency: number[],
): Promise<number> {
  let retries = 0;
  for (;;) {
    const t = performance.now();
    const reply = await candidate.post(EVENTS, batch).catch(() => null);
    const body = reply ? await reply.text() : '';
    latency.push(performance.now() - t);
    if (reply?.ok) return retries;
    if (reply && reply.status < 500) throw new Error(`a batch was refused: ${reply.status} ${body}`);
    retries += 1;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function measureIngest(options: {
  root: string;
  candidates?: number;
  seconds?: number;
  port?: number;
}): Promise<IngestResult> {
  const { candidates: count = 200, seconds = 60 } = options;
  const bench = await startReplayBench({
    root: options.root,
    port: options.port ?? 5461,
    name: 'ingest',
    apiProcess: true,
  });
  try {
    const candidates: BenchCandidate[] = [];
    for (let i = 0; i < count; i += 1) candidates.push(await bench.candidate(i));
    const latency: number[] = [];
    let sent = 0;
    let batches = 0;
    let retries = 0;
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      candidates.map(async (candidate, index) => {
        const keys = typist(index + 1);
        const captureId = randomUUID();
        let offsetMs = 0;
        // Spread the candidates over the first second, as real ones would be.
        await new Promise((r) => setTimeout(r, (index / count) * 1000));
        for (let batchNo = 0; performance.now() < deadline; batchNo += 1) {
          const started = performance.now();
          const events: unknown[] =
            batchNo === 0
              ? [
                  {
                    offsetMs,
                    challengeSlug: BENCH_SLUG,
                    kind: 'file_create',
                    payload: { path: 'notes.md', content: '' },
                  },
                ]
              : [];
          const typed = 1 + Math.floor(keys.random() * 8);
          for (let k = 0; k < typed; k += 1) {
            offsetMs += 120;
            events.push({
              offsetMs,
              challengeSlug: BENCH_SLUG,
              kind: 'edit',
              payload: { path: 'notes.md', changes: [keys.next()] },
            });
          }
          if (keys.random() < 0.05)
            events.push({ offsetMs, challengeSlug: BENCH_SLUG, kind: 'blur', payload: {} });
          retries += await sendUntilStored(
            candidate,
            { batchId: randomUUID(), captureId, batchNo, events },
            latency,
          );
          sent += events.length;
          batches += 1;
          await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - started))));
        }
      }),
    );
    const { rows } = await bench.db.query<{ count: number }>(
      'select count(*)::int as count from attempt_events',
    );
    const stored = rows[0]?.count ?? 0;
    return {
      candidates: count,
      seconds,
      batches,
      events: sent,
      latency: summarizeWithP99(latency),
      retries,
      lost: Math.max(0, sent - stored),
      duplicated: Math.max(0, stored - sent),
    };
  } finally {
    await bench.stop();
  }
}

if (import.meta.main) {
  const result = await measureIngest({
    root: new URL('..', import.meta.url).pathname,
    candidates: Number(process.argv[2] ?? 200),
    seconds: Number(process.argv[3] ?? 60),
  });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
