import type { BlockView } from '../../../_lib/hcl/blocks.ts';
import { bodyView } from '../../../_lib/hcl/blocks.ts';
import type { CheckOutcome } from '../../../_lib/hcl/check.ts';
import { outcome } from '../../../_lib/hcl/check.ts';
import { asList, asRecord } from '../../../_lib/hcl/config.ts';
import { evaluateRaw } from '../../../_lib/hcl/evaluate.ts';
import type { ModuleInstance } from '../../../_lib/hcl/module-instance.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe, isList, isObject, isUnknown } from '../../../_lib/hcl/values.ts';
import { unfollowedModules } from '../blind.ts';
import type { Check, RefactorGrading } from '../context.ts';
import { whereBlock, whereResource } from '../where.ts';
import { secretsIn } from './secrets.ts';

/** Provider and backend arguments that carry credentials: R1 wants none of them set. */
const CREDENTIAL_ARGUMENTS = ['access_key', 'secret_key', 'token'];
/** Arguments that point the provider at a credentials file; one inside the repository is a secret in it. */
const CREDENTIAL_FILES = ['shared_credentials_files', 'shared_credentials_file'];
/** Names of variables that hold a secret; a value for one in the code is a secret in the code. */
const SECRET_NAME = /secret|access_key|session_token|password|credential/i;

/**
 * R1. The AWS provider (and any backend) must set no access_key, secret_key or token at all: it reads
 * credentials from its environment. A value the grader cannot know (a variable with no value, a data
 * source) is not safe either: the brief asks for none. Every place a credential can hide is searched,
 * in every scenario: variables' values (defaults and tfvars), locals, every argument of every resource
 * (user_data, environment blocks), as Terraform evaluates them (base64decode included), and the text of
 * every file of the repository (a credentials file, a README).
 */
export const credentialsCheck: Check = {
  id: 'no-hardcoded-credentials',
  judge(grading) {
    const findings = new Set<string>();
    const reached = new Set<string>();
    for (const scenario of grading.scenarios) {
      const suffix = scenario === grading.scenarios[0] ? '' : ` (with ${scenario.name})`;
      for (const line of unfollowedModules(grading.inventory(scenario))) findings.add(line);
      for (const module of grading.inventory(scenario).modules) {
        reached.add(module.config.dir);
        for (const finding of inspectModule(grading, module)) findings.add(`${finding}${suffix}`);
      }
    }
    for (const dir of [...grading.configs.keys()].sort()) {
      if (reached.has(dir)) continue;
      for (const module of grading.standalone(dir).modules) {
        for (const finding of inspectModule(grading, module)) findings.add(finding);
      }
    }
    for (const [file, text] of grading.texts) {
      for (const [index, line] of text.split('\n').entries()) {
        for (const secret of secretsIn(line)) findings.add(`${file} line ${index + 1}: contains ${secret}`);
      }
    }
    return verdict([...findings]);
  },
};

function verdict(findings: readonly string[]): CheckOutcome {
  if (findings.length === 0) {
    return outcome(1, 'No credentials in the code: the AWS provider takes them from its environment.');
  }
  return outcome(
    0,
    `Credentials are still in the code, or the provider is given credentials instead of reading its environment (${findings.length} finding(s)).`,
    findings,
  );
}

function inspectModule(grading: RefactorGrading, module: ModuleInstance): string[] {
  const findings: string[] = [];
  for (const provider of module.config.providers) {
    const where = `${whereBlock(grading, provider.file, 'provider', [provider.name])}: provider "${provider.name}"`;
    const view = bodyView(provider.body, module.scope);
    findings.push(...credentialArguments(view, where));
    for (const role of view.blocks('assume_role_with_web_identity')) {
      const problem = judgeCredential(role.get('web_identity_token'));
      if (problem) findings.push(`${where} web_identity_token ${problem}`);
    }
    for (const argument of CREDENTIAL_FILES) {
      for (const file of strings(view.get(argument))) {
        if (!/^(~|\/|\$HOME)/.test(file))
          findings.push(`${where} ${argument} reads "${file}", a credentials file kept with the code`);
      }
    }
  }
  for (const block of module.config.terraformBlocks) {
    for (const [type, bodies] of Object.entries(asRecord(block.body.backend))) {
      for (const body of asList(bodies)) {
        const where = `${block.file}: backend "${type}"`;
        findings.push(...credentialArguments(bodyView(asRecord(body), module.scope), where));
      }
    }
  }
  const place = module.address ? `${module.address} (${module.config.dir})` : 'the root module';
  for (const [name, { file }] of module.config.variables) {
    const value = module.variable(name);
    const where = `${whereBlock(grading, file, 'variable', [name])}: variable "${name}" in ${place}`;
    if (SECRET_NAME.test(name) && strings(value).some((s) => s !== ''))
      findings.push(`${where} is given a value in the code (a default or a tfvars file)`);
    findings.push(...hiddenSecrets(value, where));
  }
  for (const [name, { file }] of module.config.locals) {
    findings.push(...hiddenSecrets(module.local(name), `${file}: local.${name} in ${place}`));
  }
  for (const block of module.config.resources) {
    for (const instance of module.resource(block).instances) {
      const where = `${whereResource(grading, block)}: ${instance.address}`;
      findings.push(...hiddenSecrets(evaluateRaw(block.body, instance.scope), where));
    }
  }
  return findings;
}

function credentialArguments(view: BlockView, where: string): string[] {
  return CREDENTIAL_ARGUMENTS.flatMap((argument) => {
    const problem = judgeCredential(view.get(argument));
    return problem ? [`${where} ${argument} ${problem}`] : [];
  });
}

/** Any value at all is wrong: the provider should read credentials from its environment. */
function judgeCredential(value: Value): string | undefined {
  if (value === null || value === '') return undefined;
  if (isUnknown(value)) {
    return `is set to a value that cannot be shown to be safe (${value.detail}); the brief wants the argument left out so the provider reads its environment`;
  }
  return typeof value === 'string' ? `is the literal ${mask(value)}` : `is set to ${describe(value, 40)}`;
}

/** Keys and secrets inside an evaluated value (a decoded string, a rendered user_data…). */
function hiddenSecrets(value: Value, where: string): string[] {
  return [...new Set(strings(value).flatMap(secretsIn))].map((secret) => `${where} contains ${secret}`);
}

/** Enough of a secret to recognise it in the evidence, not enough to use it. */
function mask(secret: string): string {
  return `"${secret.slice(0, 4)}…" (${secret.length} characters)`;
}

/** Every known string inside a value (keys of objects included). */
function strings(value: Value): string[] {
  if (typeof value === 'string') return [value];
  if (isList(value)) return value.flatMap(strings);
  if (isObject(value)) return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
  return [];
}
