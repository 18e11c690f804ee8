import type { MutationFormat } from '../manifest.ts';
import type { MutationOperator } from '../types.ts';
import { operators as architecture } from './architecture.ts';
import { operators as hcl } from './hcl.ts';
import { operators as iam } from './iam.ts';
import { operators as kubernetes } from './kubernetes.ts';
import { operators as prometheus } from './prometheus.ts';
import { operators as workflow } from './workflow.ts';

/** Every format's operators, in the order the runner applies them. */
export const operatorsByFormat: Readonly<Record<MutationFormat, readonly MutationOperator[]>> = {
  hcl,
  kubernetes,
  workflow,
  iam,
  prometheus,
  architecture,
};

/** The operators of the given formats, in the order the formats are listed. */
export function operatorsFor(formats: readonly MutationFormat[]): MutationOperator[] {
  return formats.flatMap((format) => operatorsByFormat[format]);
}
