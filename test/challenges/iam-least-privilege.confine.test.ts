// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats of the service reference are written with ${Variable}.
import { describe, expect, it } from 'vitest';
import {
  allowableActions,
  catalogueAction,
} from '../../challenges/iam-least-privilege/grader/confine/catalogue.ts';
import { dimensionsFor, variations } from '../../challenges/iam-least-privilege/grader/confine/contexts.ts';
import { confinementOf, permitted } from '../../challenges/iam-least-privilege/grader/confine/oracle.ts';
import { resourcesFor } from '../../challenges/iam-least-privilege/grader/confine/resources.ts';
import { searchViolations } from '../../challenges/iam-least-privilege/grader/confine/search.ts';
import {
  formatWitness,
  wildcardInstances,
} from '../../challenges/iam-least-privilege/grader/confine/wildcards.ts';
import type { Probe } from '../../challenges/iam-least-privilege/grader/probe.ts';
import { probe } from '../../challenges/iam-least-privilege/grader/probe.ts';
import {
  BUCKET_ARN,
  KEY_ARN,
  QUEUE_ARN,
  viaS3Context,
} from '../../challenges/iam-least-privilege/grader/scenario.ts';
import { createEvaluator } from '../../challenges/iam-least-privilege/grader/simulate.ts';
import { statementsOf } from '../../challenges/iam-least-privilege/grader/statements.ts';

/**
 * The exhaustive confinement search (confine/): which actions it asks about, which resources and
 * contexts, what the brief's answer key permits, and that a policy's holes show whatever the
 * context they hide behind.
 */
const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements });
const OBJECT = `${BUCKET_ARN}/incoming/2025/03/14/inv-1042.pdf`;

async function violationsOf(document: object) {
  const statements = statementsOf(document);
  const result = await searchViolations(statements, createEvaluator(document));
  return { ...result, labels: [...result.violations.values()].flat().map((p: Probe) => p.label) };
}

describe('the action catalogue', () => {
  it('lists every action of every service for an Allow with NotAction', async () => {
    const actions = await allowableActions(
      statementsOf(policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })),
    );
    expect(actions.length).toBeGreaterThan(15_000);
    expect(actions.some((a) => a.startsWith('iam:'))).toBe(false);
    expect(actions).toContain('sts:AssumeRole');
  });

  it('drops the actions an unconditional Deny on every resource refuses, and keeps a conditional one', async () => {
    const allowAll = { Effect: 'Allow', Action: 's3:*', Resource: '*' };
    const deny = { Effect: 'Deny', NotAction: ['s3:GetObject', 's3:ListBucket'], Resource: '*' };
    expect(await allowableActions(statementsOf(policy(allowAll, deny)))).toEqual([
      's3:GetObject',
      's3:ListBucket',
    ]);
    const conditional = { ...deny, Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
    expect((await allowableActions(statementsOf(policy(allowAll, conditional)))).length).toBeGreaterThan(100);
  });

  it('matches action patterns without regard to case, as IAM does', async () => {
    const actions = await allowableActions(
      statementsOf(policy({ Effect: 'Allow', Action: 'S3:getobject*', Resource: '*' })),
    );
    expect(actions).toContain('s3:GetObjectAcl');
  });
});

