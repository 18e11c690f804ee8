import { isString } from '@actions/workflow-parser';
import type { WorkflowTemplate } from '@actions/workflow-parser/model/workflow-template';
import { WORKSPACE_PATH } from './commands.ts';
import type { Plain } from './expressions.ts';
import type { WorkflowModel } from './workflow.ts';

/** The branch every scenario pushes to. */
export const BRANCH = 'main';

const RUNS = [
  { sha: '3f786850e387550fdab836ed7e6dc881de23001b', id: 9120443187, number: 412, actor: 'priya' },
  { sha: '89e6c98d92887913cadf06b2adb97f26cde4849b', id: 9120551904, number: 413, actor: 'tomasz' },
] as const;

/**
 * The `github` context of a push to main. Two runs differ in everything that changes between pushes
 * (sha, run id and number, actor), which is how the concurrency check tells a constant group from one
 * that is unique per run.
 */
export function githubContext(run: 0 | 1 = 0): Plain {
  const { sha, id, number, actor } = RUNS[run];
  const ref = `refs/heads/${BRANCH}`;
  return {
    event_name: 'push',
    ref,
    ref_name: BRANCH,
    ref_type: 'branch',
    ref_protected: true,
    base_ref: '',
    head_ref: '',
    sha,
    repository: 'acme/storefront',
    repository_owner: 'acme',
    repositoryUrl: 'git://github.com/acme/storefront.git',
    run_id: String(id),
    run_number: String(number),
    run_attempt: '1',
    actor,
    triggering_actor: actor,
    workflow: 'deploy',
    workspace: WORKSPACE_PATH,
    server_url: 'https://github.com',
    api_url: 'https://api.github.com',
    job: '',
    event: {
      ref,
      after: sha,
      head_commit: { id: sha, message: 'Merge pull request' },
      repository: { default_branch: BRANCH },
    },
  };
}

/** Environment variables the runner sets for every step, as the scripts see them. */
export function runnerVariables(): Map<string, string> {
  const { sha } = RUNS[0];
  return new Map([
    ['CI', 'true'],
    ['GITHUB_ACTIONS', 'true'],
    ['GITHUB_WORKSPACE', WORKSPACE_PATH],
    ['GITHUB_OUTPUT', '/home/runner/work/_temp/_runner_file_commands/set_output'],
    ['GITHUB_ENV', '/home/runner/work/_temp/_runner_file_commands/set_env'],
    ['GITHUB_STEP_SUMMARY', '/home/runner/work/_temp/_runner_file_commands/step_summary'],
    ['GITHUB_SHA', sha],
    ['GITHUB_REF', `refs/heads/${BRANCH}`],
    ['GITHUB_REF_NAME', BRANCH],
    ['GITHUB_EVENT_NAME', 'push'],
    ['RUNNER_TEMP', '/home/runner/work/_temp'],
    ['HOME', '/home/runner'],
  ]);
}

/** Whether a push to main starts this workflow (branch filters applied as GitHub does). */
export function runsOnPushToMain(template: WorkflowTemplate): boolean {
  return runsOnPushTo(template, BRANCH);
}

/** Whether a push to `branch` starts this workflow (branch filters applied as GitHub does). */
export function runsOnPushTo(template: WorkflowTemplate, branch: string): boolean {
  const push = template.events?.push;
  if (!push) return false;
  if (push.branches) return matchesFilters(branch, push.branches);
  if (push['branches-ignore']) return !matchesFilters(branch, push['branches-ignore']);
  // Only tag filters: GitHub then runs the workflow for those tags, never for branch pushes.
  return !(push.tags || push['tags-ignore']);
}

/** A branch other than main that a push could come from, and a pull request's. */
export const OTHER_BRANCH = 'feature/checkout-copy';

/**
 * Events that run code other than main's through a workflow, and their `github` context: a push to
 * another branch, a pull request or merge queue, a manual run from another branch. (A schedule or a
 * manual run on main runs main's code through the same pipeline.)
 */
