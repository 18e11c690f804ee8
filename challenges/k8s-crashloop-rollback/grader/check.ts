import type { Cluster } from './cluster.ts';
import type { ManifestObject } from './documents.ts';
import type { Workspace } from './workspace.ts';

/** What every check judges: the files as read and the cluster state `kubectl apply` would leave. */
export interface Grading {
  readonly workspace: Workspace;
  readonly cluster: Cluster;
  /** The checkout-api Deployment in shop, when the API server would accept one. */
  readonly deployment: ManifestObject | undefined;
}

/** What a check concludes; grade-workspace.ts turns it into the platform's result entry. */
export interface CheckOutcome {
  readonly passed: boolean;
  /** 0..1; partial credit where a share of the work is done. */
  readonly score: number;
  readonly message: string;
  readonly evidence?: readonly string[];
}

export interface Check {
  readonly id: string;
  judge(grading: Grading): CheckOutcome;
}

const MAX_EVIDENCE = 50;

export function outcome(score: number, message: string, evidence: readonly string[] = []): CheckOutcome {
  const rounded = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
  const result = { passed: rounded === 1, score: rounded, message };
  return evidence.length > 0 ? { ...result, evidence: evidence.slice(0, MAX_EVIDENCE) } : result;
}

/** One thing a check verifies, so partial credit is the share that holds. */
export interface Finding {
  readonly ok: boolean;
  readonly text: string;
}

export function fromFindings(findings: readonly Finding[], passed: string, failed: string): CheckOutcome {
  const good = findings.filter((f) => f.ok).length;
  const score = findings.length === 0 ? 0 : good / findings.length;
  const evidence = findings.map((f) => `${f.ok ? 'ok' : 'FAIL'}: ${f.text}`);
  // Failures first: they are what the candidate needs to read.
  evidence.sort((a, b) => Number(a.startsWith('ok')) - Number(b.startsWith('ok')));
  return outcome(score, score === 1 ? passed : failed, evidence);
}
