import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { field, literalString } from './tokens.ts';
import type { StepModel } from './workflow.ts';

export interface ShellSettings {
  readonly name: string;
  /** Whether the grader can follow the script: bash or sh. */
  readonly bash: boolean;
  readonly errexit: boolean;
  readonly pipefail: boolean;
}

/** A run setting from the step, else the first `defaults` (job's, then workflow's) that sets it. */
function runSetting(
  step: StepModel,
  defaults: readonly (TemplateToken | undefined)[],
  key: string,
): string | undefined {
  const own = literalString(field(step.raw, key));
  if (own !== undefined) return own;
  for (const d of defaults) {
    const value = literalString(field(field(d, 'run'), key));
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * The shell a run step uses and the options GitHub starts it with: unset means `bash -e {0}`,
 * `bash` means `bash --noprofile --norc -eo pipefail {0}`, `sh` means `sh -e {0}`; a custom
 * command line keeps the options it names. `defaults` are the job's and the workflow's `defaults`
 * (none in a composite action, where every run step names its shell).
 */
export function shellFor(step: StepModel, defaults: readonly (TemplateToken | undefined)[]): ShellSettings {
  const shell = runSetting(step, defaults, 'shell');
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
export function workingDirectoryFor(
  step: StepModel,
  defaults: readonly (TemplateToken | undefined)[],
): string {
  const directory = runSetting(step, defaults, 'working-directory') ?? '';
  return directory.replace(/^\.\/?/, '').replace(/\/+$/, '');
}
