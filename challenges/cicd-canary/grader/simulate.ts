import { data } from '@actions/expressions';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { ScriptCall } from './commands.ts';
import type { Variables } from './environment-variables.ts';
import { withEnv } from './environment-variables.ts';
import type { Contexts, Plain, Status } from './expressions.ts';
import { asText, evaluate, isTruthy } from './expressions.ts';
import { githubContext } from './github.ts';
import { order } from './job-graph.ts';
import type { LocalActions } from './local-actions.ts';
import type { Permissions } from './permissions.ts';
import { capPermissions, permissionsOf } from './permissions.ts';
import { runJobSteps } from './run-steps.ts';
import type { Scenario } from './scenario.ts';
import { entries, field, scalarOf } from './tokens.ts';
import type { JobModel, WorkflowModel } from './workflow.ts';

export type { Scenario } from './scenario.ts';

export type JobResult = 'success' | 'failure' | 'skipped';

/** A step that did not do what it names: a script or local action missing, or an action not followed. */
export type Unfollowed =
  | { readonly kind: 'unfollowed'; readonly why: string }
  | { readonly kind: 'not-found'; readonly why: string };

/** One call of the brief's scripts that ran, or a step the grader could not follow. */
export interface Call {
  /** The job's key: its id, or `caller/callee` for a job of a reusable workflow. */
  readonly job: string;
  readonly seq: number;
  readonly where: string;
  readonly call: ScriptCall | Unfollowed;
  readonly status: number;
}

/** One job that ran (or would run), as GitHub would start it. */
export interface JobRun {
  readonly key: string;
  /** Where the job is, in words: `.github/workflows/x.yml: job "canary" (line 3)`. */
  readonly label: string;
  readonly workflow: WorkflowModel;
  readonly job: JobModel;
  /** The environment name the job declares, evaluated; undefined when none or unknown. */
  readonly environment: string | undefined;
  /** The GITHUB_TOKEN the job gets: its own block, else its workflow's, capped by a caller's. */
  readonly permissions: Permissions;
  /** What the job's steps (and the local actions they use) need from the token. */
  readonly needs: { readonly contents: boolean; readonly idToken: boolean };
  /** Scopes a job of a reusable workflow asks for beyond its caller's token (GitHub refuses the run). */
  readonly beyondCaller: readonly string[];
}

export interface Trace {
  readonly workflow: WorkflowModel;
  readonly results: ReadonlyMap<string, JobResult>;
  readonly calls: readonly Call[];
  /** Every job a job (transitively) needs, by key, jobs inside reusable workflows included. */
  readonly ancestors: ReadonlyMap<string, ReadonlySet<string>>;
  readonly jobs: readonly JobRun[];
  /** Remote actions and reusable workflows the grader cannot follow, in words. */
  readonly opaque: readonly string[];
}

export interface World {
  readonly workflows: readonly WorkflowModel[];
  readonly actions: LocalActions;
  /** The repository variables (`vars.NAME`) the workflows and actions read. */
  readonly variables: readonly string[];
}

export interface Run {
  readonly world: World;
  readonly scenario: Scenario;
  readonly github: Plain;
  /** The repository variables (`vars`): none set, or every one the workflows read set to 'true'. */
  readonly vars: Record<string, Plain>;
  readonly results: Map<string, JobResult>;
  readonly ancestors: Map<string, Set<string>>;
  readonly calls: Call[];
  readonly jobs: JobRun[];
  readonly opaque: string[];
  readonly seq: { next: number };
}

interface Level {
  readonly workflow: WorkflowModel;
  readonly prefix: string;
  readonly inputs: Record<string, Plain>;
  /** The caller's token, which a reusable workflow can only narrow; undefined at the top. */
  readonly cap: Permissions | undefined;
  /** Keys every job of this level comes after (the caller's ancestors). */
  readonly after: ReadonlySet<string>;
  readonly depth: number;
  readonly caller: string | undefined;
}

const MAX_DEPTH = 4;

/**
 * Runs a workflow for one scenario the way GitHub's orchestrator does: jobs in `needs` order, each
 * job's `if:` evaluated with `needs` and the status of the jobs it depends on (transitively, as
 * GitHub does), job-level `continue-on-error` turning a failure into the `success` its dependents
 * see, reusable workflows (`uses: ./.github/workflows/…`) run job by job with their inputs and
 * outputs, then each job's steps (see run-steps.ts). `github` overrides the push context (a
 * workflow_run chained after the push); `after` are the keys of a run it waits for.
 */
