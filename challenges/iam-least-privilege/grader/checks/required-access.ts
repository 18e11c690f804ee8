import type { Check, Grading } from '../check.ts';
import { outcome } from '../check.ts';
import { denier } from '../confine/culprit.ts';
import type { Probe } from '../probe.ts';
import { probe } from '../probe.ts';
import { BUCKET_ARN, KEY_ARN, QUEUE_ARN, viaS3Context } from '../scenario.ts';
import { statementName } from '../statements.ts';

const TODAY = `${BUCKET_ARN}/incoming/2025/03/14/inv-1042.pdf`;

/** R2. The worker lists a day's folder under incoming/, then reads each invoice in it. */
export const S3_NEEDED: readonly Probe[] = [
  probe('s3:ListBucket', BUCKET_ARN, {
    context: { 's3:prefix': 'incoming/' },
    note: 'with s3:prefix incoming/',
  }),
  probe('s3:ListBucket', BUCKET_ARN, {
    context: { 's3:prefix': 'incoming/2025/03/14/', 's3:delimiter': '/' },
    note: 'with s3:prefix incoming/2025/03/14/',
  }),
  probe('s3:GetObject', TODAY),
  probe('s3:GetObject', `${BUCKET_ARN}/incoming/inv-0001.pdf`),
];

/** R5. One message per parsed invoice. */
export const SQS_NEEDED: readonly Probe[] = [probe('sqs:SendMessage', QUEUE_ARN)];

/** R6. S3 asks KMS to decrypt each object's data key on the worker's behalf. */
export const KMS_NEEDED: readonly Probe[] = [
  probe('kms:Decrypt', KEY_ARN, {
    context: viaS3Context(TODAY),
    note: 'through S3, for an object under incoming/',
  }),
];

export const ALL_NEEDED: readonly Probe[] = [...S3_NEEDED, ...SQS_NEEDED, ...KMS_NEEDED];

/** Why a needed request is refused, naming the Deny statement that refuses it when there is one. */
async function whyRefused(grading: Grading, request: Probe): Promise<string> {
  if ((await grading.evaluator.decide(request)) === 'ExplicitlyDenied') {
    const statement = await denier(grading.policy, grading.statements, request);
    if (statement)
      return `${request.label} (denied by policy.json line ${grading.lineOf(statement)}, ${statementName(statement)})`;
  }
  return `${request.label} (no statement allows it)`;
}

/** R2, R5, R6. Every request the worker makes in its normal run is allowed. */
export const requiredAccessCheck: Check = {
  id: 'required-access',
  judge: async (grading) => {
    const refused: string[] = [];
    for (const request of ALL_NEEDED) {
      if ((await grading.evaluator.decide(request)) !== 'Allowed')
        refused.push(await whyRefused(grading, request));
    }
    if (refused.length === 0) {
      return outcome(1, 'Every request the worker makes in a normal run is allowed.');
    }
    return outcome(
      (ALL_NEEDED.length - refused.length) / ALL_NEEDED.length,
      `The worker would be refused ${refused.length} of the ${ALL_NEEDED.length} requests it makes in a normal run (R2, R5, R6): ${refused.join('; ')}.`,
      refused.map((label) => `denied: ${label}`),
    );
  },
};

/** True when at least one of `needed` is allowed: the policy grants something worth confining. */
export async function grantsAny(grading: Grading, needed: readonly Probe[]): Promise<boolean> {
  for (const request of needed) {
    if ((await grading.evaluator.decide(request)) === 'Allowed') return true;
  }
  return false;
}
