import type { Probe } from '../probe.ts';
import { BUCKET, BUCKET_ARN, KEY_ARN, PREFIX, QUEUE_ARN, S3_VIA_SERVICE } from '../scenario.ts';
import type { CatalogueAction } from './catalogue.ts';

/** The confinement checks, each owning a part of everything the worker must not do. */
export type ConfinementId =
  | 's3-read-only'
  | 's3-prefix-confined'
  | 's3-other-buckets-denied'
  | 'sqs-send-only'
  | 'kms-decrypt-only'
  | 'kms-via-s3'
  | 'no-other-services';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The bucket an S3 bucket or object ARN names, or undefined for any other resource. */
export function bucketOf(resource: string): string | undefined {
  if (!resource.startsWith('arn:aws:s3:::')) return undefined;
  return resource.slice('arn:aws:s3:::'.length).split('/')[0];
}

/**
 * The brief's answer key: whether the worker may make this request. Only what the brief describes
 * (listing under incoming/, GetObject under incoming/, SendMessage, Decrypt when S3 asks) plus the two
 * look-ups the brief tolerates (s3:GetBucketLocation on the bucket, sqs:GetQueueUrl on the queue).
 */
export function permitted(request: Probe): boolean {
  const { action, resource, context } = request;
  if (same(action, 's3:GetObject')) return resource.startsWith(`${BUCKET_ARN}/${PREFIX}`);
  if (same(action, 's3:ListBucket')) {
    const prefix = context['s3:prefix'];
    return resource === BUCKET_ARN && prefix !== undefined && prefix.startsWith(PREFIX);
  }
  if (same(action, 's3:GetBucketLocation')) return resource === BUCKET_ARN;
  if (same(action, 'sqs:SendMessage') || same(action, 'sqs:GetQueueUrl')) return resource === QUEUE_ARN;
  // The key lives in eu-west-1 and KMS keys are regional, so only S3 in eu-west-1 can ask for it;
  // a condition naming S3 in every region (`s3.*.amazonaws.com`) grants nothing more.
  if (same(action, 'kms:Decrypt')) return resource === KEY_ARN && isS3(context['kms:ViaService']);
  return false;
}

function isS3(viaService: string | undefined): boolean {
  return (
    viaService === S3_VIA_SERVICE || /^s3\.[a-z]{2}(-[a-z]+)+-\d\.amazonaws\.com$/.test(viaService ?? '')
  );
}

/** Which check a forbidden request belongs to, in the brief's terms (R3 to R7). */
export function confinementOf(request: Probe, action: CatalogueAction): ConfinementId {
  switch (action.service) {
    case 's3':
      if (!action.reads) return 's3-read-only';
      return bucketOf(request.resource) === BUCKET ? 's3-prefix-confined' : 's3-other-buckets-denied';
    case 'sqs':
      return 'sqs-send-only';
    case 'kms':
      return same(request.action, 'kms:Decrypt') && request.resource === KEY_ARN
        ? 'kms-via-s3'
        : 'kms-decrypt-only';
    default:
      return 'no-other-services';
  }
}
