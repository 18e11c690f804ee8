import { globMatches } from './glob.ts';

/** One condition test of a statement: `"StringLike": { "s3:prefix": ["incoming/*"] }` gives one. */
export interface ConditionTest {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/** A statement of a policy AWS accepts, with every field that may be a string or a list as a list. */
export interface Statement {
  readonly index: number;
  /** The document path of the statement, for json-scan's nodeAt. */
  readonly path: readonly (string | number)[];
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  readonly conditions: readonly ConditionTest[];
}

const strings = (value: unknown): string[] | undefined =>
  value === undefined ? undefined : [value].flat().filter((v): v is string => typeof v === 'string');

/** The statements of `policy`, which acceptance.ts has already found AWS would accept. */
export function statementsOf(policy: unknown): Statement[] {
  const document = policy as { Statement: Record<string, unknown> | Record<string, unknown>[] };
  const list = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return list.map((raw, index) => {
    const conditions: ConditionTest[] = [];
    const block = raw.Condition;
    if (block && typeof block === 'object') {
      for (const [operator, tests] of Object.entries(block as Record<string, unknown>)) {
        if (!tests || typeof tests !== 'object') continue;
        for (const [key, values] of Object.entries(tests as Record<string, unknown>)) {
          const listed = [values].flat().map((v) => String(v));
          conditions.push({ operator, key, values: listed });
        }
      }
    }
    return {
      index,
      path: Array.isArray(document.Statement) ? ['Statement', index] : ['Statement'],
      sid: typeof raw.Sid === 'string' && raw.Sid !== '' ? raw.Sid : undefined,
      effect: raw.Effect === 'Deny' ? 'Deny' : 'Allow',
      action: strings(raw.Action),
      notAction: strings(raw.NotAction),
      resource: strings(raw.Resource),
      notResource: strings(raw.NotResource),
      conditions,
    };
  });
}

/** Whether the statement's Action or NotAction covers `action` (`service:Name`), as IAM matches it. */
export function coversAction(statement: Statement, action: string): boolean {
  if (statement.action) return statement.action.some((pattern) => globMatches(pattern, action));
  return !(statement.notAction ?? []).some((pattern) => globMatches(pattern, action));
}

/** How a message names a statement: its Sid when it has one, else its position. */
export function statementName(statement: Statement): string {
  return statement.sid ? `statement ${statement.sid}` : `statement ${statement.index + 1}`;
}
