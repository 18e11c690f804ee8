/**
 * Mutation operators for IAM policy documents: each makes one change a reviewer of a least-privilege
 * policy would reject (a wildcard in an action or an ARN, a dropped condition or statement, Action
 * turned into NotAction, a grant of another service, a weaker condition operator or value). Every
 * mutant is still a policy AWS would store: the JSON is re-serialised whole, never edited as text.
 *
 * Ids are `<operator> <file> <statement> <field>[ = <new value>]`, where the statement is named by
 * its Sid or its position; the order is files, then statements, then fields as written.
 */
import type { Mutant, MutationOperator } from '../types.ts';
import {
  clone,
  isRecord,
  type Json,
  mutant,
  operator,
  policyOf,
  replaceEntry,
  rewrite,
  strings,
} from './iam-source.ts';

const wildcardAction = operator(
  'iam.wildcard-action',
  'widens one action to every action of its service (s3:GetObject to s3:*) or to a prefix (s3:GetObject*)',
  (site, files) =>
    strings(site.statement.Action).flatMap((action, index) => {
      const service = action.split(':')[0] ?? action;
      return [`${service}:*`, `${action}*`, `${action.replace(/^([^:]*:[A-Z][a-z]+).*$/, '$1')}*`]
        .filter((wide, at, all) => wide !== action && all.indexOf(wide) === at && !action.endsWith('*'))
        .map((wide) =>
          mutant(
            'iam.wildcard-action',
            site,
            `Action[${index}] = ${wide}`,
            `${action} widened to ${wide}`,
            rewrite(files, site, (s) => replaceEntry(s, 'Action', index, wide)),
          ),
        );
    }),
);

/** Wider versions of an ARN: any resource, and its region, account or last name part as a wildcard. */
function widerArns(arn: string): string[] {
  if (arn === '*') return [];
  const parts = arn.split(':');
  const wider = ['*'];
  if (parts.length >= 6) {
    const at = (index: number, value: string) =>
      parts.map((part, i) => (i === index ? value : part)).join(':');
    if (parts[3]) wider.push(at(3, '*'));
    if (parts[4]) wider.push(at(4, '*'));
    const head = `${parts.slice(0, 5).join(':')}:`;
    const resource = parts.slice(5).join(':');
    const slash = resource.lastIndexOf('/');
    const dir = resource.slice(0, slash);
    if (slash === -1) {
      if (!resource.endsWith('*')) wider.push(`${head}${resource}*`);
    } else if (resource.slice(slash + 1) !== '*') {
      wider.push(`${head}${dir}/*`);
    } else {
      // `bucket/incoming/*` to `bucket/*`, and to `bucket/incoming*` (the slash forgotten).
      if (dir.includes('/')) wider.push(`${head}${dir.slice(0, dir.lastIndexOf('/'))}/*`);
      wider.push(`${head}${dir}*`);
    }
  }
  return [...new Set(wider)].filter((w) => w !== arn);
}

const widenResource = operator(
  'iam.widen-resource',
  'widens one Resource ARN: to *, to any region or account, or its last name part to a wildcard',
  (site, files) =>
    strings(site.statement.Resource).flatMap((arn, index) =>
      widerArns(arn).map((wide) =>
        mutant(
          'iam.widen-resource',
          site,
          `Resource[${index}] = ${wide}`,
          `${arn} widened to ${wide}`,
          rewrite(files, site, (s) => replaceEntry(s, 'Resource', index, wide)),
        ),
      ),
    ),
);

const dropCondition = operator(
  'iam.drop-condition',
  'drops one condition key test of a statement',
  (site, files) => {
    const condition = site.statement.Condition;
    if (!isRecord(condition)) return [];
    return Object.entries(condition).flatMap(([op, tests]) =>
      Object.keys(isRecord(tests) ? tests : {}).map((key) =>
        mutant(
          'iam.drop-condition',
          site,
          `Condition.${op}.${key}`,
          `condition ${op} ${key} dropped`,
          rewrite(files, site, (s) => {
            const next = clone(condition);
            const block = next[op] as Json;
            delete block[key];
            if (Object.keys(block).length === 0) delete next[op];
            const { Condition: _dropped, ...rest } = s;
            return Object.keys(next).length > 0 ? { ...rest, Condition: next } : rest;
          }),
        ),
      ),
    );
  },
);

