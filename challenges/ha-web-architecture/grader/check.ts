import type { Check as KitCheck } from '../../_lib/grader-kit/check.ts';
import type { Failure } from './failures.ts';
import type { Graph, Node } from './graph.ts';
import type { Serving } from './serving.ts';

export type { CheckOutcome } from '../../_lib/grader-kit/outcome.ts';
export { outcome } from '../../_lib/grader-kit/outcome.ts';

/** What the checks judge: the design as a graph, and where each component is written. */
export interface Grading {
  readonly graph: Graph;
  /** `web (Web tier), architecture.json line 12`: a component named with its place in the file. */
  at(node: Node): string;
  /** The design evaluated in one failure (computed once per failure). */
  serving(failure: Failure): Serving;
}

/** A design check. */
export type Check = KitCheck<Grading>;
