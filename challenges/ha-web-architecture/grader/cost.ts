/**
 * The monthly estimate, from tables.ts only, as BRIEF.md states it: a month at peak, every tier at
 * its ceiling.
 * - A sized service costs its size's monthly price per instance: compute and caches at
 *   `instances.max` (a cache with no count is one node, two with `ha`), databases one instance,
 *   plus a standby with `ha`, plus each read replica.
 * - Every component of a service PRICES lists adds its fixed monthly charge and its per-use charge
 *   for the whole peak (any one of them may carry all of it after a failover).
 */
import { PRICES, sizeFigures } from '../../_lib/architecture/tables.ts';
import { PEAK_USERS } from './brief.ts';
import type { Graph, Node } from './graph.ts';

export interface CostLine {
  readonly node: Node;
  readonly usd: number;
  /** How the figure was reached, for the evidence. */
  readonly detail: string;
}

export interface Estimate {
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  /** Components that cannot be priced (a sized service with no size). */
  readonly unknown: readonly string[];
}

/** How many instances of its size a component is billed for. */
export function billedInstances(node: Node): number {
  const { component, entry } = node;
  if (entry.kind === 'sql') return 1 + (component.ha === true ? 1 : 0) + (component.readReplicas ?? 0);
  if (component.instances) return component.instances.max;
  return component.ha === true ? 2 : 1;
}

/** The design's monthly estimate, line by line. */
export function estimate(graph: Graph): Estimate {
  const { cloud } = graph.doc;
  const lines: CostLine[] = [];
  const unknown: string[] = [];
  for (const node of graph.nodes.values()) {
    const { component, entry } = node;
    let usd = 0;
    const parts: string[] = [];
    if (entry.sizes.length > 0) {
      const figures = component.size ? sizeFigures(cloud, component.service, component.size) : undefined;
      if (!figures) {
        unknown.push(`${node.name} has no size, so it cannot be priced`);
      } else {
        const count = billedInstances(node);
        usd += count * figures.monthlyUsd;
        parts.push(`${count} × ${component.size} at $${figures.monthlyUsd}`);
      }
    }
    const price = PRICES[cloud][component.service];
    if (price) {
      const use = (price.perThousandUsersMonthlyUsd * PEAK_USERS) / 1000;
      usd += price.fixedMonthlyUsd + use;
      parts.push(`$${price.fixedMonthlyUsd} fixed + $${round(use)} for the peak's use`);
    }
    if (parts.length > 0) lines.push({ node, usd, detail: parts.join(' + ') });
  }
  const totalUsd = lines.reduce((sum, line) => sum + line.usd, 0);
  return { lines, totalUsd, unknown };
}

/** Whole dollars with thousands separators: `$76,213`. */
export function dollars(usd: number): string {
  return `$${Math.round(usd).toLocaleString('en-US')}`;
}

const round = (n: number) => Math.round(n * 100) / 100;