export function simulate(
  workflow: WorkflowModel,
  scenario: Scenario,
  world: World,
  options: { github?: Plain; after?: ReadonlySet<string>; prefix?: string; into?: Trace } = {},
): Trace {
  const run: Run = {
    world,
    scenario,
    github: options.github ?? githubContext(),
    vars: scenario.varsSet ? Object.fromEntries(world.variables.map((name) => [name, 'true'])) : {},
    results: new Map(options.into?.results ?? []),
    ancestors: new Map([...(options.into?.ancestors ?? [])].map(([k, v]) => [k, new Set(v)])),
    calls: [...(options.into?.calls ?? [])],
    jobs: [...(options.into?.jobs ?? [])],
    opaque: [...(options.into?.opaque ?? [])],
    seq: { next: options.into?.calls.length ?? 0 },
  };
  runLevel(run, {
    workflow,
    prefix: options.prefix ?? '',
    inputs: {},
    cap: undefined,
    after: options.after ?? new Set(),
    depth: 0,
    caller: undefined,
  });
  return {
    workflow: options.into?.workflow ?? workflow,
    results: run.results,
    calls: run.calls,
    ancestors: run.ancestors,
    jobs: run.jobs,
    opaque: [...new Set(run.opaque)],
  };
}

/** Runs one workflow's jobs; returns each job's result and outputs by job id. */
function runLevel(
  run: Run,
  level: Level,
): Map<string, { result: JobResult; outputs: Record<string, string> }> {
  const done = new Map<string, { result: JobResult; outputs: Record<string, string> }>();
  const { workflow, prefix } = level;
  const base = (): Contexts => ({ github: run.github, vars: run.vars, secrets: {}, inputs: level.inputs });
  const workflowEnv = withEnv(new Map(), field(workflow.root, 'env'), base());
  const innerAncestors = new Map<string, Set<string>>();
  for (const job of order(workflow.jobs)) {
    const key = `${prefix}${job.id}`;
    const inner = new Set<string>();
    for (const need of job.needs) {
      inner.add(need);
      for (const a of innerAncestors.get(need) ?? []) inner.add(a);
    }
    innerAncestors.set(job.id, inner);
    run.ancestors.set(key, ancestorKeys(run, level, inner));
    const needs: Record<string, Plain> = {};
    for (const need of job.needs) {
      const r = done.get(need);
      needs[need] = { result: r?.result ?? 'skipped', outputs: r?.outputs ?? {} };
    }
    const before = [...inner].map((id) => done.get(id)?.result ?? 'skipped');
    const status: Status = {
      success: before.every((r) => r === 'success'),
      failure: before.some((r) => r === 'failure'),
    };
    const contexts: Contexts = { ...base(), needs, matrix: {}, strategy: {} };
    const condition = run.scenario.runEverything
      ? { ok: true as const, run: true }
      : judge(job.job.if.expression, contexts, status);
    let result: JobResult;
    let outputs: Record<string, string> = {};
    if (!condition.ok) result = 'failure';
    else if (!condition.run) result = 'skipped';
    else if (job.job.type === 'reusableWorkflowJob') {
      const called = callWorkflow(run, level, job, key, contexts);
      result = called.result;
      outputs = called.outputs;
    } else {
      const permissions = tokenOf(level, job);
      const steps = runJobSteps({
        run,
        workflow,
        job,
        key,
        contexts,
        workflowEnv: workflowEnv as Variables,
        where: jobLabel(level, job),
      });
      run.jobs.push({
        key,
        label: jobLabel(level, job),
        workflow,
        job,
        environment: environmentName(job.job.environment, contexts),
        permissions,
        needs: steps.needs,
        beyondCaller: beyondCaller(level, job),
      });
      outputs = steps.outputs;
      result = steps.failed && !truth(field(job.raw, 'continue-on-error'), contexts) ? 'failure' : 'success';
    }
    run.results.set(key, result);
    done.set(job.id, { result, outputs });
  }
  return done;
}

/** The keys a job comes after: its caller's, plus its ancestors in this workflow and what they called. */
function ancestorKeys(run: Run, level: Level, inner: ReadonlySet<string>): Set<string> {
  const keys = new Set(level.after);
  for (const id of inner) {
    const key = `${level.prefix}${id}`;
    keys.add(key);
    for (const other of run.ancestors.keys()) if (other.startsWith(`${key}/`)) keys.add(other);
  }
  return keys;
}

