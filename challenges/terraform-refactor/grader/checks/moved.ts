import { outcome, share } from '../../../_lib/hcl/check.ts';
import type { Check } from '../context.ts';
import { judgeLive, liveObjects } from '../live-objects.ts';
import { LIVE_ARGUMENTS } from '../live-state.ts';
import { STARTER_ADDRESSES, typeOfAddress } from '../starter.ts';
import { whereResource } from '../where.ts';

/**
 * R12. The stack is live, so the plan must destroy nothing. Each starter address either still exists,
 * or `moved` blocks (followed in a chain, module moves included) lead it to an address of the same
 * type that exists; like Terraform, `aws_x.a` also matches `aws_x.a[0]` when count was added. The object
 * found must then keep every argument AWS cannot change in place (live-state.ts): the same literal
 * (a bucket name, a security group description), the same object behind a reference (an instance's
 * subnet). A value the plan could not know (a data source, a variable with no value) fails: it cannot
 * be shown to keep the object.
 */
export const movedCheck: Check = {
  id: 'state-moved',
  judge(grading) {
    const objects = liveObjects(grading, grading.inventory());
    const findings: string[] = [];
    let kept = 0;
    for (const address of STARTER_ADDRESSES) {
      const found = objects.locate(address);
      if (!found) {
        const target = objects.target(address);
        findings.push(
          target === address
            ? `${address} is gone and no moved block says where it went`
            : `${address} is moved to ${target}, which the configuration does not declare as a ${typeOfAddress(address)}`,
        );
        continue;
      }
      const where = `${whereResource(grading, found.block)}: ${found.address} (today ${address})`;
      const replaced = Object.entries(LIVE_ARGUMENTS.get(address) ?? {}).flatMap(([name, expected]) => {
        const problem = judgeLive(found, name, expected, objects);
        return problem ? [`${where}: ${name} ${problem}, which AWS cannot change without replacing it`] : [];
      });
      if (replaced.length === 0) kept++;
      else findings.push(...replaced);
    }
    const score = share(kept, STARTER_ADDRESSES.length);
    const message =
      score === 1
        ? 'Every existing resource keeps its state and its identity: the plan destroys nothing.'
        : `${STARTER_ADDRESSES.length - kept} existing resource(s) would be destroyed and re-created (or cannot be shown to survive the plan).`;
    return outcome(score, message, findings);
  },
};
