import type { Step } from '@actions/workflow-parser/model/workflow-template';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { classifyCommand, mentionedScript } from './commands.ts';
import type { Variables } from './environment-variables.ts';
import { envObject, withEnv } from './environment-variables.ts';
import type { Contexts, Plain } from './expressions.ts';
import { asText, evaluate, isTruthy } from './expressions.ts';
import { runnerVariables } from './github.ts';
import type { LocalAction } from './local-actions.ts';
import { localActionDir } from './local-actions.ts';
import { parseShell } from './shell-parse.ts';
import type { CommandEffect, Field, ShellResult } from './shell-run.ts';
import { runShell } from './shell-run.ts';
import type { Call, Run } from './simulate.ts';
import { text, truth } from './simulate.ts';
import { shellFor, workingDirectoryFor } from './step-settings.ts';
import { entries, field, scalarOf } from './tokens.ts';
import type { JobModel, StepModel, WorkflowModel } from './workflow.ts';

const CHECKOUT = 'actions/checkout';
const AWS_CREDENTIALS = 'aws-actions/configure-aws-credentials';
const REPOSITORY = 'acme/storefront';
/** GitHub's default job timeout. */
const JOB_TIMEOUT_MINUTES = 360;
const MAX_NESTING = 10;

interface JobState {
  readonly run: Run;
  readonly key: string;
  /** Folders the repository is checked out to ('' for the workspace itself). */
  readonly checkedOut: Set<string>;
  readonly needs: { contents: boolean; idToken: boolean };
  /** Whether npm installed the dependencies in this job (the tests need them). */
  readonly installed: { value: boolean };
  readonly clock: { minutes: number; readonly limit: number; expired: boolean };
}

interface StepList {
  readonly steps: readonly StepModel[];
  /** Where the steps are, for messages: the job, or the action file used by a step. */
  readonly where: string;
  readonly file: string;
  /** Run settings (`defaults.run`) that apply when a step sets none: the job's, then the workflow's. */
  readonly defaults: readonly (TemplateToken | undefined)[];
  readonly contexts: Contexts;
  readonly env: Variables;
  readonly depth: number;
}

/**
 * Runs a job's steps in order, as the runner does: each step's `if:` (status functions about the
 * earlier steps), `env`, `continue-on-error` (a failed step's conclusion becomes success, its outcome
 * stays failure), `timeout-minutes` and the job's, `run:` scripts with the shell's semantics, local
 * composite actions step by step with their inputs and outputs, and `actions/checkout` (the brief's
 * scripts and local actions exist only where the repository was checked out).
 */
export function runJobSteps(args: {
  run: Run;
  workflow: WorkflowModel;
  job: JobModel;
  key: string;
  contexts: Contexts;
  workflowEnv: Variables;
  where: string;
}): { failed: boolean; outputs: Record<string, string>; needs: { contents: boolean; idToken: boolean } } {
  const { run, workflow, job, key, contexts } = args;
  const limit = minutes(field(job.raw, 'timeout-minutes'), contexts) ?? JOB_TIMEOUT_MINUTES;
  const state: JobState = {
    run,
    key,
    checkedOut: new Set(),
    needs: { contents: false, idToken: false },
    installed: { value: false },
    clock: { minutes: 0, limit, expired: false },
  };
  const env = withEnv(args.workflowEnv, field(job.raw, 'env'), contexts);
  const list: StepList = {
    steps: job.steps,
    where: args.where,
    file: workflow.file,
    defaults: [field(job.raw, 'defaults'), field(workflow.root, 'defaults')],
    contexts,
    env,
    depth: 0,
  };
  const { failed, steps } = runSteps(state, list);
  const outputs: Record<string, string> = {};
  const jobContexts = {
    ...contexts,
    steps,
    env: envObject(env),
    job: { status: failed ? 'failure' : 'success' },
  };
  for (const [name, token] of entries(job.job.outputs)) {
    const value = text(token, jobContexts);
    if (value !== undefined) outputs[name] = value;
  }
  return { failed, outputs, needs: state.needs };
}