function callWorkflow(
  run: Run,
  level: Level,
  job: JobModel,
  key: string,
  contexts: Contexts,
): { result: JobResult; outputs: Record<string, string> } {
  if (job.job.type !== 'reusableWorkflowJob') return { result: 'failure', outputs: {} };
  const ref = job.job.ref.value;
  const file = ref.startsWith('./') ? ref.slice(2) : undefined;
  const callee = file ? run.world.workflows.find((w) => w.file === file) : undefined;
  if (!callee || level.depth >= MAX_DEPTH) {
    run.opaque.push(`${jobLabel(level, job)} calls ${ref}, a workflow the grader cannot follow`);
    return { result: 'success', outputs: {} };
  }
  const inputs = calleeInputs(callee, field(job.raw, 'with'), contexts);
  const cap = tokenOf(level, job);
  const done = runLevel(run, {
    workflow: callee,
    prefix: `${key}/`,
    inputs,
    cap,
    after: run.ancestors.get(key) ?? new Set(),
    depth: level.depth + 1,
    caller: jobLabel(level, job),
  });
  const failed = [...done.values()].some((d) => d.result === 'failure');
  const jobs: Record<string, Plain> = {};
  for (const [id, d] of done) jobs[id] = { result: d.result, outputs: d.outputs };
  const outputs: Record<string, string> = {};
  const definitions = field(field(field(callee.root, 'on'), 'workflow_call'), 'outputs');
  for (const [name, definition] of entries(definitions)) {
    const value = text(field(definition, 'value'), { github: run.github, jobs, inputs, vars: run.vars });
    if (value !== undefined) outputs[name] = value;
  }
  return { result: failed ? 'failure' : 'success', outputs };
}

/** The called workflow's `inputs`: the caller's `with:` values over the declared defaults. */
function calleeInputs(
  callee: WorkflowModel,
  given: TemplateToken | undefined,
  contexts: Contexts,
): Record<string, Plain> {
  const inputs: Record<string, Plain> = {};
  const declared = field(field(field(callee.root, 'on'), 'workflow_call'), 'inputs');
  for (const [name, definition] of entries(declared)) {
    const value = plain(field(definition, 'default'), {
      github: contexts.github ?? null,
      vars: {},
      inputs: {},
    });
    if (value !== undefined) inputs[name] = value;
  }
  for (const [name, token] of entries(given)) {
    const value = plain(token, contexts);
    if (value !== undefined) inputs[name] = value;
  }
  return inputs;
}

/** The scopes a called job's own or workflow permissions ask for beyond what its caller's token has. */
function beyondCaller(level: Level, job: JobModel): string[] {
  const own = field(job.raw, 'permissions') ?? field(level.workflow.root, 'permissions');
  if (!level.cap || !own) return [];
  const asked = permissionsOf(own);
  const capped = capPermissions(asked, level.cap);
  return [...asked].filter(([scope, access]) => capped.get(scope) !== access).map(([s, a]) => `${s}: ${a}`);
}

/** The token a job gets: its own permissions, else its workflow's, else the caller's (or write-all). */
function tokenOf(level: Level, job: JobModel): Permissions {
  const own = field(job.raw, 'permissions') ?? field(level.workflow.root, 'permissions');
  if (!level.cap) return permissionsOf(own);
  return own ? capPermissions(permissionsOf(own), level.cap) : level.cap;
}

export function jobLabel(
  level: { workflow: WorkflowModel; caller: string | undefined },
  job: JobModel,
): string {
  const own = `${level.workflow.file}: job "${job.id}" (line ${job.line})`;
  return level.caller ? `${own}, called by ${level.caller}` : own;
}

function environmentName(token: TemplateToken | undefined, contexts: Contexts): string | undefined {
  const nameToken = field(token, 'name') ?? token;
  return text(nameToken, contexts);
}

function judge(expression: string, contexts: Contexts, status: Status) {
  const evaluation = evaluate(expression, contexts, status);
  return evaluation.ok ? { ok: true as const, run: isTruthy(evaluation.value) } : { ok: false as const };
}

function plain(token: TemplateToken | undefined, contexts: Contexts): Plain | undefined {
  const scalar = scalarOf(token);
  if (!scalar) return undefined;
  if ('literal' in scalar) return scalar.literal;
  const evaluation = evaluate(scalar.expression, contexts);
  if (!evaluation.ok) return undefined;
  const value = evaluation.value;
  if (value.kind === data.Kind.Boolean) return isTruthy(value);
  if (value.kind === data.Kind.Number) return value.number();
  return asText(value);
}

/** A scalar as text (literal or evaluated); undefined when absent or not known. */
export function text(token: TemplateToken | undefined, contexts: Contexts): string | undefined {
  const scalar = scalarOf(token);
  if (!scalar) return undefined;
  if ('literal' in scalar) return scalar.literal === null ? undefined : String(scalar.literal);
  const evaluation = evaluate(scalar.expression, contexts);
  return evaluation.ok ? asText(evaluation.value) : undefined;
}

/** A scalar's truth (literal or evaluated); false when absent or not known. */
export function truth(token: TemplateToken | undefined, contexts: Contexts): boolean {
  const scalar = scalarOf(token);
  if (!scalar) return false;
  if ('literal' in scalar) return scalar.literal === true || scalar.literal === 'true';
  const evaluation = evaluate(scalar.expression, contexts);
  return evaluation.ok && isTruthy(evaluation.value);
}
