import { readdirSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, LABEL_SANDBOX, type Sandbox, WarmPool } from '../../sandbox/index.ts';
import { type Challenge, loadCatalogue, readTree } from '../../server/challenges/load.ts';
import { type GraderPool, runGrader } from '../../server/grading/run-grader.ts';
import { requireDocker } from '../support/docker.ts';

const WRONG = path.resolve(import.meta.dirname, '../fixtures/terraform-refactor/wrong');
let docker: Docker;
let sandbox: Sandbox;
let pool: GraderPool;
let challenge: Challenge;

beforeAll(async () => {
  docker = await requireDocker();
  sandbox = createSandbox({ docker });
  pool = new WarmPool({ size: 1 });
  const loaded = (await loadCatalogue()).challenges.get('terraform-refactor');
  if (!loaded?.manifest.sandbox.warm) throw new Error('terraform-refactor should declare sandbox.warm');
  challenge = loaded;
});
afterAll(async () => {
  await pool?.close();
});

const warmContainers = async () =>
  docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_SANDBOX}=1`, 'gauntlet.job=warm:terraform-refactor'] },
  });

describe('pre-warmed graders', () => {
  it('judge every fixture exactly as a cold container does', async () => {
    const folders = [
      path.join(challenge.dir, 'solution'),
      path.join(challenge.dir, 'starter'),
      ...readdirSync(WRONG).map((name) => path.join(WRONG, name)),
    ];
    for (const folder of folders) {
      const files = (await readTree(folder)).filter((f) => f.path !== 'expect.yaml');
      const [cold, warm] = await Promise.all([
        runGrader({ sandbox, challenge, files }),
        runGrader({ sandbox, challenge, files, pool }),
      ]);
      expect(warm.kind, folder).toBe('judged');
      if (warm.kind !== 'judged' || cold.kind !== 'judged') continue;
      expect(warm.checks, folder).toEqual(cold.checks);
      expect(warm.diagnostics, folder).toEqual(cold.diagnostics);
    }
  });

  it('use each container once, keep the pool topped up, and remove everything on close', async () => {
    const files = (await readTree(path.join(challenge.dir, 'solution'))).filter(
      (f) => f.path !== 'expect.yaml',
    );
    await runGrader({ sandbox, challenge, files, pool });
    const before = (await warmContainers()).map((c) => c.Id);
    await runGrader({ sandbox, challenge, files, pool });
    await new Promise((r) => setTimeout(r, 500));
    const after = (await warmContainers()).map((c) => c.Id);
    expect(after.length).toBeGreaterThan(0);
    for (const id of after) expect(before).not.toContain(id);
    await pool.close();
    expect(await warmContainers()).toEqual([]);
    pool = new WarmPool({ size: 1 });
  });
});