/** A condition operator with a weaker or opposite meaning. */
function otherOperators(op: string): string[] {
  const base = op.replace(/IfExists$/, '');
  const negated = base.includes('Not')
    ? base.replace('Not', '')
    : base.replace(/^(String|Numeric|Date|Arn|Ip)/, '$1Not');
  const others = [
    `${base}IfExists`,
    base === 'IpAddress' ? 'NotIpAddress' : base === 'NotIpAddress' ? 'IpAddress' : negated,
  ];
  if (base === 'StringEquals') others.push('StringLike');
  if (base === 'StringLike') others.push('StringEquals');
  if (base === 'ArnEquals') others.push('ArnLike');
  return [...new Set(others)].filter(
    (o) => o !== op && !/^(Bool|Null|BinaryEquals)Not/.test(o) && !o.startsWith('NullIfExists'),
  );
}

const changeConditionOperator = operator(
  'iam.change-condition-operator',
  'changes a condition operator: adds IfExists, negates it, or swaps Equals and Like',
  (site, files) => {
    const condition = site.statement.Condition;
    if (!isRecord(condition)) return [];
    return Object.keys(condition).flatMap((op) =>
      otherOperators(op)
        .filter((other) => !(other in condition))
        .map((other) =>
          mutant(
            'iam.change-condition-operator',
            site,
            `Condition.${op} = ${other}`,
            `condition operator ${op} changed to ${other}`,
            rewrite(files, site, (s) => {
              const next: Json = {};
              for (const [key, value] of Object.entries(condition)) next[key === op ? other : key] = value;
              return { ...s, Condition: next };
            }),
          ),
        ),
    );
  },
);

/** Weaker values of a condition: anything, or a prefix pattern without its closing slash. */
function widerValues(value: string): string[] {
  const wider = ['*'];
  if (value.endsWith('/*')) wider.push(`${value.slice(0, -2)}*`);
  else if (value === 'true' || value === 'false') wider.push(value === 'true' ? 'false' : 'true');
  else if (!value.includes('*')) wider.push(`${value.replace(/[^./:-]+$/, '')}*`);
  return [...new Set(wider)].filter((w) => w !== value);
}

const changeConditionValue = operator(
  'iam.change-condition-value',
  'widens one condition value to * or a looser pattern (a boolean is flipped)',
  (site, files) => {
    const condition = site.statement.Condition;
    if (!isRecord(condition)) return [];
    return Object.entries(condition).flatMap(([op, tests]) =>
      Object.entries(isRecord(tests) ? tests : {}).flatMap(([key, values]) =>
        [values].flat().flatMap((value, index) =>
          widerValues(String(value)).map((wide) =>
            mutant(
              'iam.change-condition-value',
              site,
              `Condition.${op}.${key}[${index}] = ${wide}`,
              `condition ${op} ${key} value ${String(value)} changed to ${wide}`,
              rewrite(files, site, (s) => {
                const next = clone(condition);
                const block = next[op] as Json;
                const list = [block[key]].flat();
                list[index] = wide;
                block[key] = Array.isArray(block[key]) ? list : list[0];
                return { ...s, Condition: next };
              }),
            ),
          ),
        ),
      ),
    );
  },
);

const notAction = operator(
  'iam.not-action',
  'turns Action into NotAction (and Resource into NotResource): the statement now grants everything else',
  (site, files) => {
    const found: Mutant[] = [];
    if ('Action' in site.statement) {
      found.push(
        mutant(
          'iam.not-action',
          site,
          'Action = NotAction',
          'Action turned into NotAction',
          rewrite(files, site, ({ Action, ...rest }) => ({ ...rest, NotAction: Action })),
        ),
      );
    }
    if ('Resource' in site.statement) {
      found.push(
        mutant(
          'iam.not-action',
          site,
          'Resource = NotResource',
          'Resource turned into NotResource',
          rewrite(files, site, ({ Resource, ...rest }) => ({ ...rest, NotResource: Resource })),
        ),
      );
    }
    return found;
  },
);

