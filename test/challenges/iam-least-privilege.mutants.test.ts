import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { acceptanceProblems } from '../../challenges/iam-least-privilege/grader/acceptance.ts';
import { operators } from '../../scripts/mutants/operators/iam.ts';
import type { SubmissionFile } from '../../scripts/mutants/types.ts';

/**
 * The IAM mutation operators, on the reference and on a policy with every field they change: each
 * mutant is a policy AWS would store (a mutant that breaks parsing tests nothing), differs from what
 * it mutated, and has a stable id that mutants.yaml can name.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const challengeDir = path.join(repoRoot, 'challenges/iam-least-privilege');
const reference: SubmissionFile[] = [
  { path: 'policy.json', content: await readFile(path.join(challengeDir, 'solution/policy.json'), 'utf8') },
];
const guarded: SubmissionFile[] = [
  {
    path: 'policy.json',
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/in/*' },
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': false } } },
      ],
    }),
  },
  { path: 'README.md', content: '# not a policy\n' },
];
const mutantsOf = (files: readonly SubmissionFile[]) => operators.flatMap((op) => op.apply(files));

describe('the IAM mutation operators', () => {
  it.each([
    ['the reference', reference],
    ['a policy with a Deny guard rail', guarded],
  ] as const)('make only policies AWS would accept from %s, each different from it', (_name, files) => {
    const mutants = mutantsOf(files);
    expect(mutants.length).toBeGreaterThan(10);
    for (const mutant of mutants) {
      const policyFile = mutant.files.find((f) => f.path === 'policy.json');
      expect(policyFile?.content, mutant.id).not.toBe(files[0]?.content);
      expect(acceptanceProblems(JSON.parse(policyFile?.content ?? 'null')), mutant.id).toEqual([]);
      expect(mutant.files.map((f) => f.path)).toEqual(files.map((f) => f.path));
    }
  });

  it('gives every mutant a unique id, the same on every run, in the same order', () => {
    const ids = mutantsOf(reference).map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(mutantsOf(reference).map((m) => m.id)).toEqual(ids);
    expect(ids.every((id) => id.startsWith('iam.') && id.includes(' policy.json '))).toBe(true);
  });

  it('covers what the issue asks of IAM: wildcards, a dropped condition, a wider resource, NotAction, a dropped Deny, another service', () => {
    const ids = [...mutantsOf(reference), ...mutantsOf(guarded)].map((m) => m.id);
    for (const expected of [
      'iam.wildcard-action policy.json Statement[ReadIncomingInvoices] Action[0] = s3:*',
      'iam.widen-resource policy.json Statement[ReadIncomingInvoices] Resource[0] = arn:aws:s3:::acme-invoices/*',
      'iam.drop-condition policy.json Statement[DecryptInvoicesThroughS3] Condition.StringEquals.kms:ViaService',
      'iam.not-action policy.json Statement[PublishParsedInvoices] Action = NotAction',
      'iam.drop-statement policy.json Statement[#1] Deny',
      'iam.change-condition-value policy.json Statement[#1] Condition.Bool.aws:SecureTransport[0] = true',
      'iam.add-foreign-action policy.json Statement[ListIncomingInvoices] + iam:PassRole',
    ]) {
      expect(ids).toContain(expected);
    }
  });

  it('names in mutants.yaml only equivalents the operators still make', async () => {
    const manifest = parseYaml(await readFile(path.join(challengeDir, 'mutants.yaml'), 'utf8')) as {
      equivalent?: { id: string }[];
    };
    const ids = new Set(mutantsOf(reference).map((m) => m.id));
    for (const { id } of manifest.equivalent ?? []) expect(ids.has(id), id).toBe(true);
  });
});
