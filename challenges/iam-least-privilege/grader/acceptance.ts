import { validateIdentityPolicy } from '@cloud-copilot/iam-policy';

/** Why AWS would refuse the policy, and where in the document. */
export interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** AWS's quota for a customer managed policy, counted without whitespace. */
export const MAX_POLICY_CHARACTERS = 6144;

const OPERATORS = new Set(
  [
    'StringEquals',
    'StringNotEquals',
    'StringEqualsIgnoreCase',
    'StringNotEqualsIgnoreCase',
    'StringLike',
    'StringNotLike',
    'NumericEquals',
    'NumericNotEquals',
    'NumericLessThan',
    'NumericLessThanEquals',
    'NumericGreaterThan',
    'NumericGreaterThanEquals',
    'DateEquals',
    'DateNotEquals',
    'DateLessThan',
    'DateLessThanEquals',
    'DateGreaterThan',
    'DateGreaterThanEquals',
    'Bool',
    'BinaryEquals',
    'IpAddress',
    'NotIpAddress',
    'ArnEquals',
    'ArnLike',
    'ArnNotEquals',
    'ArnNotLike',
  ].map((op) => op.toLowerCase()),
);

/**
 * Everything that makes `aws iam create-policy` answer MalformedPolicyDocument or LimitExceeded.
 * iam-policy checks the document's shape; it does not check condition operators, resource ARNs or
 * statement ids, which AWS also refuses, so those are checked here.
 */
export function acceptanceProblems(policy: unknown): Problem[] {
  // iam-policy throws on null; every non-object is refused the same way.
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    const kind = policy === null ? 'null' : Array.isArray(policy) ? 'an array' : typeof policy;
    return [{ path: [], message: `a policy must be a JSON object, not ${kind}` }];
  }
  const shape = validateIdentityPolicy(policy).map((e) => ({ path: parsePath(e.path), message: e.message }));
  // Resources, operators and Sids are only looked at once the shape is known to be right.
  if (shape.length > 0) return shape;
  // The shape is valid, so the document is an object whose Statement is an object or an array of them.
  const document = policy as { Statement: Record<string, unknown> | Record<string, unknown>[] };
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  const base = (index: number) => (Array.isArray(document.Statement) ? ['Statement', index] : ['Statement']);
  const problems: Problem[] = [];
  const sids = new Set<string>();
  statements.forEach((statement, index) => {
    const at = base(index);
    if (typeof statement.Sid === 'string' && !/^[A-Za-z0-9]*$/.test(statement.Sid)) {
      problems.push({ path: [...at, 'Sid'], message: 'a Sid may only hold letters and digits' });
    }
    if (typeof statement.Sid === 'string' && statement.Sid !== '') {
      if (sids.has(statement.Sid)) {
        problems.push({
          path: [...at, 'Sid'],
          message: `Sid ${statement.Sid} is used twice; every Sid must differ`,
        });
      }
      sids.add(statement.Sid);
    }
    for (const field of ['Resource', 'NotResource']) {
      const values = [statement[field] ?? []].flat();
      values.forEach((value) => {
        if (typeof value === 'string' && !isResourcePattern(value)) {
          problems.push({ path: [...at, field], message: `${field} ${value} must be "*" or an ARN` });
        }
      });
    }
    const condition = statement.Condition;
    if (condition && typeof condition === 'object') {
      for (const operator of Object.keys(condition)) {
        if (!isOperator(operator)) {
          problems.push({
            path: [...at, 'Condition', operator],
            message: `${operator} is not a condition operator`,
          });
        }
      }
    }
  });
  const size = JSON.stringify(policy).length;
  if (size > MAX_POLICY_CHARACTERS) {
    problems.push({
      path: [],
      message: `the policy is ${size} characters without whitespace; AWS stores at most ${MAX_POLICY_CHARACTERS}`,
    });
  }
  return problems;
}

function isResourcePattern(value: string): boolean {
  // arn:partition:service:region:account:resource; the resource part may itself contain colons.
  return value === '*' || (value.startsWith('arn:') && value.split(':').length >= 6);
}

function isOperator(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower === 'null') return true;
  const withoutSet = lower.replace(/^(forallvalues|foranyvalue):/, '');
  return OPERATORS.has(withoutSet.replace(/ifexists$/, ''));
}

/** iam-policy writes paths like `Statement[2].Condition.StringLike.s3:prefix` and `Statement[0].#Principal`. */
function parsePath(text: string): (string | number)[] {
  const steps: (string | number)[] = [];
  for (const part of text.split('.')) {
    const match = /^#?([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) break;
    if (match[1]) steps.push(match[1]);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return steps;
}
