/**
 * The world the brief describes: one account, one region, the worker's role and the three resources
 * it uses. Every request the grader asks about is built from these, so the brief and the grader
 * cannot drift apart silently (a test reads the brief's ARNs back from here).
 */
import parameters from './parameters.json' with { type: 'json' };

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/invoice-ingest`;
/** An ECS task's credentials are a session of its task role. */
export const SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/invoice-ingest/7f3a9c2e5d1b4a60`;

/**
 * The invoice bucket and the queue, as this variant names them: the platform writes the values a
 * seed draws into parameters.json (#17); the package's own copy holds acme-invoices and invoice-parsed.
 */
export const BUCKET: string = parameters.bucket;
export const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
export const PREFIX = 'incoming/';
export const QUEUE: string = parameters.queue;
export const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:${QUEUE}`;
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1f2e3d4c-5b6a-4789-8abc-def012345678`;
/** Another customer managed key in the same account (the payroll team's). */
export const OTHER_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d`;

export const S3_VIA_SERVICE = `s3.${REGION}.amazonaws.com`;

/** Fixed so that two gradings of the same files always see the same clock. */
const NOW = '2025-03-14T09:30:00Z';

/**
 * The request context every call from the worker carries: HTTPS through the public endpoints (no VPC
 * endpoints), from a session of the task role, at a fixed time.
 */
export function baseContext(region: string): Record<string, string> {
  return {
    'aws:PrincipalArn': ROLE_ARN,
    'aws:PrincipalAccount': ACCOUNT,
    'aws:PrincipalType': 'AssumedRole',
    'aws:RequestedRegion': region,
    'aws:SecureTransport': 'true',
    'aws:ViaAWSService': 'false',
    'aws:CurrentTime': NOW,
    'aws:EpochTime': String(Date.parse(NOW) / 1000),
  };
}

/**
 * The extra context KMS sees when S3 decrypts an object's data key for the worker (SSE-KMS without
 * S3 Bucket Keys, so the encryption context is the object's ARN).
 */
export function viaS3Context(objectArn: string): Record<string, string> {
  return {
    'aws:ViaAWSService': 'true',
    'kms:ViaService': S3_VIA_SERVICE,
    'kms:CallerAccount': ACCOUNT,
    'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT',
    'kms:EncryptionContext:aws:s3:arn': objectArn,
  };
}

/**
 * The key policy of every key in the account: AWS's default, which hands access control to IAM
 * policies. KMS ignores identity policies unless the key policy says so.
 */
export const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'EnableIamPolicies',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};