describe('wildcards in resources', () => {
  it('fills a wildcard with what steps out of the place it seems to mean', () => {
    expect(wildcardInstances('arn:aws:s3:::acme-invoices/incoming*')).toContain(
      'arn:aws:s3:::acme-invoices/incoming-dlq',
    );
    expect(wildcardInstances('arn:aws:sqs:*:111122223333:q')).toContain(
      'arn:aws:sqs:us-east-1:111122223333:q',
    );
    expect(wildcardInstances('a*b*c*d*e*f*g').length).toBeLessThanOrEqual(48);
  });

  it('finds an ARN of a resource type a pattern can match, never letting a variable span a colon', () => {
    const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
    expect(formatWitness('arn:aws:s3:::acme-invoices/incoming/*', object)).toMatch(
      /^arn:aws:s3:::acme-invoices\/incoming\//,
    );
    expect(
      formatWitness(
        'arn:aws:s3:::acme-invoices/incoming/*',
        'arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}',
      ),
    ).toBeUndefined();
    expect(
      formatWitness('arn:aws:s3:::acme-invoices/*', 'arn:${Partition}:s3:::${BucketName}'),
    ).toBeUndefined();
    expect(formatWitness('*', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}')).toBe(
      'arn:x:logs:x:x:log-group:x',
    );
  });

  it('asks about the policy own resource patterns, their neighbours and a log stream under a log group pattern', async () => {
    const pattern = 'arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/invoice-ingest:*';
    const statements = statementsOf(
      policy({ Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: pattern }),
    );
    const resources = resourcesFor(await catalogueAction('logs:PutLogEvents'), statements);
    expect(
      resources.some((r) =>
        r.startsWith('arn:aws:logs:eu-west-1:111122223333:log-group:/ecs/invoice-ingest:log-stream:'),
      ),
    ).toBe(true);
    const sqs = resourcesFor(await catalogueAction('sqs:SendMessage'), []);
    expect(sqs).toEqual(
      expect.arrayContaining([
        QUEUE_ARN,
        `${QUEUE_ARN}-dlq`,
        'arn:aws:sqs:us-east-1:111122223333:invoice-parsed',
        'arn:aws:sqs:eu-west-1:444455556666:invoice-parsed',
      ]),
    );
  });
});

describe('contexts', () => {
  it('tries a time after every date a condition names, and plain HTTP when transport is named', async () => {
    const statements = statementsOf(
      policy({
        Effect: 'Deny',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: {
          DateLessThan: { 'aws:CurrentTime': '2026-06-30T00:00:00Z' },
          Bool: { 'aws:SecureTransport': 'true' },
        },
      }),
    );
    const found = variations(
      dimensionsFor(await catalogueAction('s3:PutObject'), OBJECT, statements),
      'seed',
    );
    expect(found.some((v) => v.set['aws:CurrentTime'] === '2026-06-30T00:00:01.000Z')).toBe(true);
    expect(found.some((v) => v.set['aws:SecureTransport'] === 'false')).toBe(true);
    expect(
      found.some((v) => v.set['aws:SecureTransport'] === undefined && 'aws:SecureTransport' in v.set),
    ).toBe(false);
  });

  it('sends a KMS call directly, through S3 and through other services', async () => {
    const found = variations(dimensionsFor(await catalogueAction('kms:Decrypt'), KEY_ARN, []), 'seed');
    const paths = new Set(found.map((v) => v.set['kms:ViaService'] ?? 'direct'));
    expect([...paths]).toEqual(
      expect.arrayContaining(['direct', 's3.eu-west-1.amazonaws.com', 'sqs.eu-west-1.amazonaws.com']),
    );
  });

  it('gives the same variations for the same request every time, within the cap', async () => {
    const many = policy(
      ...['aws:SourceIp', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:PrincipalTag/team', 'aws:RequestTag/x'].map(
        (key) => ({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringEquals: { [key]: ['a', 'b'] } },
        }),
      ),
    );
    const dimensions = dimensionsFor(await catalogueAction('s3:GetObject'), OBJECT, statementsOf(many));
    expect(variations(dimensions, 'one')).toEqual(variations(dimensions, 'one'));
    expect(variations(dimensions, 'one').length).toBeLessThanOrEqual(160);
  });
});

