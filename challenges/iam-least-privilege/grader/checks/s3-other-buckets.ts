import { probe } from '../probe.ts';
import { BUCKET } from '../scenario.ts';
import { confinementCheck } from './confinement.ts';
import { S3_NEEDED } from './required-access.ts';

/**
 * R3, outside the bucket. `acme-invoices-archive` catches a bucket name with a trailing wildcard,
 * `acme-payroll/incoming/` a resource like `arn:aws:s3:::*\/incoming/*`, ListAllMyBuckets an `s3:List*`.
 */
export const s3OtherBucketsCheck = confinementCheck({
  id: 's3-other-buckets-denied',
  needed: S3_NEEDED,
  neededName: 'the S3 reads the worker needs (R2)',
  rule: 'reads no other bucket (R3)',
  forbidden: [
    probe('s3:GetObject', 'arn:aws:s3:::acme-payroll/incoming/2025/03/payslip-0017.pdf'),
    probe('s3:GetObject', `arn:aws:s3:::${BUCKET}-archive/incoming/inv-0001.pdf`),
    probe('s3:GetObject', 'arn:aws:s3:::acme-terraform-state/prod/terraform.tfstate'),
    probe('s3:ListBucket', `arn:aws:s3:::${BUCKET}-archive`, {
      context: { 's3:prefix': 'incoming/' },
      note: 'with s3:prefix incoming/',
    }),
    probe('s3:ListBucket', 'arn:aws:s3:::acme-payroll', {
      context: { 's3:prefix': 'incoming/' },
      note: 'with s3:prefix incoming/',
    }),
    probe('s3:ListAllMyBuckets', '*'),
  ],
});
