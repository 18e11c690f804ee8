import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { imageTag } from '../../sandbox/images/build.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { requireDocker } from '../support/docker.ts';

/**
 * The example alert rules shipped for operators (docs/alerts), proved the way the alert-rules
 * challenge proves a candidate's: `promtool test rules` in the real sandbox, with Debian's promtool.
 */
const ALERTS = path.resolve(import.meta.dirname, '../../docs/alerts');

async function promtool(...args: string[]) {
  const sandbox = createSandbox({ docker: await requireDocker() });
  const files = await Promise.all(
    ['gauntlet.rules.yml', 'gauntlet.rules.test.yml'].map(async (name) => ({
      path: `workspace/${name}`,
      content: await readFile(path.join(ALERTS, name), 'utf8'),
    })),
  );
  return sandbox.run({
    image: imageTag('grader-prometheus'),
    command: ['promtool', ...args],
    files,
    workDirs: ['/workspace'],
    limits: { timeoutMs: 60_000 },
  });
}

describe('the operators’ example alert rules', () => {
  it('are valid rules', { timeout: 90_000 }, async () => {
    const result = await promtool('check', 'rules', '/workspace/gauntlet.rules.yml');
    expect(result.stdout + result.stderr).toMatch(/SUCCESS: 7 rules found/);
    expect(result.exitCode).toBe(0);
  });

  it('pass their unit tests: quiet on a healthy day, each alert on its bad day', {
    timeout: 90_000,
  }, async () => {
    const result = await promtool('test', 'rules', '/workspace/gauntlet.rules.test.yml');
    expect(result.stdout + result.stderr).toMatch(/SUCCESS/);
    expect(result.exitCode).toBe(0);
  });
});
