/**
 * Shared by the host tests of the challenge graders (test/challenges/<slug>.grader.test.ts): reading
 * a package's challenge.yaml and judging a grader's result the way the platform does.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ChallengeManifest } from '../../server/challenges/schema.ts';
import { challengeManifestSchema, graderOutputSchema } from '../../server/challenges/schema.ts';
import { weightedScore as platformWeightedScore } from '../../server/scoring/score.ts';

/** The part of a grader's result these helpers read. */
export interface GradedChecks {
  readonly checks: readonly { readonly id: string; readonly passed: boolean; readonly score: number }[];
}

/** The package's challenge.yaml, validated by the platform's schema. */
export async function readManifest(challengeDir: string): Promise<ChallengeManifest> {
  return challengeManifestSchema.parse(
    parseYaml(await readFile(path.join(challengeDir, 'challenge.yaml'), 'utf8')),
  );
}

/** The share (0-1) of the total weight a result earns: the platform's own weightedScore, over 100. */
export function weightedScore(manifest: ChallengeManifest, result: GradedChecks): number {
  const scores = new Map(result.checks.map((c) => [c.id, c.score]));
  const checks = manifest.checks.map((c) => ({ weight: c.weight, score: scores.get(c.id) ?? 0 }));
  return (platformWeightedScore(checks) ?? 0) / 100;
}

/** The ids of the checks a result fails, in result order. */
export function failedIds(result: GradedChecks): string[] {
  return result.checks.filter((c) => !c.passed).map((c) => c.id);
}

/** Well-formed: valid against the platform's schema, one entry per declared check, in order, nothing else. */
export function expectWellFormed(result: GradedChecks, checkIds: readonly string[]): void {
  graderOutputSchema.parse(result);
  expect(result.checks.map((c) => c.id)).toEqual(checkIds);
}

/** The requirements BRIEF.md lists (`- **R1** — text`), as `R1 text`. */
export async function briefRequirements(challengeDir: string): Promise<string[]> {
  const brief = await readFile(path.join(challengeDir, 'BRIEF.md'), 'utf8');
  return brief
    .split('\n')
    .filter((line) => line.startsWith('- **R'))
    .map((line) => line.replace(/^- \*\*(R\d+)\*\* — /, '$1 '));
}
