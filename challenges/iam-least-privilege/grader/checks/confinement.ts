import type { Check, Grading } from '../check.ts';
import { outcome } from '../check.ts';
import { culprit } from '../confine/culprit.ts';
import type { ConfinementId } from '../confine/oracle.ts';
import type { Probe } from '../probe.ts';
import { statementName } from '../statements.ts';
import { grantsAny } from './required-access.ts';

export interface Confinement {
  readonly id: ConfinementId;
  /**
   * The needed requests this check confines. If the policy allows none of them, a deny-everything
   * policy would earn full marks for least privilege while the worker cannot run, so the check
   * scores 0 instead: no privilege is not least privilege.
   */
  readonly needed: readonly Probe[];
  /**
   * Representative requests the worker must not make, each with the most generous context. They
   * are asked on top of the exhaustive search and give the partial credit of a failing check.
   */
  readonly forbidden: readonly Probe[];
  /** The rule in the brief's words, e.g. "changes nothing in S3 (R4)". */
  readonly rule: string;
  /** What the needed requests are, for the message when none is allowed. */
  readonly neededName: string;
}

/** A confinement check keeps its requests visible, so tests can prove each one is well-formed. */
export interface ConfinementCheck extends Check {
  readonly needed: readonly Probe[];
  readonly forbidden: readonly Probe[];
}

/** Where a request is allowed from, for messages: `line 14 (statement ReadInvoices)`. */
async function whereAllowed(grading: Grading, request: Probe): Promise<string> {
  const statement = await culprit(grading.policy, grading.statements, request);
  return statement ? `line ${grading.lineOf(statement)} (${statementName(statement)})` : 'the policy';
}

/**
 * A check that the policy allows nothing of its part of the forbidden space: every catalogue action
 * and resource the exhaustive search (confine/search.ts) assigns to it, in every context, plus the
 * representative requests. Passing needs none allowed; a failing check keeps half the share of the
 * representative requests denied as partial credit.
 */
export function confinementCheck(confinement: Confinement): ConfinementCheck {
  return {
    id: confinement.id,
    needed: confinement.needed,
    forbidden: confinement.forbidden,
    judge: async (grading: Grading) => {
      if (!(await grantsAny(grading, confinement.needed))) {
        return outcome(
          0,
          `Not judged: the policy does not grant ${confinement.neededName}, so there is nothing to confine yet. Grant what the worker needs, and only that.`,
        );
      }
      const allowed: Probe[] = [];
      for (const request of confinement.forbidden) {
        if ((await grading.evaluator.decide(request)) === 'Allowed') allowed.push(request);
      }
      const search = await grading.search();
      const found = [...allowed, ...(search.violations.get(confinement.id) ?? [])];
      const total = confinement.forbidden.length;
      const partial = (0.5 * (total - allowed.length)) / total;
      if (found.length === 0) {
        if (!search.unfinished.has(confinement.id)) return outcome(1, `The worker ${confinement.rule}.`);
        return outcome(
          partial,
          `The policy cannot be shown to keep the rule that the worker ${confinement.rule}: it could allow more requests than the grader can ask about in the time it has (more than ${search.simulated}). Narrow its Action and Resource patterns.`,
        );
      }
      const [first] = found as [Probe, ...Probe[]];
      const evidence = await Promise.all(
        found
          .slice(0, 8)
          .map(
            async (request) =>
              `allowed by policy.json ${await whereAllowed(grading, request)}: ${request.label}`,
          ),
      );
      const more = found.length > 1 ? ` (and at least ${found.length - 1} more forbidden requests)` : '';
      return outcome(
        partial,
        `policy.json ${await whereAllowed(grading, first)} allows ${first.label}${more}, but the brief says the worker ${confinement.rule}.`,
        evidence,
      );
    },
  };
}
