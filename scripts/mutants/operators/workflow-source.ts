/**
 * What the GitHub Actions workflow mutation operators work on: the submission's files read into the objects the
 * operators target, and the edit machinery that keeps every mutant loadable. The operators are in
 * workflow.ts.
 */
import type { Mutant, MutationOperator, SubmissionFile } from '../types.ts';
import { deleteYamlNode, firstYamlValue, setYamlValue, YamlEditError, type YamlPath } from '../yaml-edit.ts';

export type Fields = Record<string, unknown>;

export const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;
export const ACTION_FILE = /(^|\/)action\.ya?ml$/;
export const PINNED = /^([^@\s]+)@([0-9a-f]{40})$/i;

/** A job of a workflow file, or the steps of a composite action (`job` undefined). */
export interface StepHolder {
  readonly file: SubmissionFile;
  /** `jobs.<id>` or `runs` (a composite action). */
  readonly name: string;
  readonly path: YamlPath;
  readonly job: Fields | undefined;
  readonly steps: readonly Fields[];
  readonly stepsPath: YamlPath;
}

export interface Parsed {
  readonly file: SubmissionFile;
  readonly body: Fields;
  readonly holders: readonly StepHolder[];
  readonly workflow: boolean;
}

export function parsedFiles(files: readonly SubmissionFile[]): Parsed[] {
  const result: Parsed[] = [];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const workflow = WORKFLOW_FILE.test(file.path);
    if (!workflow && !ACTION_FILE.test(file.path)) continue;
    const body = firstYamlValue(file.content);
    if (!isRecord(body)) continue;
    const holders: StepHolder[] = [];
    if (workflow && isRecord(body.jobs)) {
      for (const [id, job] of Object.entries(body.jobs)) {
        if (!isRecord(job)) continue;
        const steps = Array.isArray(job.steps) ? job.steps.filter(isRecord) : [];
        const path = ['jobs', id];
        holders.push({ file, name: `jobs.${id}`, path, job, steps, stepsPath: [...path, 'steps'] });
      }
    } else if (isRecord(body.runs) && Array.isArray(body.runs.steps)) {
      const steps = body.runs.steps.filter(isRecord);
      holders.push({
        file,
        name: 'runs',
        path: ['runs'],
        job: undefined,
        steps,
        stepsPath: ['runs', 'steps'],
      });
    }
    result.push({ file, body, holders, workflow });
  }
  return result;
}

/** Builds one mutant, or none when the edit cannot be made as asked. */
export function mutant(
  operator: string,
  files: readonly SubmissionFile[],
  file: SubmissionFile,
  object: string,
  description: string,
  edit: (text: string) => string,
): Mutant[] {
  let content: string;
  try {
    content = edit(file.content);
  } catch (error) {
    if (error instanceof YamlEditError) return [];
    throw error;
  }
  if (content === file.content) return [];
  return [
    {
      id: `${operator} ${file.path} ${object}`,
      operator,
      description: `${file.path}: ${description}`,
      files: files.map((f) => (f.path === file.path ? { path: f.path, content } : { ...f })),
    },
  ];
}

export function needsOf(job: Fields | undefined): string[] {
  const needs = job?.needs;
  if (typeof needs === 'string') return [needs];
  return Array.isArray(needs) ? needs.filter((n): n is string => typeof n === 'string') : [];
}

/** Whether a job's text reads `needs.<id>` (dropping that edge would make GitHub refuse the file). */
export function readsNeeds(job: Fields, id: string): boolean {
  return new RegExp(`needs\\.${id.replace(/[-]/g, '\\-')}\\b`).test(JSON.stringify(job));
}

export function stepLabel(holder: StepHolder, index: number): string {
  return `${holder.name}.steps[${index}]`;
}

export function setNeeds(text: string, path: YamlPath, needs: readonly string[]): string {
  if (needs.length === 0) return deleteYamlNode(text, { path: [...path, 'needs'] });
  return setYamlValue(text, { path: [...path, 'needs'] }, needs.length === 1 ? needs[0] : [...needs]);
}

export function operator(
  name: string,
  description: string,
  each: (parsed: Parsed, files: readonly SubmissionFile[]) => Mutant[],
): MutationOperator {
  return {
    name,
    description,
    apply: (files) => parsedFiles(files).flatMap((parsed) => each(parsed, files)),
  };
}

export const jobsOf = (parsed: Parsed) => parsed.holders.filter((h) => h.job !== undefined);
