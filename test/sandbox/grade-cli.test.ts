import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireDocker } from '../support/docker.ts';
import { PROBE_DIR } from '../support/probe.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');

/** `npm run grade -- <challenge> <folder>`, as a challenge author runs it. */
async function grade(challenge: string, folder: string) {
  try {
    const { stdout } = await run(NODE, ['scripts/grade.ts', challenge, folder], { cwd: ROOT });
    return { code: 0, result: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, result: JSON.parse(failed.stdout) };
  }
}

beforeAll(async () => {
  await requireDocker();
});

describe('npm run grade', () => {
  it('grades a folder with a catalogue challenge named by its slug', async () => {
    const { code, result } = await grade('terraform-refactor', 'challenges/terraform-refactor/solution');
    expect(code).toBe(0);
    expect(result.score).toBe(100);
    expect(result.checks.length).toBeGreaterThanOrEqual(8);
    expect(result.checks[0]).toEqual({
      id: expect.any(String),
      dimension: expect.any(String),
      passed: true,
      score: 1,
      message: expect.any(String),
    });
  });

  it('accepts a challenge folder outside challenges/', async () => {
    const probe = PROBE_DIR;
    const { code, result } = await grade(probe, path.join(probe, 'starter'));
    expect(code).toBe(0);
    expect(result).toMatchObject({
      score: 100,
      checks: [
        { id: 'has-mode', passed: true },
        { id: 'secret-kept', passed: true },
      ],
    });
  });

  it('prints a clear error for a missing submission folder', async () => {
    const { code, result } = await grade('terraform-refactor', '/nonexistent/folder');
    expect(code).toBe(2);
    expect(result.error).toBe('submission folder /nonexistent/folder does not exist');
  });
});
