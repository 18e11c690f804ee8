import { capPermissions, permissionsOf } from './permissions.ts';
import { field } from './tokens.ts';
import type { JobModel, WorkflowModel } from './workflow.ts';
import type { Diagnostic } from './workspace.ts';

/**
 * What GitHub refuses before a run starts when a job calls a workflow of this repository
 * (`uses: ./.github/workflows/x.yml`): a file that is not there, one without `on: workflow_call`, or
 * a called job that asks for more of the GITHUB_TOKEN than the calling job has.
 */
export function calledWorkflowProblems(workflows: readonly WorkflowModel[]): Diagnostic[] {
  const problems: Diagnostic[] = [];
  for (const workflow of workflows) {
    for (const job of workflow.jobs) {
      if (job.job.type !== 'reusableWorkflowJob') continue;
      const ref = job.job.ref.value;
      if (!ref.startsWith('./')) continue;
      const file = ref.slice(2).split('@')[0] ?? '';
      const callee = workflows.find((w) => w.file === file);
      if (!callee) {
        problems.push({
          file: workflow.file,
          line: job.line,
          message: `job "${job.id}" calls ${ref}, which is not a workflow in this repository`,
        });
      } else if (!callee.template.events?.workflow_call) {
        problems.push({
          file: workflow.file,
          line: job.line,
          message: `job "${job.id}" calls ${ref}, which has no on: workflow_call trigger`,
        });
      } else {
        problems.push(...beyondCaller(workflow, job, callee, ref));
      }
    }
  }
  return problems;
}

/** A called job may only narrow the calling job's token; asking for more makes GitHub refuse the run. */
function beyondCaller(
  workflow: WorkflowModel,
  job: JobModel,
  callee: WorkflowModel,
  ref: string,
): Diagnostic[] {
  const cap = permissionsOf(field(job.raw, 'permissions') ?? field(workflow.root, 'permissions'));
  const problems: Diagnostic[] = [];
  for (const inner of callee.jobs) {
    const own = field(inner.raw, 'permissions') ?? field(callee.root, 'permissions');
    if (!own) continue;
    const asked = permissionsOf(own);
    const capped = capPermissions(asked, cap);
    const beyond = [...asked].filter(([scope, access]) => capped.get(scope) !== access);
    if (beyond.length === 0) continue;
    problems.push({
      file: workflow.file,
      line: job.line,
      message: `job "${job.id}" calls ${ref}, whose job "${inner.id}" asks for ${beyond.map(([s, a]) => `${s}: ${a}`).join(', ')}, more than the calling job's token allows`,
    });
  }
  return problems;
}
