import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraderOutput } from '../../server/challenges/schema.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';
import {
  challengeDir,
  checkIds,
  gradeWorkspace,
  removeScratch,
  scratchDir,
} from '../fixtures/k8s-crashloop-rollback/harness.ts';

afterAll(removeScratch);

/** The reference solution plus one extra file, written as the attacker wants. */
async function solutionWith(file: string, content: string | Buffer): Promise<string> {
  const dir = await scratchDir();
  await cp(path.join(challengeDir, 'solution'), dir, { recursive: true });
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), content);
  return dir;
}

/** Graded within a second or two, well-formed, and failing everything with a diagnostic on `file`. */
async function expectRefused(dir: string, file: string): Promise<GraderOutput> {
  const started = performance.now();
  const result = await gradeWorkspace(dir);
  expect(performance.now() - started).toBeLessThan(5_000);
  graderOutputSchema.parse(result);
  expect(result.checks.map((c) => c.id)).toEqual(checkIds);
  expect(result.checks.every((c) => !c.passed && c.score === 0)).toBe(true);
  expect(result.diagnostics?.[0]?.file).toBe(file);
  return result;
}

describe('the k8s-crashloop-rollback grader, given hostile input', () => {
  it('refuses a YAML alias bomb instead of expanding it', async () => {
    // Nine aliases per level over seven levels would expand to 9^7 (4.7 million) strings.
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) {
      const previous = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const result = await expectRefused(
      await solutionWith('bomb.yaml', `${levels.join('\n')}\n`),
      'bomb.yaml',
    );
    expect(result.diagnostics?.[0]?.message).toContain('alias');
  });

  it('refuses a 5 MB single-line file without parsing it', async () => {
    const result = await expectRefused(
      await solutionWith('manifests/huge.yaml', `data: ${'x'.repeat(5 * 1024 * 1024)}\n`),
      'manifests/huge.yaml',
    );
    expect(result.diagnostics?.[0]?.message).toContain('too large');
  });

  it('refuses binary bytes in a .yaml file', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
    const result = await expectRefused(
      await solutionWith('manifests/blob.yaml', bytes),
      'manifests/blob.yaml',
    );
    expect(result.diagnostics?.[0]?.message).toContain('not a text file');
  });

  it('refuses invalid UTF-8 without NUL bytes', async () => {
    await expectRefused(
      await solutionWith('latin1.yml', Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a])),
      'latin1.yml',
    );
  });

  it('refuses flow collections nested thousands deep before the parser recurses into them', async () => {
    await expectRefused(await solutionWith('deep.yaml', `a: ${'['.repeat(50_000)}\n`), 'deep.yaml');
  });

  it('refuses block mappings nested hundreds deep', async () => {
    const deep = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    await expectRefused(await solutionWith('deep-block.yaml', `${deep} x\n`), 'deep-block.yaml');
  });

  it('refuses thousands of broken tokens quickly and within memory', async () => {
    await expectRefused(await solutionWith('broken.yaml', ']\n'.repeat(30_000)), 'broken.yaml');
  });

  it('refuses more documents than any manifest set has', async () => {
    await expectRefused(await solutionWith('many.yaml', '---\na: 1\n'.repeat(600)), 'many.yaml');
  });

  it('treats an apiVersion that looks like a path as a kind Kubernetes does not serve', async () => {
    const dir = await solutionWith(
      'manifests/trick.yaml',
      'apiVersion: ../../../../etc/v1\nkind: Passwd\nmetadata:\n  name: x\n---\napiVersion: apps/v1\nkind: ../Deployment\nmetadata:\n  name: y\n',
    );
    const result = await gradeWorkspace(dir);
    graderOutputSchema.parse(result);
    expect(result.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['manifests-valid']);
    expect(result.diagnostics?.map((d) => d.line)).toEqual([1, 6]);
  });

  it('ignores symbolic links, as it never reads outside the workspace', async () => {
    const dir = await solutionWith('manifests/extra.txt', 'not a manifest\n');
    await symlink('/etc/passwd', path.join(dir, 'manifests/passwd.yaml'));
    const result = await gradeWorkspace(dir);
    expect(result.checks.every((c) => c.passed)).toBe(true);
  });

  it('reads hidden folders as kubectl --recursive does, so a workflow file there fails the apply', async () => {
    const dir = await solutionWith('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
    const result = await gradeWorkspace(dir);
    expect(result.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['manifests-valid']);
    expect(result.diagnostics?.[0]?.file).toBe('.github/workflows/ci.yml');
  });

  it('survives a document whose every field has the wrong type', async () => {
    const source = await readFile(path.join(challengeDir, 'solution/manifests/pdb.yaml'), 'utf8');
    const dir = await solutionWith(
      'manifests/pdb.yaml',
      `${source}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other, namespace: shop}\nspec: [1, 2]\n---\n[]\n---\n"just a string"\n`,
    );
    const result = await gradeWorkspace(dir);
    graderOutputSchema.parse(result);
    expect(result.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(['manifests-valid']);
  });
});
