import type { CheckOutcome } from './outcome.ts';
import { outcome } from './outcome.ts';

/** One thing a check verifies, so partial credit is the share that holds. */
export interface Finding {
  readonly ok: boolean;
  readonly text: string;
}

/**
 * Scores the share of findings that hold (none at all scores 0), with `passed` or `failed` as the
 * message, and every finding as evidence, failures first.
 */
export function fromFindings(findings: readonly Finding[], passed: string, failed: string): CheckOutcome {
  const good = findings.filter((f) => f.ok).length;
  const score = findings.length === 0 ? 0 : good / findings.length;
  const evidence = findings.map((f) => `${f.ok ? 'ok' : 'FAIL'}: ${f.text}`);
  // Failures first: they are what the candidate needs to read.
  evidence.sort((a, b) => Number(a.startsWith('ok')) - Number(b.startsWith('ok')));
  return outcome(score, score === 1 ? passed : failed, evidence);
}
