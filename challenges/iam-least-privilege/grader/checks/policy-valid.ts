import { unknownActions } from '../actions.ts';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { statementName } from '../statements.ts';

/**
 * R1, the parts AWS does not enforce. Whatever AWS would refuse outright never reaches the checks
 * (grade-workspace.ts fails them all with a diagnostic); what is left is a policy AWS stores but reads
 * differently from what its author meant: the 2008 grammar (Version missing or old) treats policy
 * variables as text, and an action name with a typo matches nothing, which in a Deny or a NotAction
 * is a silent hole. Half the credit for each.
 */
export const policyValidCheck: Check = {
  id: 'policy-valid',
  judge: async ({ policy, statements, lineOf }) => {
    const version = (policy as { Version?: unknown }).Version;
    const problems: string[] = [];
    const evidence: string[] = [];
    if (version !== '2012-10-17') {
      const written = version === undefined ? 'missing' : JSON.stringify(version);
      problems.push(
        `Version is ${written}, so AWS reads it with the 2008 policy grammar; set it to "2012-10-17"`,
      );
      evidence.push(`Version: ${written}`);
    }
    const unknown = await unknownActions(policy);
    if (unknown.length > 0) {
      const where = (path: readonly (string | number)[]) => {
        const statement = statements[typeof path[1] === 'number' ? path[1] : 0];
        return statement ? `line ${lineOf(statement)} (${statementName(statement)})` : 'policy.json';
      };
      const names = unknown.map((u) => `${u.action} at ${where(u.path)}`);
      problems.push(
        `${names.join(', ')} ${names.length === 1 ? 'is not an IAM action' : 'are not IAM actions'}`,
      );
      evidence.push(
        ...unknown.map(
          (u) => `policy.json ${where(u.path)} ${u.path.at(-1)}: ${u.action} matches no IAM action`,
        ),
      );
    }
    if (problems.length === 0) return outcome(1, 'AWS accepts the policy and reads it as written (R1).');
    const score = 1 - (version !== '2012-10-17' ? 0.5 : 0) - (unknown.length > 0 ? 0.5 : 0);
    return outcome(
      score,
      `AWS accepts the policy, but not as written (R1): ${problems.join('; ')}.`,
      evidence,
    );
  },
};
