import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, defaultOwner, type Sandbox, WarmPool } from '../../sandbox/index.ts';
import { type Challenge, loadCatalogue, readTree } from '../../server/challenges/load.ts';
import { type GraderPool, runGrader, runWarmGrader } from '../../server/grading/run-grader.ts';
import { requireDocker } from '../support/docker.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const warmCapable = [...(await loadCatalogue()).challenges.values()].filter((c) => c.manifest.sandbox.warm);
let docker: Docker;
let sandbox: Sandbox;
let pool: GraderPool;

beforeAll(async () => {
  docker = await requireDocker();
  sandbox = createSandbox({ docker });
  pool = new WarmPool({ size: 1, refillAfterMs: 100 });
});
afterAll(async () => {
  await pool?.close();
});

/** How many wrong fixtures of a challenge are graded both ways (the packages test grades them all). */
const WRONG_SAMPLE = 8;

/**
 * The reference, the starter, every right fixture and wrong fixtures spread evenly over the sorted
 * list (always the same ones): a challenge has up to fifty wrong fixtures, each graded cold and warm.
 */
function folders(challenge: Challenge): string[] {
  const { slug } = challenge.manifest;
  const list = (kind: string) => {
    const dir = path.join(FIXTURES, slug, kind);
    return existsSync(dir)
      ? readdirSync(dir)
          .sort()
          .map((name) => path.join(dir, name))
      : [];
  };
  const wrong = list('wrong');
  const step = Math.max(1, Math.ceil(wrong.length / WRONG_SAMPLE));
  const spread = wrong.filter((_, i) => i % step === 0);
  return [
    path.join(challenge.dir, 'solution'),
    path.join(challenge.dir, 'starter'),
    ...list('right'),
    ...spread,
  ];
}

describe('pre-warmed graders', () => {
  it('exist for the Node graders of the catalogue', () => {
    expect(warmCapable.map((c) => c.manifest.slug)).toContain('terraform-refactor');
    // Both kinds are graded below: warmed up on the starter while waiting, and only loaded.
    expect(new Set(warmCapable.map((c) => c.manifest.sandbox.warm?.warmUp))).toEqual(new Set([true, false]));
  });

  it.each(warmCapable.map((c) => [c.manifest.slug, c] as const))(
    'judge %s’s reference, starter and fixtures exactly as a cold container does',
    { timeout: 240_000 },
    async (_slug, challenge) => {
      for (const folder of folders(challenge)) {
        const files = (await readTree(folder)).filter((f) => f.path !== 'expect.yaml');
        const [cold, warm] = await Promise.all([
          runGrader({ sandbox, challenge, files }),
          runWarmGrader(sandbox, challenge, files),
        ]);
        expect(warm.kind, folder).toBe('judged');
        expect(cold.kind, folder).toBe('judged');
        if (warm.kind !== 'judged' || cold.kind !== 'judged') continue;
        expect(warm.checks, folder).toEqual(cold.checks);
        expect(warm.diagnostics, folder).toEqual(cold.diagnostics);
      }
    },
  );

  it.each([
    ['1', ['/tmp/warm-up/workspace', '/workspace']],
    ['0', ['/workspace']],
  ])('grade the warm-up files only when GAUNTLET_WARM_UP is not 0 (%s)', async (warmUp, graded) => {
    // A grader that reports each directory it is asked to grade on stderr.
    const prepared = await sandbox.prepare({
      image: 'gauntlet/grader-node:latest',
      command: ['node', '/opt/gauntlet/harness.mjs'],
      workDirs: ['/workspace', '/grader'],
      env: { GAUNTLET_ENTRY: '/grader/g.mjs', GAUNTLET_VERDICT_MARKER: 'V:', GAUNTLET_WARM_UP: warmUp },
      setup: [
        [
          {
            path: 'grader/g.mjs',
            content: 'export const gradeWorkspace = (dir) => { console.error("graded " + dir); return {}; };',
          },
        ],
        [{ path: 'workspace/starter.txt', content: 'x' }],
      ],
      maxIdleMs: 60_000,
    });
    const result = await prepared.run([{ path: 'workspace/answer.txt', content: 'y' }]);
    expect(result.status).toBe('ok');
    expect(result.stdout.trim()).toBe('V:{}');
    expect(result.stderr.trim().split('\n')).toEqual(graded.map((dir) => `graded ${dir}`));
  });

  it('run a prepared container once, with the frames in order, and remove it', async () => {
    // Reads the 4-byte length of each frame and prints it (each frame is a tar: 512-byte blocks plus
    // a 1 KiB end): the harness protocol, without a grader.
    const script =
      'for i in 1 2; do n=$(head -c 4 | od -An -tu1 | awk "{print \\$1*16777216+\\$2*65536+\\$3*256+\\$4}"); head -c $n >/dev/null; echo $n; done';
    const prepared = await sandbox.prepare({
      image: 'gauntlet/grader-node:latest',
      command: ['sh', '-c', script],
      workDirs: ['/workspace'],
      setup: [[{ path: 'workspace/a', content: 'x' }]],
      maxIdleMs: 60_000,
    });
    expect(prepared.usable).toBe(true);
    const result = await prepared.run([{ path: 'workspace/b', content: 'y'.repeat(1000) }]);
    expect(result.status).toBe('ok');
    expect(result.stdout.trim().split('\n')).toEqual(['2048', '2560']);
    expect(prepared.usable).toBe(false);
    expect(await docker.listContainers({ all: true, filters: { id: [prepared.id] } })).toEqual([]);
  });

  it('serve an idle worker from the pool, then leave no container behind when it closes', async () => {
    const challenge = warmCapable.find((c) => c.manifest.slug === 'terraform-refactor');
    if (!challenge) throw new Error('terraform-refactor is missing');
    const files = await readTree(path.join(challenge.dir, 'solution'));
    expect((await runGrader({ sandbox, challenge, files, pool })).kind).toBe('judged');
    const deadline = Date.now() + 20_000;
    while (pool.readyCount === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(pool.readyCount).toBe(1);
    const warm = await runGrader({ sandbox, challenge, files, pool });
    expect(warm.kind === 'judged' && warm.score).toBe(100);
    await pool.close();
    const mine = await docker.listContainers({
      all: true,
      filters: { label: [`gauntlet.owner=${defaultOwner()}`] },
    });
    expect(mine).toEqual([]);
  });
});
