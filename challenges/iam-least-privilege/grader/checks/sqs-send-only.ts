import { probe } from '../probe.ts';
import { ACCOUNT, QUEUE, QUEUE_ARN, REGION } from '../scenario.ts';
import { confinementCheck } from './confinement.ts';
import { SQS_NEEDED } from './required-access.ts';

const queue = (name: string, region = REGION) => `arn:aws:sqs:${region}:${ACCOUNT}:${name}`;

/**
 * R5. `invoice-parsed-dlq` catches `invoice-parsed*`; the same queue name in another region catches a
 * wildcard region; the rest catch `sqs:*` and friends on the right queue.
 */
export const sqsSendOnlyCheck = confinementCheck({
  id: 'sqs-send-only',
  needed: SQS_NEEDED,
  neededName: `sqs:SendMessage on the ${QUEUE} queue (R5)`,
  rule: `only sends messages to ${QUEUE} (R5)`,
  forbidden: [
    probe('sqs:ReceiveMessage', QUEUE_ARN),
    probe('sqs:DeleteMessage', QUEUE_ARN),
    probe('sqs:PurgeQueue', QUEUE_ARN),
    probe('sqs:SetQueueAttributes', QUEUE_ARN),
    probe('sqs:DeleteQueue', QUEUE_ARN),
    probe('sqs:AddPermission', QUEUE_ARN),
    probe('sqs:SendMessage', queue(`${QUEUE}-dlq`)),
    probe('sqs:SendMessage', queue('payments-outbound')),
    probe('sqs:SendMessage', queue(QUEUE, 'us-east-1'), { region: 'us-east-1' }),
    probe('sqs:CreateQueue', queue(`${QUEUE}-copy`)),
    probe('sqs:ListQueues', '*'),
  ],
});
