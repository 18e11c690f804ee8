import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CHECKS, gradeWorkspace } from '../../challenges/iam-least-privilege/grader/grade-workspace.ts';
import { failedIds } from '../support/challenge-host.ts';
import { describeGraderPackage } from '../support/grader-package.ts';

await describeGraderPackage({
  slug: 'iam-least-privilege',
  checks: CHECKS,
  gradeWorkspace,
  shape: {
    title: 'hides some checks and has at least six',
    hiddenAtLeast: 2,
    checksAtLeast: 6,
    dimensions: 1,
  },
  rightIs: 'a different valid policy',
  rightScoresOne: true,
  starter: {
    failing: ', failing every confinement check',
    expect(result, { checkIds }) {
      expect(failedIds(result)).toEqual(
        checkIds.filter((id) => !['policy-valid', 'required-access'].includes(id)),
      );
    },
  },
  graderTests({ challengeDir, fixturesDir, expectWellFormed, scratchDir, weightedScore }) {
    /** A fresh workspace holding `policy` as policy.json (written as given when it is a string). */
    async function workspaceWith(policy: unknown): Promise<string> {
      const dir = await scratchDir();
      const text = typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2);
      await writeFile(path.join(dir, 'policy.json'), text);
      return dir;
    }

    it('gives a failing confinement check half the share of its representative requests denied', async () => {
      const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'queue-name-wildcard'));
      const sqs = result.checks.find((c) => c.id === 'sqs-send-only');
      expect(sqs?.score).toBeGreaterThan(0.25);
      expect(sqs?.score).toBeLessThanOrEqual(0.5);
      expect(
        sqs?.evidence?.some((line) =>
          line.endsWith('sqs:SendMessage on arn:aws:sqs:eu-west-1:111122223333:invoice-parsed-dlq'),
        ),
      ).toBe(true);
    });

    it('names the line and statement that allow a forbidden request, and what the brief wanted', async () => {
      const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'second-statement-widens'));
      const check = result.checks.find((c) => c.id === 's3-prefix-confined');
      expect(check?.message).toMatch(
        /^policy\.json line \d+ \(statement ReadReports\) allows s3:GetObject on acme-invoices\/archive\//,
      );
      expect(check?.message).toContain(
        'the brief says the worker reads acme-invoices only with GetObject and listings under incoming/ (R3)',
      );
    });

    it('says which Deny statement refuses a request the worker needs, with its line', async () => {
      const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'deny-everything'));
      expect(result.checks.find((c) => c.id === 'required-access')?.message).toContain(
        's3:GetObject on acme-invoices/incoming/2025/03/14/inv-1042.pdf (denied by policy.json line 4, statement DenyEverything)',
      );
    });

    it('gives no least-privilege credit to a policy that denies everything', async () => {
      const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'deny-everything'));
      expect(weightedScore(result)).toBeLessThan(0.1);
      expect(result.checks.find((c) => c.id === 'no-other-services')?.message).toContain(
        'nothing to confine',
      );
    });

    it('reports a JSON syntax error with its file and line, and fails every check pointing at it', async () => {
      const lines = (await readFile(path.join(challengeDir, 'solution/policy.json'), 'utf8')).split('\n');
      lines[5] = lines[5]?.replace(/,$/, '') ?? ''; // "Effect": "Allow" loses its comma
      const result = await gradeWorkspace(await workspaceWith(lines.join('\n')));
      expectWellFormed(result);
      expect(result.diagnostics?.[0]).toMatchObject({ file: 'policy.json', line: 7 });
      for (const check of result.checks) {
        expect(check).toMatchObject({ passed: false, score: 0 });
        expect(check.message).toContain('policy.json line 7');
      }
    });

    it('fails every check, without a diagnostic, when there is no policy.json', async () => {
      const dir = await workspaceWith('{}');
      await rm(path.join(dir, 'policy.json'));
      const result = await gradeWorkspace(dir);
      expectWellFormed(result);
      expect(result.checks.every((c) => !c.passed && c.message.includes('no policy.json'))).toBe(true);
      expect(result.diagnostics).toBeUndefined();
    });

    it('ignores files other than policy.json', async () => {
      const dir = await workspaceWith(
        await readFile(path.join(challengeDir, 'solution/policy.json'), 'utf8'),
      );
      await cp(path.join(challengeDir, 'starter/policy.json'), path.join(dir, 'old-policy.json'));
      expect(failedIds(await gradeWorkspace(dir))).toEqual([]);
    });
  },
});
