import type { Grading, Scenario } from './grading.ts';
import type { Inventory } from './inventory.ts';

/** What a check concludes; grade-workspace.ts turns it into the platform's result line. */
export interface CheckOutcome {
  readonly passed: boolean;
  /** 0..1; partial credit where a share of the work is done. */
  readonly score: number;
  readonly message: string;
  readonly evidence?: readonly string[];
}

export interface Check {
  readonly id: string;
  judge(grading: Grading): CheckOutcome;
}

const MAX_EVIDENCE = 50;

export function outcome(score: number, message: string, evidence: readonly string[] = []): CheckOutcome {
  const rounded = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
  const result = { passed: rounded === 1, score: rounded, message };
  return evidence.length > 0 ? { ...result, evidence: evidence.slice(0, MAX_EVIDENCE) } : result;
}

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

export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
