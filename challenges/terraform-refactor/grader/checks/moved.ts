import { bodyView } from '../../../_lib/hcl/blocks.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import type { Scope } from '../../../_lib/hcl/evaluate.ts';
import { evaluate } from '../../../_lib/hcl/evaluate.ts';
import type { Expression } from '../../../_lib/hcl/expression-ast.ts';
import { parseValueString } from '../../../_lib/hcl/expression-parse.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { isUnknown } from '../../../_lib/hcl/values.ts';
import type { Check, RefactorGrading } from '../context.ts';
import type { LiveArgument } from '../live-state.ts';
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
    const inventory = grading.inventory();
    const byAddress = new Map(inventory.resources.map((r) => [r.address, r]));
    const moves: [string, string][] = [];
    for (const block of grading.root.moved) {
      const from = addressOf(block.body.from, inventory.root.scope);
      const to = addressOf(block.body.to, inventory.root.scope);
      if (from && to) moves.push([from, to]);
    }
    const locate = (address: string): ResourceInstance | undefined => {
      const target = follow(address, moves);
      const found = byAddress.get(target) ?? byAddress.get(`${target}[0]`);
      return found?.type === typeOfAddress(address) ? found : undefined;
    };
    const live = new Set(STARTER_ADDRESSES.map(locate).flatMap((r) => (r ? [r.address] : [])));
    const findings: string[] = [];
    let kept = 0;
    for (const address of STARTER_ADDRESSES) {
      const found = locate(address);
      if (!found) {
        const target = follow(address, moves);
        findings.push(
          target === address
            ? `${address} is gone and no moved block says where it went`
            : `${address} is moved to ${target}, which the configuration does not declare as a ${typeOfAddress(address)}`,
        );
        continue;
      }
      const replaced = replacements(grading, address, found, locate, live);
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

/** Why the plan would replace `found`, the live object `address` now is; empty when it keeps it. */
function replacements(
  grading: RefactorGrading,
  address: string,
  found: ResourceInstance,
  locate: (address: string) => ResourceInstance | undefined,
  live: ReadonlySet<string>,
): string[] {
  const view = bodyView(found.block.body, found.scope);
  const where = `${whereResource(grading, found.block)}: ${found.address} (today ${address})`;
  return Object.entries(LIVE_ARGUMENTS.get(address) ?? {}).flatMap(([name, expected]) => {
    const problem = judgeArgument(view.get(name), expected, locate, live);
    return problem ? [`${where}: ${name} ${problem}, which AWS cannot change in place`] : [];
  });
}

function judgeArgument(
  got: Value,
  expected: LiveArgument,
  locate: (address: string) => ResourceInstance | undefined,
  live: ReadonlySet<string>,
): string | undefined {
  const shown = (v: string | boolean) => JSON.stringify(v);
  if (expected.kind === 'reference') {
    const target = locate(expected.to)?.address;
    if (isUnknown(got) && target && got.origin.includes(target) && got.origin.length === 1) return undefined;
    if (got === null) return `is no longer set (it is ${expected.to} today)`;
    return `no longer points at ${expected.to}${target ? ` (now ${target})` : ''}`;
  }
  if (got === null) {
    if (expected.kind === 'unset') return undefined;
    if (expected.unset === 'same') return undefined;
    return expected.unset === undefined
      ? `is not set (it is ${shown(expected.value)} today)`
      : `is not set, so it becomes ${shown(expected.unset)} (it is ${shown(expected.value)} today)`;
  }
  if (isUnknown(got)) {
    // An attribute of an object that exists today is known when the plan runs.
    if (got.origin.length > 0 && got.origin.every((o) => live.has(o)) && expected.kind === 'value')
      return undefined;
    return `cannot be shown to stay ${expected.kind === 'value' ? shown(expected.value) : 'unset'} (${got.detail})`;
  }
  if (expected.kind === 'unset') {
    return expected.allowed.some((a) => same(got, a)) ? undefined : `is set to ${JSON.stringify(got)}`;
  }
  return same(got, expected.value)
    ? undefined
    : `changes from ${shown(expected.value)} to ${JSON.stringify(got)}`;
}

function same(got: Value, expected: string | boolean): boolean {
  if (typeof expected === 'boolean') return got === expected || got === String(expected);
  return got === expected;
}

function follow(address: string, moves: readonly [string, string][]): string {
  let current = address;
  for (let hop = 0; hop < 20; hop++) {
    const move = moves.find(([from]) => current === from || current.startsWith(`${from}.`));
    if (!move) break;
    current = move[1] + current.slice(move[0].length);
  }
  return current;
}

/** Renders a moved block's `from`/`to` reference as Terraform prints addresses. */
function addressOf(raw: unknown, scope: Scope): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // Terraform's JSON syntax writes the address as a plain string ("aws_x.a"), HCL as a reference.
  const expression: Expression = parseValueString(raw.includes('${') ? raw : `\${${raw}}`);
  if (expression.kind !== 'reference') return undefined;
  let address = expression.root;
  for (const step of expression.steps) {
    if (step.kind === 'attr') address += `.${step.name}`;
    else if (step.kind === 'index') {
      const key = evaluate(step.key, scope);
      if (isUnknown(key) || (typeof key !== 'string' && typeof key !== 'number')) return undefined;
      address += typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
    } else return undefined;
  }
  return address;
}
