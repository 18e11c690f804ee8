import { probe } from '../probe.ts';
import { BUCKET_ARN } from '../scenario.ts';
import { confinementCheck } from './confinement.ts';
import { S3_NEEDED } from './required-access.ts';

const INVOICE = `${BUCKET_ARN}/incoming/2025/03/14/inv-1042.pdf`;

/**
 * R4. No write of any kind, above all under incoming/, where the worker does have read access: a
 * policy that grants `s3:*` or `s3:*Object` on the prefix lets a compromised worker plant or destroy
 * invoices.
 */
export const s3ReadOnlyCheck = confinementCheck({
  id: 's3-read-only',
  needed: S3_NEEDED,
  neededName: 'the S3 reads the worker needs (R2)',
  rule: 'changes nothing in S3 (R4)',
  forbidden: [
    probe('s3:PutObject', `${BUCKET_ARN}/incoming/2025/03/14/inv-1043.pdf`),
    probe('s3:DeleteObject', INVOICE),
    probe('s3:DeleteObjectVersion', INVOICE),
    probe('s3:PutObjectAcl', INVOICE),
    probe('s3:PutObjectTagging', INVOICE),
    probe('s3:RestoreObject', INVOICE),
    probe('s3:PutObject', `${BUCKET_ARN}/archive/2025/03/inv-1042.pdf`),
    probe('s3:PutBucketPolicy', BUCKET_ARN),
    probe('s3:PutEncryptionConfiguration', BUCKET_ARN),
    probe('s3:PutLifecycleConfiguration', BUCKET_ARN),
    probe('s3:DeleteBucket', BUCKET_ARN),
  ],
});
