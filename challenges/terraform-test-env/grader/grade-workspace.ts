import type { Check } from '../../_lib/hcl/check.ts';
import type { GraderOutput } from '../../_lib/hcl/verdict.ts';
import { gradeTerraform } from '../../_lib/hcl/verdict.ts';
import { appTierCheck } from './checks/app-tier.ts';
import { credentialsCheck } from './checks/credentials.ts';
import { databaseIngressCheck } from './checks/database-ingress.ts';
import { databasePublicCheck } from './checks/database-public.ts';
import { databaseSubnetsCheck } from './checks/database-subnets.ts';
import { loadBalancerCheck } from './checks/load-balancer.ts';
import { networkCheck } from './checks/network.ts';
import { stateCheck } from './checks/state.ts';
import { tagsCheck } from './checks/tags.ts';
import { seeingEverything } from './followed.ts';
import { zoneModel } from './zones.ts';

export type { GraderOutput } from '../../_lib/hcl/verdict.ts';

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  seeingEverything(networkCheck),
  seeingEverything(appTierCheck),
  seeingEverything(loadBalancerCheck),
  seeingEverything(databaseSubnetsCheck),
  seeingEverything(databasePublicCheck),
  seeingEverything(databaseIngressCheck),
  stateCheck,
  seeingEverything(tagsCheck),
  credentialsCheck,
];

/**
 * Grades the Terraform files under `dir`. Pure apart from reading the files: the same files always
 * give the same result. Throws only on a grader bug, which the platform reports as a grader error.
 */
export function gradeWorkspace(dir: string): Promise<GraderOutput> {
  return gradeTerraform(dir, CHECKS, { dataSources: zoneModel });
}
