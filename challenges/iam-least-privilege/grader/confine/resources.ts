import { ACCOUNT, BUCKET, KEY_ARN, OTHER_KEY_ARN, QUEUE, REGION } from '../scenario.ts';
import type { Statement } from '../statements.ts';
import type { CatalogueAction } from './catalogue.ts';
import { formatWitness, hasFormat, wildcardInstances } from './wildcards.ts';

const keyId = (arn: string) => arn.slice(arn.lastIndexOf('/') + 1);

/**
 * Values for the variables of ARN formats. The first is the worker's own resource; the others are the
 * resources next to it that the brief forbids: another region, account, bucket, prefix, queue, key.
 */
const VARIABLES: Readonly<Record<string, readonly string[]>> = {
  Partition: ['aws'],
  Region: [REGION, 'us-east-1'],
  Account: [ACCOUNT, '444455556666'],
  BucketName: [BUCKET, `${BUCKET}-archive`, 'acme-payroll', 'acme-customer-exports'],
  ObjectName: [
    'incoming/2025/03/14/inv-1042.pdf',
    'archive/2024/12/inv-0815.pdf',
    'exports/customers.csv',
    'incoming-quarantine/inv-0666.pdf',
  ],
  QueueName: [QUEUE, `${QUEUE}-dlq`, 'payments-outbound'],
  // A third key, so a NotResource that excludes only the payroll key still shows.
  KeyId: [keyId(KEY_ARN), keyId(OTHER_KEY_ARN), '0d1c2b3a-4f5e-4d6c-8b7a-9f8e7d6c5b4a'],
};
const DEFAULT_VALUES = ['invoice-ingest'];

function fill(format: string, chosen: Readonly<Record<string, string>>): string {
  return format.replace(
    /\$\{([^}]*)\}/g,
    (_, name: string) => chosen[name] ?? VARIABLES[name]?.[0] ?? 'invoice-ingest',
  );
}

/** The worker's own resource of this format, then every variation of one variable at a time. */
function formatInstances(format: string): string[] {
  const names = [...format.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1] ?? '');
  const found = [fill(format, {})];
  for (const name of names) {
    for (const value of (VARIABLES[name] ?? DEFAULT_VALUES).slice(1))
      found.push(fill(format, { [name]: value }));
  }
  return found;
}

/**
 * The resources to ask about for `action`: `*` for actions without resource types; otherwise the
 * worker's resources and their neighbours for each resource type, and every instance of the
 * resource patterns the policy's own statements write for this action (so a wildcard in the policy
 * is tried with what it could stand for).
 */
export function resourcesFor(action: CatalogueAction, statements: readonly Statement[]): string[] {
  if (action.arnFormats.length === 0) return ['*'];
  // Buckets and objects before access points: the examples in a message name the familiar ARN.
  const formats = [...action.arnFormats].sort(
    (a, b) => Number(a.includes('accesspoint')) - Number(b.includes('accesspoint')),
  );
  const found = formats.flatMap(formatInstances);
  for (const statement of statements) {
    for (const pattern of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) {
      for (const instance of wildcardInstances(pattern)) {
        if (action.arnFormats.some((format) => hasFormat(format, instance))) found.push(instance);
      }
      // Whatever the fillers miss: one ARN of each resource type the pattern can match at all.
      for (const format of action.arnFormats) {
        const witness = formatWitness(pattern, format);
        if (witness !== undefined && hasFormat(format, witness)) found.push(witness);
      }
    }
  }
  return [...new Set(found)];
}
