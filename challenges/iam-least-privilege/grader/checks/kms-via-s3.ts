import { probe } from '../probe.ts';
import { BUCKET_ARN, KEY_ARN, REGION, viaS3Context } from '../scenario.ts';
import { confinementCheck } from './confinement.ts';
import { KMS_NEEDED } from './required-access.ts';

const INVOICE = `${BUCKET_ARN}/incoming/2025/03/14/inv-1042.pdf`;

/** The same decryption, arriving some other way than from S3. */
function decryptVia(service: string | undefined, note: string) {
  const context: Record<string, string> = { ...viaS3Context(INVOICE) };
  if (service) context['kms:ViaService'] = `${service}.${REGION}.amazonaws.com`;
  else {
    delete context['kms:ViaService'];
    context['aws:ViaAWSService'] = 'false';
  }
  return probe('kms:Decrypt', KEY_ARN, { context, note });
}

/**
 * R6, the path: with stolen task credentials, `aws kms decrypt` works from anywhere unless the policy
 * says the call must come through S3. The direct call carries the same encryption context as a real
 * object, since the caller chooses it: a condition on the context alone does not stop it.
 */
export const kmsViaS3Check = confinementCheck({
  id: 'kms-via-s3',
  needed: KMS_NEEDED,
  neededName: 'kms:Decrypt on the invoice key through S3 (R6)',
  rule: 'decrypts only when S3 calls KMS for it (R6)',
  forbidden: [
    decryptVia(undefined, 'called directly, not through S3'),
    decryptVia('sqs', 'through SQS'),
    decryptVia('secretsmanager', 'through Secrets Manager'),
    decryptVia('dynamodb', 'through DynamoDB'),
  ],
});
