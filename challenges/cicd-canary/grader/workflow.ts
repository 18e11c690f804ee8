import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { Step, WorkflowJob, WorkflowTemplate } from '@actions/workflow-parser/model/workflow-template';
import type { MappingToken } from '@actions/workflow-parser/templates/tokens/mapping-token';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { MAX_DIAGNOSTICS } from '../../_lib/grader-kit/clip.ts';
import { asMapping, field, items, lineOf } from './tokens.ts';
import type { Diagnostic, SourceFile } from './workspace.ts';
import { refuseHostileYaml } from './yaml-guard.ts';

/** One workflow file as GitHub reads it: the converted model plus the raw tokens it leaves out. */
export interface WorkflowModel {
  readonly file: string;
  /** The file's text as written. */
  readonly text: string;
  readonly template: WorkflowTemplate;
  readonly root: MappingToken;
  readonly jobs: readonly JobModel[];
}

export interface JobModel {
  readonly id: string;
  readonly line: number;
  readonly needs: readonly string[];
  readonly job: WorkflowJob;
  readonly raw: TemplateToken | undefined;
  readonly steps: readonly StepModel[];
}

export interface StepModel {
  readonly index: number;
  readonly line: number;
  readonly step: Step;
  readonly raw: TemplateToken | undefined;
}

export interface ParsedWorkflows {
  readonly workflows: readonly WorkflowModel[];
  readonly diagnostics: readonly Diagnostic[];
}

// GitHub's own limits: 256 jobs per workflow; steps are not limited, but a thousand is already absurd.
const MAX_JOBS = 256;
const MAX_STEPS = 1000;

/**
 * Parses each workflow with GitHub's own parser and schema, then converts it to GitHub's job model
 * (needs validated, `if:` conditions normalised with their implied `success() &&`). Any error the
 * parser reports becomes a diagnostic with its line: GitHub would refuse to run such a workflow.
 */
export async function parseWorkflows(files: readonly SourceFile[]): Promise<ParsedWorkflows> {
  const workflows: WorkflowModel[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const refusal = refuseHostileYaml(file.text);
    if (refusal) {
      diagnostics.push({ file: file.path, line: refusal.line, message: `refused: ${refusal.message}` });
      continue;
    }
    const parsed = parseWorkflow({ name: file.path, content: file.text }, new NoOperationTraceWriter());
    const root = asMapping(parsed.value);
    let template: WorkflowTemplate | undefined;
    if (root && parsed.context.errors.count === 0) {
      template = await convertWorkflowTemplate(parsed.context, root);
    }
    const errors = parsed.context.errors.getErrors();
    for (const error of errors) {
      diagnostics.push({
        file: file.path,
        line: error.range?.start.line ?? 0,
        ...(error.range ? { column: error.range.start.column } : {}),
        message: firstLine(error.rawMessage),
      });
    }
    const tooBig = template && tooBigAt(template);
    if (tooBig) diagnostics.push({ file: file.path, ...tooBig });
    else if (errors.length === 0 && template && root) workflows.push(model(file, template, root));
    else if (errors.length === 0)
      diagnostics.push({ file: file.path, line: 1, message: 'the workflow is empty' });
  }
  return { workflows, diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS) };
}

function model(source: SourceFile, template: WorkflowTemplate, root: MappingToken): WorkflowModel {
  const rawJobs = field(root, 'jobs');
  const jobs = (template.jobs ?? []).map((job): JobModel => {
    const raw = field(rawJobs, job.id.value);
    const rawSteps = items(field(raw, 'steps'));
    const steps = job.type === 'job' ? job.steps : [];
    return {
      id: job.id.value,
      line: lineOf(job.id),
      needs: (job.needs ?? []).map((n) => n.value),
      job,
      raw,
      steps: steps.map((step, index) => ({
        index,
        line: lineOf(rawSteps[index]),
        step,
        raw: rawSteps[index],
      })),
    };
  });
  return { file: source.path, text: source.text, template, root, jobs };
}

function tooBigAt(template: WorkflowTemplate): { line: number; message: string } | undefined {
  const jobs = template.jobs ?? [];
  if (jobs.length > MAX_JOBS)
    return { line: lineOf(jobs[MAX_JOBS]?.id), message: `more than ${MAX_JOBS} jobs` };
  const long = jobs.find((job) => job.type === 'job' && job.steps.length > MAX_STEPS);
  return long
    ? { line: lineOf(long.id), message: `job ${long.id.value} has more than ${MAX_STEPS} steps` }
    : undefined;
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}
