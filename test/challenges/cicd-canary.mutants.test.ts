import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { operators } from '../../scripts/mutants/operators/workflow.ts';
import { loadMutationTarget } from '../../scripts/mutants/run.ts';

/** The workflow mutation operators, applied to the cicd-canary reference solution. */
const solution = path.resolve(import.meta.dirname, '../../challenges/cicd-canary/solution');

// The reference as the runner reads it (readTree, sorted paths), not a second reader of folders.
const { reference } = await loadMutationTarget(path.dirname(solution));
const mutants = operators.flatMap((o) => o.apply(reference));
const ids = mutants.map((m) => m.id);
const WORKFLOW = '.github/workflows/deploy.yml';

describe('the workflow mutation operators', () => {
  it('make the same mutants, in the same order, every time', () => {
    expect(operators.flatMap((o) => o.apply(reference)).map((m) => m.id)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('name each mutant after its operator, file and object, and change only YAML that still parses', () => {
    for (const mutant of mutants) {
      expect(mutant.id.startsWith(`${mutant.operator} `)).toBe(true);
      const changed = mutant.files.filter(
        (f) => f.content !== reference.find((r) => r.path === f.path)?.content,
      );
      expect(changed.length).toBe(1);
      for (const file of changed) expect(() => parseYaml(file.content)).not.toThrow();
    }
  });

  it('covers what the issue asks for: needs, continue-on-error, if, pins, timeouts, rollback, order, permissions', () => {
    for (const expected of [
      `workflow.drop-needs-edge ${WORKFLOW} jobs.promote needs analyze`,
      `workflow.swap-needs ${WORKFLOW} jobs.promote <-> jobs.analyze`,
      `workflow.add-job-continue-on-error ${WORKFLOW} jobs.analyze`,
      `workflow.add-step-continue-on-error ${WORKFLOW} jobs.analyze.steps[2]`,
      `workflow.change-if ${WORKFLOW} jobs.rollback always()`,
      `workflow.unpin-action ${WORKFLOW} jobs.canary.steps[0]`,
      `workflow.tighten-timeout ${WORKFLOW} jobs.analyze`,
      `workflow.drop-step ${WORKFLOW} jobs.rollback.steps[2]`,
      `workflow.widen-permissions ${WORKFLOW} (workflow) write-all`,
      `workflow.change-concurrency ${WORKFLOW} (workflow) cancel-in-progress`,
    ]) {
      expect(ids).toContain(expected);
    }
  });

  it('never drops a needs edge the job reads through needs.<job>, which GitHub would refuse', () => {
    expect(ids.filter((id) => id.startsWith(`workflow.drop-needs-edge ${WORKFLOW} jobs.rollback`))).toEqual(
      [],
    );
  });

  it('unpins an action to the version its comment names', () => {
    const unpinned = mutants.find((m) => m.id === `workflow.unpin-action ${WORKFLOW} jobs.canary.steps[0]`);
    const text = unpinned?.files.find((f) => f.path === WORKFLOW)?.content ?? '';
    expect(text).toContain('uses: actions/checkout@v4.2.2');
  });
});

describe('the cicd-canary grader against the workflow mutants', () => {
  it('loses points on every mutant of the reference but the equivalents mutants.yaml lists', {
    timeout: 120_000,
  }, async () => {
    const challengeDir = path.resolve(import.meta.dirname, '../../challenges/cicd-canary');
    const hooks = (await import(path.join(challengeDir, 'grader/json-imports.ts'))) as {
      allowWorkflowSchemaImport(): void;
    };
    hooks.allowWorkflowSchemaImport();
    const { gradeWorkspace } = (await import(path.join(challengeDir, 'grader/grade-workspace.ts'))) as {
      gradeWorkspace(dir: string): Promise<{ checks: { score: number }[]; diagnostics?: unknown[] }>;
    };
    const manifest = parseYaml(await readFile(path.join(challengeDir, 'mutants.yaml'), 'utf8')) as {
      equivalent: { id: string }[];
    };
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'cicd-canary-mutants-'));
    const survivors: string[] = [];
    try {
      for (const [index, mutant] of mutants.entries()) {
        const dir = path.join(scratch, String(index));
        for (const file of mutant.files) {
          await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
          await writeFile(path.join(dir, file.path), file.content);
        }
        const result = await gradeWorkspace(dir);
        if (result.checks.every((c) => c.score === 1)) survivors.push(mutant.id);
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    expect(survivors.sort()).toEqual(manifest.equivalent.map((e) => e.id).sort());
  });
});
