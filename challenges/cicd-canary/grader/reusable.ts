import type { WorkflowModel } from './workflow.ts';
import type { Diagnostic } from './workspace.ts';

/**
 * What GitHub refuses before a run starts when a job calls a workflow of this repository
 * (`uses: ./.github/workflows/x.yml`): a file that is not there, or one without `on: workflow_call`.
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
      }
    }
  }
  return problems;
}
