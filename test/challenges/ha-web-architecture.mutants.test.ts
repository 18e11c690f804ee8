import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArchitecture } from '../../challenges/_lib/architecture/schema.ts';
import { CHECKS, gradeWorkspace } from '../../challenges/ha-web-architecture/grader/grade-workspace.ts';
import { operators } from '../../scripts/mutants/operators/architecture.ts';
import type { SubmissionFile } from '../../scripts/mutants/types.ts';
import { expectWellFormed } from '../support/challenge-host.ts';

/**
 * The architecture mutation operators, on the reference and on the right designs of other styles:
 * each mutant is a design the schema accepts (a mutant the grader refuses tests nothing), differs
 * from what it mutated, and has a stable id that mutants.yaml can name. Mutants of mutants (two
 * changes in a row, sampled) are graded in-process: the grader judges every one without throwing.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const read = async (dir: string): Promise<SubmissionFile[]> => [
  {
    path: 'architecture.json',
    content: await readFile(path.join(repoRoot, dir, 'architecture.json'), 'utf8'),
  },
];
const designs: [string, SubmissionFile[]][] = [
  ['the reference', await read('challenges/ha-web-architecture/solution')],
  [
    'the GCP instance groups design',
    await read('test/fixtures/ha-web-architecture/right/gcp-managed-instance-groups'),
  ],
  ['the Cloud Run design', await read('test/fixtures/ha-web-architecture/right/gcp-cloud-run-serverless')],
  ['the ECS design', await read('test/fixtures/ha-web-architecture/right/aws-ecs-fargate-containers')],
];
const mutantsOf = (files: readonly SubmissionFile[]) => operators.flatMap((op) => op.apply(files));
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the architecture mutation operators', () => {
  it.each(designs)('make only designs the schema accepts from %s, each different from it', (_name, files) => {
    const mutants = mutantsOf(files);
    expect(mutants.length).toBeGreaterThan(30);
    for (const mutant of mutants) {
      const content = mutant.files[0]?.content ?? '';
      expect(content, mutant.id).not.toBe(files[0]?.content);
      const parsed = parseArchitecture(content);
      expect(parsed.ok ? [] : parsed.problems, mutant.id).toEqual([]);
    }
  });

  it('gives every mutant a unique id, the same on every run, in the same order', () => {
    const reference = designs[0]?.[1] ?? [];
    const ids = mutantsOf(reference).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(mutantsOf(reference).map((m) => m.id)).toEqual(ids);
    expect(ids.every((id) => id.startsWith('architecture.') && id.includes(' architecture.json '))).toBe(
      true,
    );
  });

  it('grades sampled mutants of mutants without throwing, every result well formed', {
    timeout: 120_000,
  }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ha-web-architecture-mutants-'));
    scratch.push(dir);
    let graded = 0;
    for (const [, files] of designs) {
      const first = mutantsOf(files);
      // Every 7th mutant, mutated again by every 5th second-order change: deterministic, a few hundred.
      for (const mutant of first.filter((_, i) => i % 7 === 0)) {
        for (const second of mutantsOf(mutant.files).filter((_, i) => i % 5 === 0)) {
          await writeFile(path.join(dir, 'architecture.json'), second.files[0]?.content ?? '');
          expectWellFormed(
            await gradeWorkspace(dir),
            CHECKS.map((c) => c.id),
          );
          graded++;
        }
      }
    }
    expect(graded).toBeGreaterThan(200);
  });
});
