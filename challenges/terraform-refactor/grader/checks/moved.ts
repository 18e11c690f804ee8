import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import type { Scope } from '../../../_lib/hcl/evaluate.ts';
import { evaluate } from '../../../_lib/hcl/evaluate.ts';
import type { Expression } from '../../../_lib/hcl/expression-ast.ts';
import { parseValueString } from '../../../_lib/hcl/expression-parse.ts';
import { isUnknown } from '../../../_lib/hcl/values.ts';
import { STARTER_ADDRESSES, typeOfAddress } from '../starter.ts';

/**
 * R12. The stack is live, so every resource must keep its state: each starter address either still
 * exists, or `moved` blocks (followed in a chain, module moves included) lead it to an address of the
 * same type that exists. Like Terraform, `aws_x.a` also matches `aws_x.a[0]` when count was added.
 */
export const movedCheck: Check = {
  id: 'state-moved',
  judge(grading) {
    const inventory = grading.inventory();
    const existing = new Set(inventory.resources.map((r) => r.address));
    const moves: [string, string][] = [];
    for (const block of grading.root.moved) {
      const from = addressOf(block.body.from, inventory.root.scope);
      const to = addressOf(block.body.to, inventory.root.scope);
      if (from && to) moves.push([from, to]);
    }
    const findings: string[] = [];
    let kept = 0;
    for (const address of STARTER_ADDRESSES) {
      const target = follow(address, moves);
      const found = [target, `${target}[0]`].find((a) => existing.has(a));
      if (found && resourceTypeOf(found) === typeOfAddress(address)) kept++;
      else if (target === address) findings.push(`${address} is gone and no moved block says where it went`);
      else findings.push(`${address} is moved to ${target}, which the configuration does not declare`);
    }
    const score = share(kept, STARTER_ADDRESSES.length);
    const message =
      score === 1
        ? 'Every existing resource keeps its state (same address or a moved block).'
        : `${STARTER_ADDRESSES.length - kept} existing resource(s) would be destroyed and re-created.`;
    return outcome(score, message, findings);
  },
};

function follow(address: string, moves: readonly [string, string][]): string {
  let current = address;
  for (let hop = 0; hop < 20; hop++) {
    const move = moves.find(([from]) => current === from || current.startsWith(`${from}.`));
    if (!move) break;
    current = move[1] + current.slice(move[0].length);
  }
  return current;
}

/** `module.web["a"].aws_instance.this[0]` → `aws_instance`. */
function resourceTypeOf(address: string): string {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  return parts[parts.length - 2] ?? '';
}

/** Renders a moved block's `from`/`to` reference as Terraform prints addresses. */
function addressOf(raw: unknown, scope: Scope): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const expression: Expression = parseValueString(raw);
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
