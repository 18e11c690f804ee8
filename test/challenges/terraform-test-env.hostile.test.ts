// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform, whose ${…} is not JavaScript's.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECKS, gradeWorkspace } from '../../challenges/terraform-test-env/grader/grade-workspace.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';

const solution = path.resolve(import.meta.dirname, '../../challenges/terraform-test-env/solution');
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Grades a workspace made of `files`, on top of the reference solution when `onSolution`. */
async function grade(files: Record<string, string | Buffer>, onSolution = false) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'terraform-test-env-hostile-'));
  scratch.push(dir);
  if (onSolution) await cp(solution, dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  const started = performance.now();
  const result = graderOutputSchema.parse(await gradeWorkspace(dir));
  expect(result.checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
  return { result, ms: performance.now() - started };
}

describe('the terraform-test-env grader on hostile input', () => {
  it('refuses a 5 MB single-line file with a diagnostic instead of parsing it', async () => {
    // The attack: one enormous line to blow the parser's memory within the sandbox's 256 MB.
    const { result, ms } = await grade({ 'main.tf': `locals { x = "${'a'.repeat(5 * 1024 * 1024)}" }` });
    expect(result.diagnostics?.[0]).toMatchObject({ file: 'main.tf' });
    expect(result.diagnostics?.[0]?.message).toContain('too large');
    expect(result.checks.every((c) => !c.passed)).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it('reports binary junk as a syntax error with a line', async () => {
    // The attack: bytes that are not text at all, to crash a parser that assumes UTF-8 source.
    const { result, ms } = await grade({ 'main.tf': randomBytes(64 * 1024) });
    expect(result.diagnostics?.[0]?.file).toBe('main.tf');
    expect(result.checks.every((c) => !c.passed)).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it('ignores a YAML alias bomb beside the Terraform files', async () => {
    // The attack: "billion laughs" in a file type the grader does not read must not be expanded.
    const levels = Array.from({ length: 30 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}, *l${i}, *l${i}]`);
    const bomb = ['l0: &l0 "lol"', ...levels].join('\n');
    const { result, ms } = await grade({ 'values.yaml': bomb }, true);
    expect(result.checks.every((c) => c.passed)).toBe(true);
    expect(ms).toBeLessThan(5000);
  });

  it('evaluates an exponential chain of locals within its budget', async () => {
    // The attack: the HCL version of an alias bomb; each local doubles the one before, and the
    // application's subnets and tags are the 2^40-element result.
    const locals = Array.from({ length: 40 }, (_, i) => `  l${i + 1} = [local.l${i}, local.l${i}]`);
    const tf = [
      'locals {',
      '  l0 = aws_subnet.app[0].id',
      ...locals,
      '}',
      'resource "aws_autoscaling_group" "bomb" {',
      '  min_size = 1',
      '  max_size = 1',
      '  vpc_zone_identifier = flatten(local.l40)',
      '  tags = { for i, v in local.l40 : i => v }',
      '}',
    ].join('\n');
    const { result, ms } = await grade({ 'bomb.tf': tf }, true);
    expect(result.checks.find((c) => c.id === 'app-behind-load-balancer')?.passed).toBe(false);
    expect(ms).toBeLessThan(10_000);
  });

  it('refuses input nested deeper than the parser can take', async () => {
    // The attack: brackets nested thousands deep overflow hcl2json's stack and abort the process.
    const { result } = await grade({ 'main.tf': `locals { x = ${'['.repeat(5000)}${']'.repeat(5000)} }` });
    expect(result.diagnostics?.[0]?.message).toContain('nested');
  });
  it('grades JSON-syntax files of every odd shape without throwing', async () => {
    // The attack: .tf.json values where blocks should be (strings, numbers, arrays of arrays, nulls),
    // hoping a reader that assumes Terraform's shapes throws and takes the grader down.
    const odd = {
      resource: { aws_vpc: { a: 'x', b: [[1]], c: null, d: [{ count: '${var.nope}' }] }, aws_subnet: 7 },
      variable: { v: [1, 'two', { type: 'list(string)', default: ['a'] }] },
      provider: { aws: 'nope' },
      terraform: [null, { backend: 'x' }, { backend: { s3: [[]] } }],
      locals: [1, { x: { '//': 'not a comment here' } }],
      module: { m: { source: 42 } },
      '//': ['comment', 'as', 'array'],
    };
    const { result } = await grade({ 'odd.tf.json': JSON.stringify(odd), 'list.tf.json': '[1, 2]' }, true);
    expect(result.diagnostics?.[0]?.file).toBe('list.tf.json');
    const { result: alone } = await grade({ 'odd.tf.json': JSON.stringify(odd) }, true);
    expect(alone.diagnostics).toBeUndefined();
    expect(alone.checks.filter((c) => !c.passed).length).toBeGreaterThan(0);
  });
});
