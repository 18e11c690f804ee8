import type { Probe } from '../probe.ts';
import { createEvaluator } from '../simulate.ts';
import type { Statement } from '../statements.ts';
import { coversAction } from '../statements.ts';

/**
 * The Allow statement that lets `request` through: the first one that, alone with every Deny of the
 * policy, still allows it. Asked of the simulator, so NotAction, NotResource and conditions count as
 * IAM counts them.
 */
export async function culprit(
  policy: unknown,
  statements: readonly Statement[],
  request: Probe,
): Promise<Statement | undefined> {
  const document = policy as { Statement: unknown };
  const raw = [document.Statement].flat();
  const denies = statements.filter((s) => s.effect === 'Deny').map((s) => raw[s.index]);
  for (const statement of statements) {
    if (statement.effect !== 'Allow' || !coversAction(statement, request.action)) continue;
    const alone = { ...document, Statement: [raw[statement.index], ...denies] };
    if ((await createEvaluator(alone).decide(request)) === 'Allowed') return statement;
  }
  return undefined;
}

/**
 * The Deny statement that refuses `request`: the first one that, alone after an Allow of
 * everything, still refuses it. Undefined when no Deny does (nothing allows the request).
 */
export async function denier(
  policy: unknown,
  statements: readonly Statement[],
  request: Probe,
): Promise<Statement | undefined> {
  const document = policy as { Statement: unknown };
  const raw = [document.Statement].flat();
  const everything = { Effect: 'Allow', Action: '*', Resource: '*' };
  for (const statement of statements) {
    if (statement.effect !== 'Deny') continue;
    const alone = { ...document, Statement: [everything, raw[statement.index]] };
    if ((await createEvaluator(alone).decide(request)) === 'ExplicitlyDenied') return statement;
  }
  return undefined;
}
