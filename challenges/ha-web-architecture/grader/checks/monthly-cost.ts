import { BUDGET_USD } from '../brief.ts';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { dollars, estimate } from '../cost.ts';

/**
 * R8. The monthly estimate of cost.ts (tables.ts only, every tier at its max) within the budget.
 * Over budget scores the share of the estimate the budget covers; a component that cannot be priced
 * (a sized service with no size) is unknown, and unknown is not within budget.
 */
export const monthlyCostCheck: Check = {
  id: 'monthly-cost',
  judge: ({ graph, at }) => {
    const { lines, totalUsd, unknown } = estimate(graph);
    const biggest = [...lines].sort((a, b) => b.usd - a.usd);
    const evidence = biggest.map((line) => `${at(line.node)}: ${dollars(line.usd)} (${line.detail})`);
    if (unknown.length > 0) {
      return outcome(0, `The estimate cannot be made: ${unknown.join('; ')} (R8).`, evidence);
    }
    const top = biggest
      .slice(0, 3)
      .map((line) => `${line.node.component.id} ${dollars(line.usd)}`)
      .join(', ');
    if (totalUsd <= BUDGET_USD) {
      return outcome(
        1,
        `The estimate is ${dollars(totalUsd)} a month, within the ${dollars(BUDGET_USD)} budget (R8).`,
        evidence,
      );
    }
    return outcome(
      BUDGET_USD / totalUsd,
      `The estimate is ${dollars(totalUsd)} a month, over the ${dollars(BUDGET_USD)} budget; the largest lines: ${top} (R8).`,
      evidence,
    );
  },
};