function runSteps(state: JobState, list: StepList): { failed: boolean; steps: Record<string, Plain> } {
  const steps: Record<string, Plain> = {};
  let failed = false;
  // $GITHUB_ENV writes reach every later step of the job.
  let listEnv: Variables = list.env;
  for (const model of list.steps) {
    if (state.clock.expired) break;
    const contexts: Contexts = {
      ...list.contexts,
      steps,
      job: { status: failed ? 'failure' : 'success' },
      runner: { os: 'Linux', arch: 'X64', temp: '/home/runner/work/_temp' },
    };
    const env = withEnv(listEnv, 'env' in model.step ? model.step.env : undefined, {
      ...contexts,
      env: envObject(listEnv),
    });
    const stepContexts = { ...contexts, env: envObject(env) };
    const expression = ('if' in model.step ? model.step.if?.expression : undefined) ?? 'success()';
    const condition = state.run.scenario.runEverything
      ? { ok: true, value: true }
      : evaluateCondition(expression, stepContexts, failed);
    if (condition.ok && !condition.value) {
      if (model.step.id) steps[model.step.id] = { outcome: 'skipped', conclusion: 'skipped', outputs: {} };
      continue;
    }
    const where = `${list.where}, step ${model.index + 1} (${list.file} line ${model.line})`;
    const result: ShellResult = condition.ok
      ? runStep(state, list, model, stepContexts, env, where)
      : { status: 1, outputs: {} };
    if (result.env && Object.keys(result.env).length > 0) {
      listEnv = new Map([...listEnv, ...Object.entries(result.env)]);
    }
    const tolerated = truth(field(model.raw, 'continue-on-error'), stepContexts) || stepTolerates(model.step);
    const outcome = result.status === 0 ? 'success' : 'failure';
    const conclusion = outcome === 'failure' && tolerated ? 'success' : outcome;
    if (model.step.id) steps[model.step.id] = { outcome, conclusion, outputs: result.outputs };
    if (conclusion === 'failure') failed = true;
  }
  return { failed, steps };
}

function stepTolerates(step: Step): boolean {
  return step['continue-on-error'] === true;
}

function evaluateCondition(expression: string, contexts: Contexts, failed: boolean) {
  const evaluation = evaluate(expression, contexts, { success: !failed, failure: failed });
  return evaluation.ok ? { ok: true, value: isTruthy(evaluation.value) } : { ok: false, value: false };
}

function runStep(
  state: JobState,
  list: StepList,
  model: StepModel,
  contexts: Contexts,
  env: Variables,
  where: string,
): ShellResult {
  const stepLimit = minutes(field(model.raw, 'timeout-minutes'), contexts);
  const timer = { minutes: 0, limit: stepLimit ?? Number.POSITIVE_INFINITY, expired: false };
  const onCall = (call: Call['call'], status: number) => {
    state.run.calls.push({ job: state.key, seq: state.run.seq.next++, where, call, status });
  };
  if ('run' in model.step) return runScript(state, list, model, contexts, env, timer, onCall);
  if (!('uses' in model.step)) return { status: 0, outputs: {} };
  const uses = model.step.uses.value;
  const withToken = field(model.raw, 'with');
  const input = (name: string) => text(field(withToken, name), contexts);
  const name = uses.split('@')[0]?.toLowerCase() ?? '';
  if (name === CHECKOUT) {
    state.needs.contents = true;
    const repository = input('repository');
    if (repository === undefined || repository.toLowerCase() === REPOSITORY) {
      state.checkedOut.add(normalise(input('path') ?? ''));
    }
    return { status: 0, outputs: {} };
  }
  if (name === 'actions/cache' || name === 'actions/download-artifact') {
    // Restored dependencies (node_modules from a cache or another job's artifact) count as installed.
    state.installed.value = true;
    return { status: 0, outputs: {} };
  }
  if (name === AWS_CREDENTIALS) {
    if (field(withToken, 'role-to-assume') !== undefined) state.needs.idToken = true;
    return { status: 0, outputs: {} };
  }
  const dir = localActionDir(uses);
  if (dir === undefined) {
    // GitHub's own actions (setup-node, cache, artifacts…) cannot run the repository's scripts.
    if (!name.startsWith('actions/')) {
      state.run.opaque.push(`${where} uses ${uses}, an action the grader cannot follow`);
    }
    return { status: 0, outputs: {} };
  }
  const action = state.run.world.actions.get(dir);
  if (!state.checkedOut.has('') || !action?.file) {
    const why = !action?.file
      ? `uses ${uses}, but there is no action.yml there`
      : `uses ${uses} before the repository is checked out, so the runner cannot find it`;
    onCall({ kind: 'not-found', why }, 1);
    return { status: 1, outputs: {} };
  }
  return runComposite(state, list, action, withToken, contexts, env, where);
}

