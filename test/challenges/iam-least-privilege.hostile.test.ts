import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { GraderOutput } from '../../challenges/iam-least-privilege/grader/grade-workspace.ts';
import { gradeWorkspace } from '../../challenges/iam-least-privilege/grader/grade-workspace.ts';
import { challengeManifestSchema, graderOutputSchema } from '../../server/challenges/schema.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const challengeDir = path.join(repoRoot, 'challenges/iam-least-privilege');
const manifest = challengeManifestSchema.parse(
  parseYaml(await readFile(path.join(challengeDir, 'challenge.yaml'), 'utf8')),
);
const solution = JSON.parse(await readFile(path.join(challengeDir, 'solution/policy.json'), 'utf8')) as {
  Version: string;
  Statement: Record<string, unknown>[];
};
const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1f2e3d4c-5b6a-4789-8abc-def012345678';

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function workspaceWith(content: string | Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iam-least-privilege-hostile-'));
  scratch.push(dir);
  await writeFile(path.join(dir, 'policy.json'), content);
  return dir;
}

/** Grades `content` and proves the result is well-formed and came back quickly. */
async function grade(content: string | Buffer, withinMs = 5000): Promise<GraderOutput> {
  const started = performance.now();
  const result = await gradeWorkspace(await workspaceWith(content));
  expect(performance.now() - started).toBeLessThan(withinMs);
  graderOutputSchema.parse(result);
  expect(result.checks.map((c) => c.id)).toEqual(manifest.checks.map((c) => c.id));
  return result;
}

function expectRefused(result: GraderOutput, text: string): void {
  expect(result.diagnostics?.[0]?.file).toBe('policy.json');
  expect(result.diagnostics?.[0]?.message).toContain(text);
  expect(result.checks.every((c) => !c.passed && c.score === 0 && c.message.startsWith('Not graded'))).toBe(
    true,
  );
}

/** The reference solution with its statements replaced or extended. */
function policy(statements: Record<string, unknown>[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements, ...extra }, null, 2);
}

describe('the iam-least-privilege grader on hostile input', () => {
  it('refuses a YAML alias bomb, which is not JSON', async () => {
    // Billions of "lol"s if a YAML parser expanded the aliases; JSON.parse rejects the first line.
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...'bcdefghi'
        .split('')
        .map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
    ].join('\n');
    const result = await grade(bomb);
    expectRefused(result, 'not valid JSON');
    expect(result.diagnostics?.[0]?.line).toBe(1);
  });

  it('refuses a 5 MB single-line file without parsing it', async () => {
    // One enormous string value: parsing and scanning it would cost memory and time for nothing.
    const result = await grade(`{"Version":"2012-10-17","Statement":"${'A'.repeat(5 * 1024 * 1024)}"}`, 2000);
    expectRefused(result, 'too large to grade');
  });

  it('refuses binary bytes', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    expectRefused(await grade(bytes), 'not UTF-8 text');
  });

  it('refuses input nested thousands of levels deep', async () => {
    // Valid JSON, but a recursive walk over it would overflow the stack.
    const result = await grade(`${'['.repeat(30_000)}${']'.repeat(30_000)}`);
    expectRefused(result, 'nested more than');
  });

  it('refuses a key written twice, where a naive reader and JSON.parse disagree', async () => {
    // A reviewer (or a grep) sees s3:GetObject; JSON.parse keeps the last one, s3:*.
    const text = policy(solution.Statement).replace(
      '"Action": "s3:GetObject",',
      '"Action": "s3:GetObject",\n      "Action": "s3:*",',
    );
    const result = await grade(text);
    expectRefused(result, '"Action" appears twice');
    expect(result.diagnostics?.[0]?.line).toBe(text.split('\n').findIndex((l) => l.includes('"s3:*"')) + 1);
  });

  it('refuses a symbolic link instead of reading what it points at', async () => {
    const dir = await workspaceWith('{}');
    await rm(path.join(dir, 'policy.json'));
    await symlink('/etc/passwd', path.join(dir, 'policy.json'));
    const result = await gradeWorkspace(dir);
    expectRefused(result, 'not a regular file');
  });

  it('answers quickly for wildcards that make a backtracking matcher explode', async () => {
    // iam-simulate compiles `*` to `.*?`; `*a*a…*Z` against a long ARN backtracks for minutes
    // without the V8 fallback simulate.ts turns on.
    const stars = `${'*a'.repeat(40)}*Z`;
    const result = await grade(
      policy([
        ...solution.Statement,
        { Effect: 'Deny', Action: `s3:${stars}`, Resource: `arn:aws:s3:::${stars}` },
        { Effect: 'Deny', NotAction: `sqs:${stars}`, NotResource: `arn:aws:sqs:${stars}:1:x` },
        {
          Effect: 'Deny',
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringLike: { 'kms:ViaService': stars } },
        },
      ]),
    );
    expect(result.diagnostics).toBeUndefined();
  });
});

