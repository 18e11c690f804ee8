/**
 * Mutation operators for GitHub Actions workflows and local composite actions: each changes one
 * thing a reviewer of a pipeline would notice (a `needs` edge, an `if:`, `continue-on-error`, a
 * pinned action, a timeout, a step, a job's environment, permissions, concurrency, the trigger, a
 * command's argument). Every mutant keeps the file loadable by GitHub: a `needs` edge is never
 * dropped from a job that reads `needs.<that job>`, and jobs are reordered only without cycles.
 *
 * Ids are `<operator> <file> <object>[ <detail>]`, e.g.
 * `workflow.drop-needs-edge .github/workflows/deploy.yml jobs.promote needs analyze`, stable for the
 * same input; the order is files by path, then jobs and steps as written.
 */
import type { Mutant, MutationOperator } from '../types.ts';
import { deleteYamlNode, setYamlValue, type YamlPath, yamlLine } from '../yaml-edit.ts';
import {
  type Fields,
  isRecord,
  jobsOf,
  mutant,
  needsOf,
  operator,
  PINNED,
  readsNeeds,
  setNeeds,
  stepLabel,
} from './workflow-source.ts';

const dropNeedsEdge = operator(
  'workflow.drop-needs-edge',
  'Removes one job from another job’s needs, so the two can run in parallel.',
  (parsed, files) =>
    jobsOf(parsed).flatMap((holder) => {
      const needs = needsOf(holder.job);
      return needs.flatMap((need) =>
        holder.job && readsNeeds(holder.job, need)
          ? []
          : mutant(
              'workflow.drop-needs-edge',
              files,
              parsed.file,
              `${holder.name} needs ${need}`,
              `${holder.name} no longer needs ${need}`,
              (text) =>
                setNeeds(
                  text,
                  holder.path,
                  needs.filter((n) => n !== need),
                ),
            ),
      );
    }),
);

const swapNeeds = operator(
  'workflow.swap-needs',
  'Swaps a job with the one job it needs (promotion before analysis).',
  (parsed, files) =>
    jobsOf(parsed).flatMap((holder) => {
      const needs = needsOf(holder.job);
      const [first] = needs;
      if (needs.length !== 1 || first === undefined || !isRecord(parsed.body.jobs)) return [];
      const other = parsed.body.jobs[first];
      const id = holder.path[1] as string;
      if (!isRecord(other) || readsNeeds(other, first) || JSON.stringify(holder.job).includes('needs.')) {
        return [];
      }
      if (JSON.stringify(other).includes('needs.')) return [];
      const otherNeeds = needsOf(other).filter((n) => n !== id);
      return mutant(
        'workflow.swap-needs',
        files,
        parsed.file,
        `${holder.name} <-> jobs.${first}`,
        `${holder.name} now runs before jobs.${first} instead of after it`,
        (text) => setNeeds(setNeeds(text, ['jobs', first], [id]), holder.path, otherNeeds),
      );
    }),
);

const addJobContinueOnError = operator(
  'workflow.add-job-continue-on-error',
  'Marks a job continue-on-error: true, so the jobs that need it see success when it fails.',
  (parsed, files) =>
    jobsOf(parsed).flatMap((holder) =>
      holder.job?.uses !== undefined || holder.job?.['continue-on-error'] === true
        ? []
        : mutant(
            'workflow.add-job-continue-on-error',
            files,
            parsed.file,
            holder.name,
            `${holder.name} gets continue-on-error: true`,
            (text) => setYamlValue(text, { path: [...holder.path, 'continue-on-error'] }, true),
          ),
    ),
);

const addStepContinueOnError = operator(
  'workflow.add-step-continue-on-error',
  'Marks a run step (or a local action step) continue-on-error: true.',
  (parsed, files) =>
    parsed.holders.flatMap((holder) =>
      holder.steps.flatMap((step, index) =>
        step['continue-on-error'] === true || !ownStep(step)
          ? []
          : mutant(
              'workflow.add-step-continue-on-error',
              files,
              parsed.file,
              stepLabel(holder, index),
              `${stepLabel(holder, index)} gets continue-on-error: true`,
              (text) => setYamlValue(text, { path: [...holder.stepsPath, index, 'continue-on-error'] }, true),
            ),
      ),
    ),
);

/** A step of this repository: a `run:` script or a local action. */
function ownStep(step: Fields): boolean {
  return typeof step.run === 'string' || (typeof step.uses === 'string' && step.uses.startsWith('./'));
}

