import { probe } from '../probe.ts';
import { ACCOUNT, REGION, ROLE_ARN } from '../scenario.ts';
import { confinementCheck } from './confinement.ts';
import { ALL_NEEDED } from './required-access.ts';

const GLOBAL = { region: 'us-east-1' };
const arn = (service: string, resource: string, region = REGION) =>
  `arn:aws:${service}:${region}:${ACCOUNT}:${resource}`;

/**
 * R7. What an attacker does first with a worker's credentials: escalate through IAM or STS, read
 * secrets, stop the audit trail. Statements like `Allow NotAction iam:*` or `Allow s3:* NotResource …`
 * grant most of these without naming them.
 */
export const noOtherServicesCheck = confinementCheck({
  id: 'no-other-services',
  needed: ALL_NEEDED,
  neededName: 'any of the access the worker needs (R2, R5, R6)',
  rule: 'can do nothing outside S3, SQS and KMS (R7)',
  forbidden: [
    probe('iam:PassRole', `arn:aws:iam::${ACCOUNT}:role/platform-admin`, GLOBAL),
    probe('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/ci-deploy`, GLOBAL),
    probe('iam:AttachRolePolicy', ROLE_ARN, GLOBAL),
    probe('iam:PutRolePolicy', ROLE_ARN, GLOBAL),
    probe('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/platform-admin`, GLOBAL),
    probe('organizations:LeaveOrganization', '*', GLOBAL),
    probe('secretsmanager:GetSecretValue', arn('secretsmanager', 'secret:prod/payments-db-AbCdEf')),
    probe('ssm:GetParameter', arn('ssm', 'parameter/prod/stripe-api-key')),
    probe('dynamodb:Scan', arn('dynamodb', 'table/customers')),
    probe('lambda:UpdateFunctionCode', arn('lambda', 'function:payments-api')),
    probe('ec2:TerminateInstances', arn('ec2', 'instance/i-0a1b2c3d4e5f67890')),
    probe('cloudtrail:StopLogging', arn('cloudtrail', 'trail/org-trail')),
    probe('logs:DeleteLogGroup', arn('logs', 'log-group:/ecs/invoice-ingest')),
  ],
});
