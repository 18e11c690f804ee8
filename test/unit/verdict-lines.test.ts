import { describe, expect, it } from 'vitest';
import type { SandboxRunResult } from '../../sandbox/index.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { judge } from '../../server/grading/run-grader.ts';

/**
 * The verdict channel: a grader prints exactly one line that starts with its marker. A second
 * marker line can only come from something else writing to the grader's output (a candidate's
 * process that found the marker, or a file descriptor of the check), so it is never a score.
 */
const catalogue = await loadCatalogue();
const challenge = catalogue.challenges.get('bad-gateway');
if (!challenge) throw new Error('bad-gateway is missing from the catalogue');
const marker = 'GAUNTLET-VERDICT-0123456789abcdef:';
const verdict = (passed: boolean) =>
  marker +
  JSON.stringify({
    checks: challenge.manifest.checks.map((c) => ({ id: c.id, passed, score: passed ? 1 : 0, message: 'm' })),
  });
const run = (stdout: string): SandboxRunResult => ({
  status: 'ok',
  exitCode: 0,
  stdout,
  stderr: '',
  wallMs: 5,
  outputBytesRead: stdout.length,
});

describe('judging a verdict', () => {
  it('takes the one verdict line a grader prints', () => {
    const outcome = judge(challenge, run(`progress\n${verdict(false)}\n`), marker);
    expect(outcome.kind).toBe('judged');
  });

  it('refuses two verdict lines as tampering, whichever comes last', () => {
    // The attack: a background process of the candidate writes an all-pass line to the check's
    // stdout after the real (failing) one, hoping the runner takes the last.
    for (const stdout of [`${verdict(false)}\n${verdict(true)}\n`, `${verdict(true)}\n${verdict(false)}\n`]) {
      const outcome = judge(challenge, run(stdout), marker);
      expect(outcome).toMatchObject({ kind: 'grader_error', tampering: true });
      if (outcome.kind === 'grader_error')
        expect(outcome.error).toMatch(/tampering suspected.*2 verdict lines/);
    }
  });

  it('does not count a line that merely mentions the marker further in', () => {
    const outcome = judge(challenge, run(`echo ${marker}\n${verdict(true)}\n`), marker);
    expect(outcome.kind).toBe('judged');
  });
});