const changeIf = operator(
  'workflow.change-if',
  'Replaces an if: with always(), removes it, or adds if: always() to a job that needs others.',
  (parsed, files) => {
    const made: Mutant[] = [];
    const change = (path: YamlPath, label: string, current: unknown) => {
      if (current === undefined) {
        made.push(
          ...mutant(
            'workflow.change-if',
            files,
            parsed.file,
            `${label} add always()`,
            `${label} gets if: always()`,
            (t) => setYamlValue(t, { path: [...path, 'if'] }, 'always()'),
          ),
        );
        return;
      }
      made.push(
        ...mutant(
          'workflow.change-if',
          files,
          parsed.file,
          `${label} always()`,
          `${label}'s if: becomes always()`,
          (t) => setYamlValue(t, { path: [...path, 'if'] }, 'always()'),
        ),
        ...mutant('workflow.change-if', files, parsed.file, `${label} drop`, `${label} loses its if:`, (t) =>
          deleteYamlNode(t, { path: [...path, 'if'] }),
        ),
      );
    };
    for (const holder of parsed.holders) {
      if (holder.job && (holder.job.if !== undefined || needsOf(holder.job).length > 0)) {
        change(holder.path, holder.name, holder.job.if);
      }
      holder.steps.forEach((step, index) => {
        if (step.if !== undefined) change([...holder.stepsPath, index], stepLabel(holder, index), step.if);
      });
    }
    return made;
  },
);

const unpinAction = operator(
  'workflow.unpin-action',
  'References a pinned action by the tag in its comment (or v1) instead of its commit SHA.',
  (parsed, files) => {
    const made: Mutant[] = [];
    const unpin = (path: YamlPath, label: string, uses: unknown) => {
      const match = typeof uses === 'string' ? PINNED.exec(uses) : null;
      if (!match) return;
      const line = parsed.file.content.split('\n')[yamlLine(parsed.file.content, { path }) - 1] ?? '';
      const tag = /#\s*(v[\w.-]+)/.exec(line)?.[1] ?? 'v1';
      made.push(
        ...mutant(
          'workflow.unpin-action',
          files,
          parsed.file,
          label,
          `${label} uses ${match[1]}@${tag}`,
          (t) => setYamlValue(t, { path }, `${match[1]}@${tag}`),
        ),
      );
    };
    for (const holder of parsed.holders) {
      if (holder.job) unpin([...holder.path, 'uses'], holder.name, holder.job.uses);
      for (const [index, step] of holder.steps.entries()) {
        unpin([...holder.stepsPath, index, 'uses'], stepLabel(holder, index), step.uses);
      }
    }
    return made;
  },
);

const TIGHT_TIMEOUT = 10;

const tightenTimeout = operator(
  'workflow.tighten-timeout',
  `Sets a job's timeout-minutes to ${TIGHT_TIMEOUT} (or halves one already set), a threshold below what its steps may need.`,
  (parsed, files) =>
    jobsOf(parsed).flatMap((holder) => {
      if (!holder.job || holder.job.uses !== undefined) return [];
      const current = holder.job['timeout-minutes'];
      const value = typeof current === 'number' ? Math.max(1, Math.floor(current / 2)) : TIGHT_TIMEOUT;
      return mutant(
        'workflow.tighten-timeout',
        files,
        parsed.file,
        holder.name,
        `${holder.name} gets timeout-minutes: ${value}`,
        (t) => setYamlValue(t, { path: [...holder.path, 'timeout-minutes'] }, value),
      );
    }),
);

const dropStep = operator(
  'workflow.drop-step',
  'Removes a run step or a local action step (the rollback, the analysis, a checkout of scripts…).',
  (parsed, files) =>
    parsed.holders.flatMap((holder) =>
      holder.steps.length < 2
        ? []
        : holder.steps.flatMap((step, index) =>
            !ownStep(step) && !String(step.uses ?? '').includes('checkout')
              ? []
              : mutant(
                  'workflow.drop-step',
                  files,
                  parsed.file,
                  stepLabel(holder, index),
                  `${stepLabel(holder, index)} is removed`,
                  (t) => deleteYamlNode(t, { path: [...holder.stepsPath, index] }),
                ),
          ),
    ),
);