describe('the iam-least-privilege grader on policies AWS would refuse', () => {
  it.each([
    ['an array', '[]', 'must be a JSON object, not an array'],
    ['null', 'null', 'must be a JSON object, not null'],
    ['a Terraform wrapper', JSON.stringify({ policy: solution }), 'Invalid key policy'],
    ['a Principal', policy([{ ...solution.Statement[0], Principal: '*' }]), 'Principal is not allowed'],
    ['a lowercase Effect', policy([{ ...solution.Statement[1], Effect: 'allow' }]), 'Effect must be'],
    ['no Resource', policy([{ Effect: 'Allow', Action: 's3:GetObject' }]), 'Resource or NotResource'],
    [
      'an unknown condition operator',
      policy([{ ...solution.Statement[0], Condition: { StringStartsWith: { 's3:prefix': 'incoming/' } } }]),
      'StringStartsWith is not a condition operator',
    ],
    [
      'a resource that is not an ARN',
      policy([{ ...solution.Statement[1], Resource: 'acme-invoices/incoming/*' }]),
      'must be "*" or an ARN',
    ],
    ['a Sid with spaces', policy([{ ...solution.Statement[1], Sid: 'read invoices' }]), 'letters and digits'],
    [
      'a Sid used twice',
      policy([solution.Statement[1] ?? {}, { ...solution.Statement[2], Sid: 'ReadIncomingInvoices' }]),
      'used twice',
    ],
    [
      'more than 6,144 characters',
      policy(
        Array.from({ length: 80 }, (_, i) => ({
          Sid: `Bucket${i}`,
          Effect: 'Deny',
          Action: 's3:DeleteObject',
          Resource: `arn:aws:s3:::acme-invoices/archive/${i}/*`,
        })),
      ),
      'AWS stores at most 6144',
    ],
  ])('fails every check with a located diagnostic for %s', async (_name, text, message) => {
    const result = await grade(text);
    expectRefused(result, message);
    expect(result.diagnostics?.[0]?.message).toContain('AWS would refuse this policy');
    expect(result.diagnostics?.[0]?.line).toBeGreaterThan(0);
  });

  it('points at the statement line of a problem deep in the document', async () => {
    const text = policy([solution.Statement[0] ?? {}, { ...solution.Statement[1], Effect: 'Permit' }]);
    const result = await grade(text);
    expect(result.diagnostics?.[0]?.line).toBe(text.split('\n').findIndex((l) => l.includes('"Permit"')) + 1);
  });
});

describe('the iam-least-privilege grader on odd but valid policies', () => {
  it('grades a file that starts with a byte order mark', async () => {
    const result = await grade(`\uFEFF${policy(solution.Statement)}`);
    expect(result.checks.every((c) => c.passed)).toBe(true);
  });

  it('grades a single statement written as an object, not an array', async () => {
    const result = await grade(JSON.stringify({ Version: '2012-10-17', Statement: solution.Statement[2] }));
    expect(result.checks.find((c) => c.id === 'sqs-send-only')?.passed).toBe(true);
  });

  it('treats action names that collide with object keys as unknown, without crashing', async () => {
    const result = await grade(
      policy([
        ...solution.Statement,
        { Effect: 'Deny', Action: ['s3:constructor', 'constructor:x', 'hasownproperty:x'], Resource: '*' },
      ]),
    );
    const valid = result.checks.find((c) => c.id === 'policy-valid');
    expect(valid?.passed).toBe(false);
    expect(valid?.evidence).toHaveLength(3);
  });

  it('evaluates set operators on single-valued keys the way IAM does', async () => {
    const result = await grade(
      policy([
        ...solution.Statement.slice(0, 3),
        {
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: KEY,
          Condition: { 'ForAnyValue:StringEquals': { 'kms:ViaService': ['s3.eu-west-1.amazonaws.com'] } },
        },
      ]),
    );
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
  });
});
