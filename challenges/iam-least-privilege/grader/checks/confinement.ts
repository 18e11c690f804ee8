import type { Check, Grading } from '../check.ts';
import { outcome } from '../check.ts';
import type { Probe } from '../probe.ts';
import { grantsAny } from './required-access.ts';

export interface Confinement {
  readonly id: string;
  /**
   * The needed requests this check confines. If the policy allows none of them, a deny-everything
   * policy would earn full marks for least privilege while the worker cannot run, so the check
   * scores 0 instead: no privilege is not least privilege.
   */
  readonly needed: readonly Probe[];
  /** What the worker must not be able to do, each request made with the most generous context. */
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

/** A check that the policy denies every request of `forbidden`, with credit by the share denied. */
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
      const allowed: string[] = [];
      for (const request of confinement.forbidden) {
        if ((await grading.evaluator.decide(request)) === 'Allowed') allowed.push(request.label);
      }
      const total = confinement.forbidden.length;
      if (allowed.length === 0) return outcome(1, `The worker ${confinement.rule}.`);
      return outcome(
        (total - allowed.length) / total,
        `The policy breaks the rule that the worker ${confinement.rule}: it allows ${allowed.length} of ${total} requests it should deny, for example ${allowed[0]}.`,
        allowed.map((label) => `allowed: ${label}`),
      );
    },
  };
}
