import { field, literalString } from './tokens.ts';
import type { JobModel, StepModel, WorkflowModel } from './workflow.ts';

export interface ShellSettings {
  readonly name: string;
  /** Whether the grader can follow the script: bash or sh. */
  readonly bash: boolean;
  readonly errexit: boolean;
  readonly pipefail: boolean;
}

/** A run setting from the step, else the job's `defaults.run`, else the workflow's. */
function runSetting(
  workflow: WorkflowModel,
  job: JobModel,
  step: StepModel,
  key: string,
): string | undefined {
  return (
    literalString(field(step.raw, key)) ??
    literalString(field(field(field(job.raw, 'defaults'), 'run'), key)) ??
    literalString(field(field(field(workflow.root, 'defaults'), 'run'), key))
  );
}

/**
 * The shell a run step uses and the options GitHub starts it with: unset means `bash -e {0}`,
 * `bash` means `bash --noprofile --norc -eo pipefail {0}`, `sh` means `sh -e {0}`; a custom
 * command line keeps the options it names.
 */
export function shellOf(workflow: WorkflowModel, job: JobModel, step: StepModel): ShellSettings {
  const shell = runSetting(workflow, job, step, 'shell');
  if (shell === undefined) return { name: 'bash', bash: true, errexit: true, pipefail: false };
  if (shell === 'bash') return { name: 'bash', bash: true, errexit: true, pipefail: true };
  if (shell === 'sh') return { name: 'sh', bash: true, errexit: true, pipefail: false };
  const words = shell.split(/\s+/).filter(Boolean);
  const program = (words[0] ?? '').split('/').pop() ?? '';
  const bash = program === 'bash' || program === 'sh';
  const options = words.filter((w) => /^-[a-z]+$/.test(w)).join('');
  return {
    name: program || shell,
    bash,
    errexit: options.includes('e'),
    pipefail: words.includes('pipefail'),
  };
}

/** The step's working directory relative to the repository root ('' for the root). */
export function workingDirectoryOf(workflow: WorkflowModel, job: JobModel, step: StepModel): string {
  const directory = runSetting(workflow, job, step, 'working-directory') ?? '';
  return directory.replace(/^\.\/?/, '').replace(/\/+$/, '');
}