const dropStatement = operator(
  'iam.drop-statement',
  'drops one statement (a Deny guard rail, or a grant the workload needs)',
  (site, files) => [
    mutant(
      'iam.drop-statement',
      site,
      String(site.statement.Effect),
      `${String(site.statement.Effect)} statement dropped`,
      rewrite(files, site, () => undefined),
    ),
  ],
);

/** What a careless edit adds "for the SDK" or "for debugging": a grant of another service. */
const FOREIGN = [
  'iam:PassRole',
  'sts:AssumeRole',
  'secretsmanager:GetSecretValue',
  'logs:PutLogEvents',
] as const;

const addForeignAction = operator(
  'iam.add-foreign-action',
  'adds, after an Allow statement, a grant of an action of another service on every resource',
  (site, files) => {
    if (site.statement.Effect !== 'Allow') return [];
    const action = FOREIGN[site.index % FOREIGN.length] as string;
    const grant = { Effect: 'Allow', Action: action, Resource: '*' };
    return [
      mutant(
        'iam.add-foreign-action',
        site,
        `+ ${action}`,
        `a grant of ${action} on * added after it`,
        rewrite(files, site, (s) => [s, grant]),
      ),
    ];
  },
);

/** What a careless edit adds "while it is there": a write action of the same service. */
const SIBLING: Readonly<Record<string, string>> = {
  s3: 's3:PutObject',
  sqs: 'sqs:ReceiveMessage',
  kms: 'kms:GenerateDataKey',
  dynamodb: 'dynamodb:PutItem',
  sns: 'sns:Subscribe',
  secretsmanager: 'secretsmanager:PutSecretValue',
  logs: 'logs:DeleteLogGroup',
};

const addSiblingAction = operator(
  'iam.add-sibling-action',
  'adds an action of the same service to an Allow statement (s3:PutObject next to s3:GetObject, s3:ListBucketVersions next to s3:ListBucket)',
  (site, files) => {
    if (site.statement.Effect !== 'Allow' || !('Action' in site.statement)) return [];
    const actions = strings(site.statement.Action);
    const service = actions[0]?.split(':')[0]?.toLowerCase() ?? '';
    // On a bucket (no key in the ARN) the same statement's conditions fit a listing, not a put.
    const onBucket = service === 's3' && strings(site.statement.Resource).every((r) => !r.includes('/'));
    const sibling = onBucket ? 's3:ListBucketVersions' : (SIBLING[service] ?? `${service}:*`);
    if (actions.some((a) => a.toLowerCase() === sibling.toLowerCase())) return [];
    return [
      mutant(
        'iam.add-sibling-action',
        site,
        `Action += ${sibling}`,
        `${sibling} added to its actions`,
        rewrite(files, site, (s) => ({ ...s, Action: [...strings(s.Action), sibling] })),
      ),
    ];
  },
);

/** The policy grammar: Version 2008-10-17 (or none) reads policy variables as plain text. */
const oldVersion: MutationOperator = {
  name: 'iam.old-version',
  description: 'sets Version to 2008-10-17, the grammar without policy variables',
  apply: (files) =>
    files.flatMap((file): Mutant[] => {
      const policy = policyOf(file);
      if (!policy || policy.Version === '2008-10-17') return [];
      const content = `${JSON.stringify({ ...policy, Version: '2008-10-17' }, null, 2)}\n`;
      return [
        {
          id: `iam.old-version ${file.path} Version = 2008-10-17`,
          operator: 'iam.old-version',
          description: `${file.path}: Version set to 2008-10-17`,
          files: files.map((f) => (f === file ? { path: f.path, content } : f)),
        },
      ];
    }),
};

export const operators: MutationOperator[] = [
  wildcardAction,
  widenResource,
  dropCondition,
  changeConditionOperator,
  changeConditionValue,
  notAction,
  dropStatement,
  addForeignAction,
  addSiblingAction,
  oldVersion,
];
