import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Challenge } from '../challenges/load.ts';
import { judge } from '../grading/run-grader.ts';
import type { GradingOutcome } from '../scoring/types.ts';
import { filesKey, type RecordedVerdict, type WorkspaceFiles } from './session.ts';

export type { RecordedVerdict } from './session.ts';

let recorded: Record<string, RecordedVerdict> | undefined;

const MARKER = 'GAUNTLET_VERDICT_DEMO:';

/** A recorded verdict line judged by the worker's own `judge`, exactly as a sandbox run's output is. */
export function judgeRecorded(challenge: Challenge, entry: RecordedVerdict): GradingOutcome {
  return judge(
    challenge,
    {
      status: 'ok',
      exitCode: 0,
      stdout: `${MARKER}${entry.verdict}\n`,
      stderr: '',
      wallMs: entry.wallMs,
      outputBytesRead: entry.verdict.length,
    },
    MARKER,
  );
}

/**
 * The real grader's recorded verdict on these files, judged by the worker's own `judge` exactly as
 * a sandbox run's output is; undefined when verdicts.json holds none (record-verdicts.ts is stale).
 */
export function recordedOutcome(challenge: Challenge, files: WorkspaceFiles): GradingOutcome | undefined {
  recorded ??= JSON.parse(readFileSync(path.join(import.meta.dirname, 'verdicts.json'), 'utf8')) as Record<
    string,
    RecordedVerdict
  >;
  const entry = recorded[filesKey(challenge.manifest.slug, files)];
  return entry ? judgeRecorded(challenge, entry) : undefined;
}
