import type { Step } from '@actions/workflow-parser/model/workflow-template';
import type { ScriptCall } from './commands.ts';
import { classifyCommand, mentionedScript } from './commands.ts';
import type { Variables } from './environment-variables.ts';
import { envObject, withEnv } from './environment-variables.ts';
import type { Contexts, Plain, Status } from './expressions.ts';
import { asText, evaluate, isTruthy } from './expressions.ts';
import { githubContext, runnerVariables } from './github.ts';
import { ancestry, order } from './job-graph.ts';
import { parseShell } from './shell-parse.ts';
import type { ShellResult } from './shell-run.ts';
import { runShell } from './shell-run.ts';
import { shellOf, workingDirectoryOf } from './step-settings.ts';
import { entries, field, scalarOf } from './tokens.ts';
import type { JobModel, StepModel, WorkflowModel } from './workflow.ts';

/** What the world does in one scenario: which of the brief's scripts fail. */
export interface Scenario {
  readonly name: string;
  /** The canary analysis passes (exit 0, verdict=pass) or fails (exit 1, verdict=fail). */
  readonly analysisPasses: boolean;
  /** The canary deploy itself fails (exit 1). */
  readonly canaryFails: boolean;
  /** Ignore every `if:` and run everything: used to find what a job would do at all. */
  readonly runEverything?: boolean;
}

export type JobResult = 'success' | 'failure' | 'skipped';

/** One call of the brief's scripts that ran, or a step the grader could not follow. */
export interface Call {
  readonly job: string;
  readonly seq: number;
  readonly where: string;
  readonly call: ScriptCall | { readonly kind: 'unfollowed'; readonly why: string };
  readonly status: number;
}

export interface Trace {
  readonly workflow: WorkflowModel;
  readonly results: ReadonlyMap<string, JobResult>;
  readonly calls: readonly Call[];
  /** Every job a job (transitively) needs. */
  readonly ancestors: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Runs a workflow for one scenario the way GitHub's orchestrator does: jobs in `needs` order, each
 * job's `if:` evaluated with `needs` and the status of the jobs it depends on (transitively, as
 * GitHub does: a skipped or failed ancestor makes `success()` false), then its steps in order with
 * their own `if:`, `continue-on-error`, outputs and shell semantics.
 */
export function simulate(workflow: WorkflowModel, scenario: Scenario): Trace {
  const results = new Map<string, JobResult>();
  const outputs = new Map<string, Record<string, string>>();
  const ancestors = ancestry(workflow.jobs);
  const calls: Call[] = [];
  const seq = { next: 0 };
  const workflowEnv = withEnv(new Map(), field(workflow.root, 'env'), baseContexts());

  for (const job of order(workflow.jobs)) {
    const needs: Record<string, Plain> = {};
    for (const need of job.needs) {
      needs[need] = { result: results.get(need) ?? 'skipped', outputs: outputs.get(need) ?? {} };
    }
    const before = [...(ancestors.get(job.id) ?? [])].map((id) => results.get(id) ?? 'skipped');
    const status: Status = {
      success: before.every((r) => r === 'success'),
      failure: before.some((r) => r === 'failure'),
    };
    const contexts: Contexts = { ...baseContexts(), needs };
    const condition = scenario.runEverything
      ? { ok: true as const, run: true }
      : judge(job.job.if.expression, contexts, status);
    if (!condition.ok) {
      results.set(job.id, 'failure');
      continue;
    }
    if (!condition.run) {
      results.set(job.id, 'skipped');
      continue;
    }
    const run = runJob(
      workflow,
      job,
      scenario,
      { ...contexts, matrix: {}, strategy: {} },
      workflowEnv,
      calls,
      seq,
    );
    results.set(job.id, run.failed ? 'failure' : 'success');
    outputs.set(job.id, run.outputs);
  }
  return { workflow, results, calls, ancestors };
}

function baseContexts(): Contexts {
  return { github: githubContext(), vars: {}, secrets: {}, inputs: {} };
}

function judge(expression: string, contexts: Contexts, status: Status) {
  const evaluation = evaluate(expression, contexts, status);
  return evaluation.ok ? { ok: true as const, run: isTruthy(evaluation.value) } : { ok: false as const };
}

