import { bodyView } from '../../../_lib/hcl/blocks.ts';
import type { Check, CheckOutcome } from '../../../_lib/hcl/check.ts';
import { outcome } from '../../../_lib/hcl/check.ts';
import { asList, asRecord } from '../../../_lib/hcl/config.ts';
import type { Scenario } from '../../../_lib/hcl/grading.ts';
import type { ModuleInstance } from '../../../_lib/hcl/module-instance.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe, isUnknown, reasonOf } from '../../../_lib/hcl/values.ts';

/** Provider and backend arguments that carry credentials. */
const CREDENTIAL_ARGUMENTS = ['access_key', 'secret_key', 'token'];
/**
 * AWS access key ids have a fixed shape, which secret scanners (gitleaks, trufflehog) look for. It is
 * applied to parsed string values, never to the HCL source.
 */
const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;

/**
 * R1. Follows every credential argument of every provider and backend to its value, through variables'
 * defaults, tfvars, locals and module inputs. A known string is hard-coded. An unknown from an input
 * without a value or from AWS is fine; an expression the grader cannot evaluate fails (cannot verify).
 */
export const credentialsCheck: Check = {
  id: 'no-hardcoded-credentials',
  judge(grading) {
    const findings = new Set<string>();
    const reached = new Set<string>();
    for (const scenario of grading.scenarios) {
      for (const module of grading.inventory(scenario).modules) {
        reached.add(module.config.dir);
        inspectModule(module, scenario, scenario === grading.scenarios[0], findings);
      }
    }
    for (const dir of grading.configs.keys()) {
      if (reached.has(dir)) continue;
      for (const module of grading.standalone(dir).modules) inspectModule(module, undefined, true, findings);
    }
    for (const file of grading.workspace.files) {
      for (const text of strings(file.json)) {
        const key = ACCESS_KEY_ID.exec(text)?.[0];
        if (key) findings.add(`${file.path}: contains an AWS access key id (${key.slice(0, 8)}…)`);
      }
    }
    return verdict([...findings]);
  },
};

function verdict(findings: readonly string[]): CheckOutcome {
  if (findings.length === 0) {
    return outcome(1, 'No credentials in the code: the AWS provider takes them from its environment.');
  }
  return outcome(0, `Credentials are still in the code (${findings.length} finding(s)).`, findings);
}

function inspectModule(
  module: ModuleInstance,
  scenario: Scenario | undefined,
  base: boolean,
  findings: Set<string>,
): void {
  const where = base || !scenario ? '' : ` with ${scenario.name}`;
  for (const provider of module.config.providers) {
    const view = bodyView(provider.body, module.scope);
    for (const argument of CREDENTIAL_ARGUMENTS) {
      const problem = judgeValue(view.get(argument));
      if (problem)
        findings.add(`${provider.file}: provider "${provider.name}" ${argument} ${problem}${where}`);
    }
  }
  for (const block of module.config.terraformBlocks) {
    for (const [type, bodies] of Object.entries(asRecord(block.body.backend))) {
      for (const body of asList(bodies)) {
        const view = bodyView(asRecord(body), module.scope);
        for (const argument of CREDENTIAL_ARGUMENTS) {
          const problem = judgeValue(view.get(argument));
          if (problem) findings.add(`${block.file}: backend "${type}" ${argument} ${problem}${where}`);
        }
      }
    }
  }
}

function judgeValue(value: Value): string | undefined {
  if (value === null || value === '') return undefined;
  if (isUnknown(value)) {
    const reason = reasonOf(value);
    return reason === 'computed' || reason === 'input' ? undefined : `cannot be verified (${value.detail})`;
  }
  return typeof value === 'string' ? `is the literal ${mask(value)}` : `is set to ${describe(value, 40)}`;
}

/** Enough of a secret to recognise it in the evidence, not enough to use it. */
function mask(secret: string): string {
  return `"${secret.slice(0, 4)}…" (${secret.length} characters)`;
}

function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      yield key;
      yield* strings(item);
    }
  }
}