const dropRunArgument = operator(
  'workflow.drop-run-argument',
  'Drops the last argument of a one-line run command (./deploy.sh production --canary loses --canary).',
  (parsed, files) =>
    parsed.holders.flatMap((holder) =>
      holder.steps.flatMap((step, index) => {
        const run = step.run;
        if (typeof run !== 'string' || run.trim().includes('\n')) return [];
        const words = run.trim().split(/\s+/);
        if (words.length < 2 || /[|&;$`'"\\]/.test(run)) return [];
        const shorter = words.slice(0, -1).join(' ');
        return mutant(
          'workflow.drop-run-argument',
          files,
          parsed.file,
          `${stepLabel(holder, index)} ${words.at(-1)}`,
          `${stepLabel(holder, index)} runs "${shorter}"`,
          (t) => setYamlValue(t, { path: [...holder.stepsPath, index, 'run'] }, shorter),
        );
      }),
    ),
);

const dropEnvironment = operator(
  'workflow.drop-environment',
  'Removes a job’s environment, so its protection rules no longer apply.',
  (parsed, files) =>
    jobsOf(parsed).flatMap((holder) =>
      holder.job?.environment === undefined
        ? []
        : mutant(
            'workflow.drop-environment',
            files,
            parsed.file,
            holder.name,
            `${holder.name} has no environment`,
            (t) => deleteYamlNode(t, { path: [...holder.path, 'environment'] }),
          ),
    ),
);

const widenPermissions = operator(
  'workflow.widen-permissions',
  'Turns a permissions block into write-all, or one read scope into write.',
  (parsed, files) => {
    if (!parsed.workflow) return [];
    const made: Mutant[] = [];
    const widen = (path: YamlPath, label: string, permissions: unknown) => {
      if (permissions === undefined) return;
      made.push(
        ...mutant(
          'workflow.widen-permissions',
          files,
          parsed.file,
          `${label} write-all`,
          `${label} permissions become write-all`,
          (t) => setYamlValue(t, { path: [...path, 'permissions'] }, 'write-all'),
        ),
      );
      if (!isRecord(permissions)) return;
      for (const [scope, access] of Object.entries(permissions)) {
        if (access !== 'read') continue;
        made.push(
          ...mutant(
            'workflow.widen-permissions',
            files,
            parsed.file,
            `${label} ${scope}`,
            `${label} gets ${scope}: write`,
            (t) => setYamlValue(t, { path: [...path, 'permissions', scope] }, 'write'),
          ),
        );
      }
    };
    widen([], '(workflow)', parsed.body.permissions);
    for (const holder of jobsOf(parsed)) widen(holder.path, holder.name, holder.job?.permissions);
    return made;
  },
);

const changeConcurrency = operator(
  'workflow.change-concurrency',
  'Removes a concurrency group, cancels runs in progress, or makes the group unique per run.',
  (parsed, files) => {
    if (!parsed.workflow) return [];
    const made: Mutant[] = [];
    const change = (path: YamlPath, label: string, concurrency: unknown) => {
      if (concurrency === undefined) return;
      const group = isRecord(concurrency) ? concurrency.group : concurrency;
      const at = { path: [...path, 'concurrency'] };
      made.push(
        ...mutant(
          'workflow.change-concurrency',
          files,
          parsed.file,
          `${label} drop`,
          `${label} has no concurrency group`,
          (t) => deleteYamlNode(t, at),
        ),
        ...mutant(
          'workflow.change-concurrency',
          files,
          parsed.file,
          `${label} cancel-in-progress`,
          `${label} cancels the run in progress`,
          (t) => setYamlValue(t, at, { group, 'cancel-in-progress': true }),
        ),
        ...mutant(
          'workflow.change-concurrency',
          files,
          parsed.file,
          `${label} per-run`,
          `${label}'s group is unique per run`,
          (t) => setYamlValue(t, at, { group: `${String(group)}-\${{ github.run_id }}` }),
        ),
      );
    };
    change([], '(workflow)', parsed.body.concurrency);
    for (const holder of jobsOf(parsed)) change(holder.path, holder.name, holder.job?.concurrency);
    return made;
  },
);

const changeTrigger = operator(
  'workflow.change-trigger',
  'Makes a push-triggered workflow run for another branch than main.',
  (parsed, files) => {
    const on = parsed.body.on;
    if (!isRecord(on) || !isRecord(on.push) || !Array.isArray(on.push.branches)) return [];
    return mutant(
      'workflow.change-trigger',
      files,
      parsed.file,
      'on.push.branches',
      'runs on pushes to release only',
      (t) => setYamlValue(t, { path: ['on', 'push', 'branches'] }, ['release']),
    );
  },
);

/** Mutation operators for GitHub Actions workflows and local composite actions (see ../types.ts). */
export const operators: MutationOperator[] = [
  dropNeedsEdge,
  swapNeeds,
  addJobContinueOnError,
  addStepContinueOnError,
  changeIf,
  unpinAction,
  tightenTimeout,
  dropStep,
  dropRunArgument,
  dropEnvironment,
  widenPermissions,
  changeConcurrency,
  changeTrigger,
];