export function otherEvents(template: WorkflowTemplate): { event: string; github: Plain }[] {
  const events = template.events ?? {};
  const push = githubContext() as Record<string, Plain>;
  const found: { event: string; github: Plain }[] = [];
  if (runsOnPushTo(template, OTHER_BRANCH)) {
    const ref = `refs/heads/${OTHER_BRANCH}`;
    found.push({
      event: `a push to ${OTHER_BRANCH}`,
      github: { ...push, ref, ref_name: OTHER_BRANCH, ref_protected: false, event: { ref } },
    });
  }
  for (const name of ['pull_request', 'pull_request_target', 'merge_group']) {
    if (!(name in events)) continue;
    found.push({
      event: `a ${name} event`,
      github: {
        ...push,
        event_name: name,
        ref: 'refs/pull/7/merge',
        ref_name: '7/merge',
        ref_protected: false,
        head_ref: OTHER_BRANCH,
        base_ref: BRANCH,
        event: { number: 7, pull_request: { head: { ref: OTHER_BRANCH }, base: { ref: BRANCH } } },
      },
    });
  }
  // A manual run can be started from any branch; from main it is the same pipeline as a push.
  if ('workflow_dispatch' in events) {
    const ref = `refs/heads/${OTHER_BRANCH}`;
    found.push({
      event: `a manual run (workflow_dispatch) from ${OTHER_BRANCH}`,
      github: {
        ...push,
        event_name: 'workflow_dispatch',
        ref,
        ref_name: OTHER_BRANCH,
        ref_protected: false,
        event: { ref, inputs: {} },
      },
    });
  }
  return found;
}

/** GitHub's filter lists: later patterns win, and `!pattern` excludes. */
function matchesFilters(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (globToRegExp(negated ? pattern.slice(1) : pattern).test(name)) matched = !negated;
  }
  return matched;
}

/** GitHub's filter syntax on a parsed branch pattern: `*`, `**`, `?`, `+` and character classes. */
function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?' || c === '+') source += c;
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      source += end === -1 ? '\\[' : pattern.slice(i, end + 1);
      if (end !== -1) i = end;
    } else source += c.replace(/[.^$|(){}\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    return /$^/;
  }
}

/**
 * Whether GitHub starts this workflow when `from` completes on main: `on: workflow_run` naming
 * `from` (by its `name:`, else its path), for the `completed` type, with branch filters applied.
 */
export function followsRun(template: WorkflowTemplate, from: WorkflowModel): boolean {
  const trigger = template.events?.workflow_run;
  if (!trigger) return false;
  if (!(trigger.workflows ?? []).includes(workflowName(from))) return false;
  if (trigger.types && !trigger.types.includes('completed')) return false;
  if (trigger.branches) return matchesFilters(BRANCH, trigger.branches);
  if (trigger['branches-ignore']) return !matchesFilters(BRANCH, trigger['branches-ignore']);
  return true;
}

/** The workflow's name as other workflows refer to it: `name:`, else its path. */
export function workflowName(workflow: WorkflowModel): string {
  const name = workflow.root.find('name');
  return name && isString(name) ? name.value : workflow.file;
}

/** The `github` context of a workflow_run event: the push run on main completed with `conclusion`. */
export function workflowRunContext(from: WorkflowModel, conclusion: 'success' | 'failure'): Plain {
  const push = githubContext() as Record<string, Plain>;
  const { sha } = RUNS[0];
  return {
    ...push,
    event_name: 'workflow_run',
    event: {
      action: 'completed',
      workflow_run: {
        conclusion,
        status: 'completed',
        event: 'push',
        head_branch: BRANCH,
        head_sha: sha,
        name: workflowName(from),
        path: from.file,
      },
      repository: { default_branch: BRANCH },
    },
  };
}