function runComposite(
  state: JobState,
  list: StepList,
  action: LocalAction,
  withToken: TemplateToken | undefined,
  contexts: Contexts,
  env: Variables,
  where: string,
): ShellResult {
  if (action.template?.runs.using !== 'composite' || list.depth >= MAX_NESTING) {
    state.run.opaque.push(`${where} uses the local action ${action.dir}, which is not a composite action`);
    return { status: 0, outputs: {} };
  }
  const inputs: Record<string, Plain> = {};
  for (const definition of action.template.inputs ?? []) {
    const value = text(definition.default, contexts);
    if (value !== undefined) inputs[definition.id] = value;
  }
  for (const [name, token] of entries(withToken)) {
    const value = text(token, contexts);
    if (value !== undefined) inputs[name] = value;
  }
  const inner: StepList = {
    steps: action.steps,
    where: `${action.file} used by ${where}`,
    file: action.file ?? action.dir,
    defaults: [],
    contexts: { ...contexts, inputs, steps: {} },
    env,
    depth: list.depth + 1,
  };
  const { failed, steps } = runSteps(state, inner);
  const outputs: Record<string, string> = {};
  for (const definition of action.template.outputs ?? []) {
    const value = text(definition.value, { ...inner.contexts, steps });
    if (value !== undefined) outputs[definition.id] = value;
  }
  return { status: failed ? 1 : 0, outputs };
}

function runScript(
  state: JobState,
  list: StepList,
  model: StepModel,
  contexts: Contexts,
  env: Variables,
  timer: { minutes: number; limit: number; expired: boolean },
  onCall: (call: Call['call'], status: number) => void,
): ShellResult {
  const scalar = 'run' in model.step ? scalarOf(model.step.run) : undefined;
  let source = '';
  if (scalar && 'literal' in scalar) source = String(scalar.literal ?? '');
  else if (scalar) {
    const evaluation = evaluate(scalar.expression, contexts);
    if (!evaluation.ok) return { status: 1, outputs: {} };
    source = asText(evaluation.value);
  }
  const script = parseShell(source);
  const shell = shellFor(model, list.defaults);
  const mentioned = script.words.map(mentionedScript).find((s) => s !== undefined);
  if ((script.unsupported || !shell.bash) && mentioned) {
    const why = shell.bash ? (script.unsupported ?? '') : `a ${shell.name} script`;
    onCall({ kind: 'unfollowed', why: `calls the ${mentioned} script inside ${why}` }, 0);
    return { status: 0, outputs: {} };
  }
  if (!shell.bash) return { status: 0, outputs: {} };
  const variables = new Map([...runnerVariables(), ...env]);
  const scenario = state.run.scenario;
  const result = runShell(script, {
    env: variables,
    cwd: workingDirectoryFor(model, list.defaults),
    errexit: shell.errexit,
    pipefail: shell.pipefail,
    command: (argv, cwd) => {
      const npm = npmEffect(state, argv, cwd);
      if (npm) return npm;
      const found = classifyCommand(argv, cwd);
      if (!found) {
        const hidden = hiddenScript(argv);
        if (hidden)
          onCall({ kind: 'unfollowed', why: `runs the ${hidden} script through ${argv[0]?.text}` }, 0);
        return undefined;
      }
      if (timer.expired || state.clock.expired) return { status: 124 };
      const { call, root } = found;
      if (!state.checkedOut.has(root)) {
        const script = call.kind === 'analysis' ? 'analyze-canary.sh' : 'deploy.sh';
        onCall({ kind: 'not-found', why: `runs ${script} where the repository is not checked out` }, 127);
        return { status: 127 };
      }
      let status = 0;
      let outputs: Record<string, string> | undefined;
      let took = scenario.deployMinutes;
      if (call.kind === 'analysis') {
        took = scenario.analysisMinutes;
        status = { pass: 0, fail: 1, error: 2 }[scenario.analysis];
        if (scenario.analysis !== 'error') outputs = { verdict: scenario.analysis };
      } else if (scenario.canaryFails && call.target === 'production' && call.mode === 'canary') {
        status = 1;
      }
      if (!scenario.runEverything && found.limitMinutes !== undefined && took >= found.limitMinutes) {
        onCall(call, 124);
        return { status: 124 };
      }
      if (!scenario.runEverything && expires(state, timer, took)) {
        onCall(call, 124);
        return { status: 124 };
      }
      onCall(call, status);
      return outputs ? { status, outputs } : { status };
    },
  });
  return timer.expired || state.clock.expired ? { status: 124, outputs: {} } : result;
}

