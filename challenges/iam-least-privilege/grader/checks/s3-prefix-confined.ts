import { probe } from '../probe.ts';
import { BUCKET, BUCKET_ARN } from '../scenario.ts';
import { confinementCheck } from './confinement.ts';
import { S3_NEEDED } from './required-access.ts';

/**
 * R3, inside the bucket. The other prefixes hold archived and exported data the worker has no
 * business reading. `incoming-quarantine/` catches a pattern without its slash (`incoming*`), and a
 * listing with no prefix at all catches a prefix condition written with IfExists.
 */
export const s3PrefixConfinedCheck = confinementCheck({
  id: 's3-prefix-confined',
  needed: S3_NEEDED,
  neededName: 'the S3 reads the worker needs (R2)',
  rule: `reads ${BUCKET} only with GetObject and listings under incoming/ (R3)`,
  forbidden: [
    probe('s3:GetObject', `${BUCKET_ARN}/archive/2024/12/inv-0815.pdf`),
    probe('s3:GetObject', `${BUCKET_ARN}/exports/customers.csv`),
    probe('s3:GetObject', `${BUCKET_ARN}/incoming-quarantine/inv-0666.pdf`),
    probe('s3:ListBucket', BUCKET_ARN, { note: 'with no prefix (the whole bucket)' }),
    probe('s3:ListBucket', BUCKET_ARN, { context: { 's3:prefix': '' }, note: 'with an empty s3:prefix' }),
    probe('s3:ListBucket', BUCKET_ARN, {
      context: { 's3:prefix': 'archive/' },
      note: 'with s3:prefix archive/',
    }),
    probe('s3:ListBucket', BUCKET_ARN, {
      context: { 's3:prefix': 'incoming-quarantine/' },
      note: 'with s3:prefix incoming-quarantine/',
    }),
    probe('s3:ListBucketVersions', BUCKET_ARN, { note: 'with no prefix' }),
    probe('s3:GetBucketPolicy', BUCKET_ARN),
  ],
});