describe("the brief's answer key", () => {
  it('permits only the requests the worker makes, and the two look-ups the brief tolerates', () => {
    expect(permitted(probe('s3:GetObject', OBJECT))).toBe(true);
    expect(permitted(probe('s3:GetObject', `${BUCKET_ARN}/archive/x.pdf`))).toBe(false);
    expect(
      permitted(probe('s3:ListBucket', BUCKET_ARN, { context: { 's3:prefix': 'incoming/2025/' } })),
    ).toBe(true);
    expect(permitted(probe('s3:ListBucket', BUCKET_ARN))).toBe(false);
    expect(permitted(probe('s3:GetBucketLocation', BUCKET_ARN))).toBe(true);
    expect(permitted(probe('sqs:GetQueueUrl', QUEUE_ARN))).toBe(true);
    expect(permitted(probe('sqs:GetQueueAttributes', QUEUE_ARN))).toBe(false);
    expect(permitted(probe('kms:Decrypt', KEY_ARN, { context: viaS3Context(OBJECT) }))).toBe(true);
    expect(permitted(probe('kms:Decrypt', KEY_ARN))).toBe(false);
  });

  it('puts each forbidden request under the check of its requirement', async () => {
    const of = async (action: string, resource: string) =>
      confinementOf(probe(action, resource), await catalogueAction(action));
    expect(await of('s3:PutObjectTagging', OBJECT)).toBe('s3-read-only');
    expect(await of('s3:GetObjectAcl', OBJECT)).toBe('s3-prefix-confined');
    expect(await of('s3:GetObject', 'arn:aws:s3:::acme-payroll/x')).toBe('s3-other-buckets-denied');
    expect(await of('sqs:GetQueueAttributes', QUEUE_ARN)).toBe('sqs-send-only');
    expect(await of('kms:Decrypt', KEY_ARN)).toBe('kms-via-s3');
    expect(await of('kms:DescribeKey', KEY_ARN)).toBe('kms-decrypt-only');
    expect(await of('xray:PutTraceSegments', '*')).toBe('no-other-services');
  });
});

describe('the search', () => {
  it('finds a write a Deny only refuses until a deadline', async () => {
    const { labels } = await violationsOf(
      policy(
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: `${BUCKET_ARN}/incoming/*` },
        {
          Effect: 'Deny',
          Action: 's3:PutObject',
          Resource: '*',
          Condition: { DateLessThan: { 'aws:CurrentTime': '2026-06-30T00:00:00Z' } },
        },
      ),
    );
    expect(
      labels.some(
        (l) =>
          l.startsWith('s3:PutObject on acme-invoices/incoming/') &&
          l.includes('at 2026-06-30T00:00:00.000Z'),
      ),
    ).toBe(true);
  });

  it('finds an Allow that applies only over plain HTTP', async () => {
    const { labels } = await violationsOf(
      policy({
        Effect: 'Allow',
        Action: 's3:DeleteObject',
        Resource: `${BUCKET_ARN}/*`,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(labels.some((l) => l.includes('s3:DeleteObject') && l.includes('aws:SecureTransport false'))).toBe(
      true,
    );
  });

  it('finds actions a Deny that names only some writes lets through', async () => {
    const { violations } = await violationsOf(
      policy(
        { Effect: 'Allow', Action: 's3:*', Resource: `${BUCKET_ARN}/incoming/*` },
        { Effect: 'Deny', Action: ['s3:PutObject', 's3:DeleteObject', 's3:PutObjectAcl'], Resource: '*' },
      ),
    );
    const writes = (violations.get('s3-read-only') ?? []).map((p) => p.action);
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.some((a) => ['s3:PutObject', 's3:DeleteObject', 's3:PutObjectAcl'].includes(a))).toBe(
      false,
    );
  });

  it('finds nothing to report in the reference, and every generated request is one the simulator takes', async () => {
    const reference = policy(
      {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: BUCKET_ARN,
        Condition: { StringLike: { 's3:prefix': ['incoming/', 'incoming/*'] } },
      },
      { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/incoming/*` },
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: QUEUE_ARN },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: KEY_ARN,
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      },
    );
    const result = await violationsOf(reference);
    expect(result.labels).toEqual([]);
    expect(result.refused).toBe(0);
    expect(result.unfinished.size).toBe(0);
    expect(result.simulated).toBeGreaterThan(50);
  });

  it('judges a space larger than its budget as not shown confined, never as confined', async () => {
    const starter = policy({ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: '*' });
    const statements = statementsOf(starter);
    const result = await searchViolations(statements, createEvaluator(starter), 0);
    expect(result.simulated).toBe(0);
    expect([...result.unfinished].sort()).toEqual([
      's3-other-buckets-denied',
      's3-prefix-confined',
      's3-read-only',
      'sqs-send-only',
    ]);
  });
});