/** Commands that run a script given as text (`bash -c '…'`, `eval`, `xargs`): not followed. */
const INDIRECT = new Set(['bash', 'sh', 'zsh', 'dash', 'eval', 'xargs', 'parallel', 'watch']);

/** The brief's script an indirect command names in its arguments, if any. */
function hiddenScript(argv: readonly Field[]): 'deploy' | 'analysis' | undefined {
  const name = argv[0]?.text.split('/').pop() ?? '';
  if (!INDIRECT.has(name)) return undefined;
  const text = argv
    .slice(1)
    .map((a) => a.text)
    .join(' ');
  if (text.includes('scripts/deploy.sh')) return 'deploy';
  if (text.includes('scripts/analyze-canary.sh')) return 'analysis';
  return undefined;
}

const TEST_COMMANDS = new Set(['test', 't', 'tst']);
const INSTALL_COMMANDS = new Set(['ci', 'install', 'i', 'clean-install', 'add']);
const INSTALL_AND_TEST = new Set(['cit', 'install-ci-test', 'it', 'install-test']);

/**
 * npm needs the repository checked out where it runs (package.json); with no arguments it prints its
 * usage and fails; the tests need the dependencies installed first (npm ci) in the same job, and fail
 * in a scenario where the tests fail.
 */
function npmEffect(state: JobState, argv: readonly Field[], cwd: string): CommandEffect | undefined {
  if (argv[0]?.text !== 'npm') return undefined;
  const inRepository = [...state.checkedOut].some(
    (root) => root === '' || cwd === root || cwd.startsWith(`${root}/`),
  );
  if (!inRepository || argv.length === 1) return { status: 1 };
  const [, command = '', script] = argv.map((a) => a.text);
  if (INSTALL_COMMANDS.has(command)) state.installed.value = true;
  const both = INSTALL_AND_TEST.has(command);
  if (both) state.installed.value = true;
  const test =
    both ||
    TEST_COMMANDS.has(command) ||
    ((command === 'run' || command === 'run-script') && script === 'test');
  if (!test) return { status: 0 };
  return { status: !state.installed.value || state.run.scenario.testsFail ? 1 : 0 };
}

/** Advances the step's and the job's clocks; true when either runs out before the command ends. */
function expires(state: JobState, timer: { minutes: number; limit: number; expired: boolean }, took: number) {
  timer.minutes += took;
  state.clock.minutes += took;
  if (timer.minutes >= timer.limit) timer.expired = true;
  if (state.clock.minutes >= state.clock.limit) state.clock.expired = true;
  return timer.expired || state.clock.expired;
}

function minutes(token: TemplateToken | undefined, contexts: Contexts): number | undefined {
  const value = text(token, contexts);
  if (value === undefined) return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number > 0 ? number : undefined;
}

function normalise(dir: string): string {
  return dir.replace(/^\.\/?/, '').replace(/\/+$/, '');
}
