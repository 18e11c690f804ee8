import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/index.ts';
import { type Challenge, loadCatalogue, readTree } from '../../server/challenges/load.ts';
import { gradedFromFiles } from '../../server/challenges/schema.ts';
import type { WorkspaceFile } from '../../server/contract/api.ts';
import { runGrader } from '../../server/grading/run-grader.ts';
import { requireDocker } from '../support/docker.ts';

/**
 * Hostile files graded through the real sandbox, the way the platform grades them (cold container,
 * the challenge's memory and time limits). The host tests (test/challenges/*.hostile.test.ts and
 * the grader tests) prove each grader's own refusals on 5 MB files in-process; what only the
 * sandbox shows is whether the whole path (the tar copy, Node under 256 MiB, the wall-clock kill)
 * ends with a result. Each case goes into a file the grader reads, beside the reference solution
 * (or in place of the one file the grader reads), and must end as a judgement that fails checks
 * with a diagnostic naming that file, or as a grader error that says what went wrong — within the
 * challenge's time limit, never a hang or a timeout.
 */
type Format = 'hcl' | 'yaml' | 'json';
type Kind = 'alias bomb' | '10 MB on one line' | 'binary bytes and NULs' | 'nesting 20 000 deep';

/** Where each challenge's grader reads a hostile file, and in which format it parses it. */
const TARGETS: Record<string, { file: string; format: Format }> = {
  'terraform-refactor': { file: 'hostile.tf', format: 'hcl' },
  'terraform-test-env': { file: 'hostile.tf', format: 'hcl' },
  'terraform-gcp-private-service': { file: 'hostile.tf', format: 'hcl' },
  'k8s-crashloop-rollback': { file: 'manifests/hostile.yaml', format: 'yaml' },
  // These two read one file by its name: the hostile content replaces it.
  'cicd-canary': { file: '.github/workflows/deploy.yml', format: 'yaml' },
  'iam-least-privilege': { file: 'policy.json', format: 'json' },
  'alert-rules': { file: 'rules/hostile.yml', format: 'yaml' },
  'ha-web-architecture': { file: 'architecture.json', format: 'json' },
};

const TEN_MB = 10 * 1024 * 1024;
// Deep, yet under every grader's per-file size cap (64 KiB at least), so the parser's depth guard is what answers.
const DEPTH = 20_000;

/** The attack, in the format the grader parses (or null: it does not apply to that format). */
function hostileContent(kind: Kind, format: Format): string | null {
  switch (kind) {
    case 'alias bomb': {
      // Billion laughs: nine levels of nine aliases, 9^9 (387 million) strings if a parser expanded them.
      if (format !== 'yaml') return null;
      const names = 'abcdefghi'.split('');
      return [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        ...names.slice(1).map((name, i) => `${name}: &${name} [${Array(9).fill(`*${names[i]}`).join(',')}]`),
        '',
      ].join('\n');
    }
    case '10 MB on one line': {
      // One enormous value: parsed naively it costs memory and CPU for nothing.
      const x = 'x'.repeat(TEN_MB);
      if (format === 'hcl') return `locals { x = "${x}" }\n`;
      if (format === 'json') return `{"Version":"2012-10-17","Statement":"${x}"}`;
      return `data: ${x}\n`;
    }
    case 'binary bytes and NULs': {
      // Random bytes with a NUL every 16th, as the grade CLI would pass an uploaded binary file;
      // 16 KiB, under the size caps, so the grader's own reading of it is what answers.
      const bytes = randomBytes(16 * 1024);
      for (let i = 0; i < bytes.length; i += 16) bytes[i] = 0;
      return bytes.toString('latin1');
    }
    case 'nesting 20 000 deep': {
      // Brackets nested far past any real document: a recursive parser overflows its stack.
      const nest = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
      if (format === 'hcl') return `locals { x = ${nest} }\n`;
      if (format === 'json') return nest;
      return `a: ${nest}\n`;
    }
  }
}

const KINDS: Kind[] = ['alias bomb', '10 MB on one line', 'binary bytes and NULs', 'nesting 20 000 deep'];
const catalogue = await loadCatalogue();
const challenges = [...catalogue.challenges.values()].filter((c) => gradedFromFiles(c.manifest.mode));
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = createSandbox({ docker: await requireDocker() });
});

const cases = challenges.flatMap((challenge) => {
  const target = TARGETS[challenge.manifest.slug];
  if (!target) return [];
  return KINDS.flatMap((kind) => {
    const content = hostileContent(kind, target.format);
    return content === null ? [] : [{ slug: challenge.manifest.slug, kind, challenge, target, content }];
  });
});

/** The reference solution with `file` added, or replaced, by the hostile content. */
async function solutionWith(challenge: Challenge, file: string, content: string): Promise<WorkspaceFile[]> {
  const solution = await readTree(path.join(challenge.dir, 'solution'));
  return [...solution.filter((f) => f.path !== file), { path: file, content }];
}

describe('graders given hostile files in the real sandbox', () => {
  it('has a hostile-file target for every files-mode challenge', () => {
    expect(challenges.map((c) => c.manifest.slug).sort()).toEqual(Object.keys(TARGETS).sort());
  });

  it.each(cases.map((c) => [c.slug, c.kind, c] as const))(
    '%s ends %s with a clear result within its time limit',
    async (_slug, _kind, { challenge, target, content }) => {
      const limitMs = challenge.manifest.sandbox.timeoutSeconds * 1000;
      const started = performance.now();
      const outcome = await runGrader({
        sandbox,
        challenge,
        files: await solutionWith(challenge, target.file, content),
      });
      const wallMs = performance.now() - started;
      if (outcome.kind === 'judged') {
        // A judgement: checks fail, and the candidate is told which file and why.
        expect(outcome.checks.some((c) => !c.passed)).toBe(true);
        const diagnostic = outcome.diagnostics.find((d) => d.file === target.file);
        expect(diagnostic?.message ?? '', JSON.stringify(outcome.diagnostics).slice(0, 500)).not.toBe('');
      } else {
        // Or a grader error that says what happened — but never the wall-clock kill of a hang.
        expect(outcome.kind).toBe('grader_error');
        if (outcome.kind !== 'grader_error') return;
        expect(outcome.error).not.toMatch(/past its .* limit/);
        expect(outcome.error.length).toBeGreaterThan(10);
      }
      // The container's start and the 10 MB copy cost a few seconds on top of the grader's own limit.
      expect(wallMs).toBeLessThan(limitMs + 10_000);
    },
    120_000,
  );
});
