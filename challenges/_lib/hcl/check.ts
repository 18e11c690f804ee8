import type { Check as KitCheck } from '../grader-kit/check.ts';
import type { CheckOutcome } from '../grader-kit/outcome.ts';
import { outcome } from '../grader-kit/outcome.ts';
import type { Grading, Scenario } from './grading.ts';
import type { Inventory } from './inventory.ts';

export type { CheckOutcome } from '../grader-kit/outcome.ts';
export { outcome } from '../grader-kit/outcome.ts';
export { share } from '../grader-kit/share.ts';

/** A Terraform check: judged against the expanded configuration. */
export type Check = KitCheck<Grading>;

/**
 * Judges every scenario (plain plan, then each extra .tfvars file) and keeps the worst: a security
 * hole that only opens with prod.tfvars is still a hole.
 */
export function worstOverScenarios(
  grading: Grading,
  judge: (inventory: Inventory, scenario: Scenario) => CheckOutcome,
): CheckOutcome {
  let worst: CheckOutcome | undefined;
  for (const [index, scenario] of grading.scenarios.entries()) {
    const result = judge(grading.inventory(scenario), scenario);
    if (!worst || result.score < worst.score) {
      worst = index === 0 ? result : { ...result, message: withScenario(result.message, scenario) };
    }
  }
  return worst ?? outcome(0, 'nothing to judge');
}

function withScenario(message: string, scenario: Scenario): string {
  return `${message.replace(/\.$/, '')} with the values in ${scenario.name}.`;
}