function runJob(
  workflow: WorkflowModel,
  job: JobModel,
  scenario: Scenario,
  jobContexts: Contexts,
  workflowEnv: Variables,
  calls: Call[],
  seq: { next: number },
): { failed: boolean; outputs: Record<string, string> } {
  const jobEnv = withEnv(workflowEnv, field(job.raw, 'env'), jobContexts);
  const steps: Record<string, Plain> = {};
  let failed = false;
  for (const model of job.steps) {
    const contexts: Contexts = {
      ...jobContexts,
      steps,
      job: { status: failed ? 'failure' : 'success' },
      runner: { os: 'Linux', arch: 'X64', temp: '/home/runner/work/_temp' },
    };
    const env = withEnv(jobEnv, 'env' in model.step ? model.step.env : undefined, {
      ...contexts,
      env: envObject(jobEnv),
    });
    const stepContexts = { ...contexts, env: envObject(env) };
    const status: Status = { success: !failed, failure: failed };
    const condition = scenario.runEverything
      ? { ok: true as const, run: true }
      : judge(
          ('if' in model.step ? model.step.if?.expression : undefined) ?? 'success()',
          stepContexts,
          status,
        );
    let result: ShellResult = { status: 0, outputs: {} };
    if (!condition.ok) result = { status: 1, outputs: {} };
    else if (!condition.run) {
      if (model.step.id) steps[model.step.id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
      continue;
    } else if ('run' in model.step) {
      const where = `${workflow.file}, job "${job.id}", step ${model.index + 1} (line ${model.line})`;
      const onCall = (call: Call['call'], callStatus: number) => {
        calls.push({ job: job.id, seq: seq.next++, where, call, status: callStatus });
      };
      result = runStep(workflow, job, model, scenario, stepContexts, env, onCall);
    }
    const tolerated = continueOnError(model.step, stepContexts);
    const outcome = result.status === 0 ? 'success' : 'failure';
    const conclusion = outcome === 'failure' && tolerated ? 'success' : outcome;
    if (model.step.id) steps[model.step.id] = { outcome, conclusion, outputs: result.outputs };
    if (conclusion === 'failure') failed = true;
  }
  return { failed, outputs: jobOutputs(job, { ...jobContexts, steps, env: envObject(jobEnv) }) };
}

function runStep(
  workflow: WorkflowModel,
  job: JobModel,
  model: StepModel,
  scenario: Scenario,
  contexts: Contexts,
  env: Variables,
  onCall: (call: Call['call'], status: number) => void,
): ShellResult {
  const scalar = 'run' in model.step ? scalarOf(model.step.run) : undefined;
  let text = '';
  if (scalar && 'literal' in scalar) text = String(scalar.literal ?? '');
  else if (scalar) {
    const evaluation = evaluate(scalar.expression, contexts);
    if (!evaluation.ok) return { status: 1, outputs: {} };
    text = asText(evaluation.value);
  }
  const script = parseShell(text);
  const shell = shellOf(workflow, job, model);
  const mentioned = script.words.map(mentionedScript).find((s) => s !== undefined);
  if ((script.unsupported || !shell.bash) && mentioned) {
    const why = shell.bash ? (script.unsupported ?? '') : `a ${shell.name} script`;
    onCall({ kind: 'unfollowed', why: `calls the ${mentioned} script inside ${why}` }, 0);
    return { status: 0, outputs: {} };
  }
  if (!shell.bash) return { status: 0, outputs: {} };
  const variables = new Map([...runnerVariables(), ...env]);
  return runShell(script, {
    env: variables,
    cwd: workingDirectoryOf(workflow, job, model),
    errexit: shell.errexit,
    pipefail: shell.pipefail,
    command: (argv, cwd) => {
      const call = classifyCommand(argv, cwd);
      if (!call) return undefined;
      let status = 0;
      let outputs: Record<string, string> | undefined;
      if (call.kind === 'analysis') {
        status = scenario.analysisPasses ? 0 : 1;
        outputs = { verdict: scenario.analysisPasses ? 'pass' : 'fail' };
      } else if (scenario.canaryFails && call.target === 'production' && call.mode === 'canary') {
        status = 1;
      }
      onCall(call, status);
      return outputs ? { status, outputs } : { status };
    },
  });
}

function continueOnError(step: Step, contexts: Contexts): boolean {
  const value = step['continue-on-error'];
  if (value === undefined || typeof value === 'boolean') return value ?? false;
  const scalar = scalarOf(value);
  if (!scalar) return false;
  if ('literal' in scalar) return scalar.literal === true;
  const evaluation = evaluate(scalar.expression, contexts);
  return evaluation.ok && isTruthy(evaluation.value);
}

function jobOutputs(job: JobModel, contexts: Contexts): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, token] of entries(job.job.outputs)) {
    const scalar = scalarOf(token);
    if (!scalar) continue;
    if ('literal' in scalar) result[name] = String(scalar.literal ?? '');
    else {
      const evaluation = evaluate(scalar.expression, contexts);
      if (evaluation.ok) result[name] = asText(evaluation.value);
    }
  }
  return result;
}
