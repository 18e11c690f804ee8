import { probe } from '../probe.ts';
import { BUCKET_ARN, KEY_ARN, OTHER_KEY_ARN, viaS3Context } from '../scenario.ts';
import { confinementCheck } from './confinement.ts';
import { KMS_NEEDED } from './required-access.ts';

// Every request here arrives through S3, the most generous context the policy may allow: a
// kms:ViaService condition must not hide that the action or the key is too broad.
const THROUGH_S3 = viaS3Context(`${BUCKET_ARN}/incoming/2025/03/14/inv-1042.pdf`);
const onKey = (action: string) => probe(action, KEY_ARN, { context: THROUGH_S3, note: 'through S3' });
// Key administration has no algorithm or encryption context; IAM would not see those keys.
const {
  'kms:EncryptionAlgorithm': _algorithm,
  'kms:EncryptionContext:aws:s3:arn': _context,
  ...ADMIN_CONTEXT
} = THROUGH_S3;
const administer = (action: string) => probe(action, KEY_ARN, { context: ADMIN_CONTEXT, note: 'through S3' });

/** R6, action and key: Decrypt on the invoice key, nothing else. */
export const kmsDecryptOnlyCheck = confinementCheck({
  id: 'kms-decrypt-only',
  needed: KMS_NEEDED,
  neededName: 'kms:Decrypt on the invoice key through S3 (R6)',
  rule: 'only decrypts, and only with the invoice key (R6)',
  forbidden: [
    onKey('kms:Encrypt'),
    onKey('kms:GenerateDataKey'),
    onKey('kms:ReEncryptFrom'),
    administer('kms:CreateGrant'),
    administer('kms:PutKeyPolicy'),
    administer('kms:DisableKey'),
    administer('kms:ScheduleKeyDeletion'),
    probe('kms:Decrypt', OTHER_KEY_ARN, {
      context: viaS3Context('arn:aws:s3:::acme-payroll/2025/03/payslip-0017.pdf'),
      note: 'through S3 (the payroll key)',
    }),
    probe('kms:CreateKey', '*'),
  ],
});
