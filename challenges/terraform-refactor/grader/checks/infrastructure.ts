import { bodyView } from '../../../_lib/hcl/blocks.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import { countByType } from '../../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import { isUnknown } from '../../../_lib/hcl/values.ts';
import { unfollowedModules } from '../blind.ts';
import type { Check, RefactorGrading } from '../context.ts';
import type { LiveObjects } from '../live-objects.ts';
import { judgeLive, liveObjects } from '../live-objects.ts';
import { routeDifferences, securityGroupDifferences } from '../live-rules.ts';
import { LIVE_SETTINGS, USER_DATA } from '../live-state.ts';
import { STARTER_ADDRESSES, starterCounts, typeOfAddress } from '../starter.ts';
import { whereResource } from '../where.ts';

/** Kinds a refactor may add more of (an admin security group, a logs bucket); the others stay as many. */
const MAY_GROW = new Set(['aws_security_group', 'aws_s3_bucket']);

/**
 * R3. The refactored stack builds what runs today, configured as today. Counts instances per type
 * across the root and local modules (count and for_each expanded with a plain plan's values): as many
 * of each kind as the starter, no fewer and (but for security groups and buckets) no more. Then each
 * live object, found through moved blocks (or, without them, among the instances of its type), must
 * keep the settings AWS changes in place (live-state.ts) apart from tags; the web security group
 * keeps HTTP, HTTPS and all egress and gains no other rule; the route table keeps its one route to
 * the gateway. Half the score is the counts, half the objects.
 */
export const infrastructureCheck: Check = {
  id: 'infrastructure-preserved',
  judge(grading) {
    const inventory = grading.inventory();
    const counts = countByType(inventory);
    const findings: string[] = [];
    let expectedTotal = 0;
    let credit = 0;
    for (const [type, expected] of starterCounts()) {
      expectedTotal += expected;
      const actual = counts.get(type) ?? 0;
      if (actual === null) {
        findings.push(`${type}: the number of instances cannot be evaluated (expected ${expected})`);
        continue;
      }
      const extra = MAY_GROW.has(type) ? 0 : Math.max(0, actual - expected);
      credit += Math.max(0, Math.min(actual, expected) - extra);
      if (actual < expected) findings.push(`${type}: ${actual} instance(s), the stack has ${expected}`);
      if (extra > 0)
        findings.push(
          `${type}: ${actual} instance(s), the stack has ${expected}; the plan would add ${extra}`,
        );
    }
    findings.push(...duplicateNames(grading, inventory));
    const objects = liveObjects(grading, inventory);
    const claimed = new Set<string>();
    let kept = 0;
    for (const address of STARTER_ADDRESSES) {
      const problems = judgeObject(grading, inventory, objects, address, claimed);
      if (problems.length === 0) kept++;
      else findings.push(...problems);
    }
    const duplicates = findings.some((f) => f.includes('same name'));
    const blind = unfollowedModules(inventory);
    const score =
      duplicates || blind.length > 0
        ? 0
        : (share(credit, expectedTotal) + share(kept, STARTER_ADDRESSES.length)) / 2;
    const message =
      score === 1
        ? 'Every resource of the original stack is still declared, configured as today.'
        : 'The refactor does not build the stack that runs today: resources are missing, added or configured differently.';
    return outcome(score, message, [
      ...blind,
      ...findings,
      ...inventory.blind.filter((b) => !b.startsWith('module.')),
    ]);
  },
};

/**
 * The differences between a live object and what the refactor makes of it. Without a moved block to
 * say which instance it became, any unclaimed instance of its type that matches will do.
 */
function judgeObject(
  grading: RefactorGrading,
  inventory: Inventory,
  objects: LiveObjects,
  address: string,
  claimed: Set<string>,
): string[] {
  const located = objects.locate(address);
  const candidates = located
    ? [located]
    : inventory.resources.filter((r) => r.type === typeOfAddress(address) && !claimed.has(r.address));
  if (candidates.length === 0) return [];
  let best: string[] | undefined;
  for (const candidate of candidates) {
    const problems = differences(grading, inventory, objects, address, candidate, !located);
    if (problems.length === 0) {
      claimed.add(candidate.address);
      return [];
    }
    if (!best || problems.length < best.length) best = problems;
  }
  return best ?? [];
}

function differences(
  grading: RefactorGrading,
  inventory: Inventory,
  objects: LiveObjects,
  address: string,
  found: ResourceInstance,
  loose: boolean,
): string[] {
  const where = `${whereResource(grading, found.block)}: ${found.address} (today ${address})`;
  const problems = Object.entries(LIVE_SETTINGS.get(address) ?? {}).flatMap(([name, expected]) => {
    if (name === 'user_data' && scriptFromFile(grading, found)) return [];
    const problem = judgeLive(found, name, expected, objects, loose);
    return problem ? [`${where}: ${name} ${problem}`] : [];
  });
  if (found.type === 'aws_security_group') {
    problems.push(...securityGroupDifferences(found, inventory).map((p) => `${where}: ${p}`));
  }
  if (found.type === 'aws_route_table') {
    const gateway =
      objects.locate('aws_internet_gateway.main') ??
      inventory.resources.find((r) => r.type === 'aws_internet_gateway');
    problems.push(...routeDifferences(found, gateway, inventory).map((p) => `${where}: ${p}`));
  }
  return problems;
}

/**
 * The library does not evaluate file() or templatefile(). A boot script read from a file counts as
 * today's when a file of the workspace holds exactly today's script.
 */
function scriptFromFile(grading: RefactorGrading, instance: ResourceInstance): boolean {
  const value = bodyView(instance.block.body, instance.scope).get('user_data');
  if (!isUnknown(value) || !/\b(file|templatefile)\(\)/.test(value.detail)) return false;
  return [...grading.texts.values()].some((text) => text === USER_DATA);
}

/** Security groups in one VPC, and buckets anywhere, cannot share a name: AWS refuses the second. */
function duplicateNames(grading: RefactorGrading, inventory: Inventory): string[] {
  const findings: string[] = [];
  for (const [type, argument] of [
    ['aws_security_group', 'name'],
    ['aws_s3_bucket', 'bucket'],
  ] as const) {
    const seen = new Map<string, ResourceInstance>();
    for (const resource of inventory.resources.filter((r) => r.type === type)) {
      const name = bodyView(resource.block.body, resource.scope).get(argument);
      if (typeof name !== 'string') continue;
      const first = seen.get(name);
      if (first) {
        findings.push(
          `${whereResource(grading, resource.block)}: ${resource.address} has the same name "${name}" as ${first.address}; AWS refuses the second`,
        );
      } else seen.set(name, resource);
    }
  }
  return findings;
}
