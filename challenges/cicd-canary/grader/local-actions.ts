import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { NoOperationTraceWriter } from '@actions/workflow-parser';
import type { ActionTemplate } from '@actions/workflow-parser/actions/index';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';
import { asMapping, field, items, lineOf } from './tokens.ts';
import type { StepModel, WorkflowModel } from './workflow.ts';
import type { Diagnostic } from './workspace.ts';
import { refuseHostileYaml } from './yaml-guard.ts';

/** A local action (`uses: ./path`) as the runner loads it from the checked-out repository. */
export interface LocalAction {
  /** The folder, relative to the repository root. */
  readonly dir: string;
  /** The action.yml (or action.yaml) it was read from; undefined when there is none. */
  readonly file: string | undefined;
  /** The action.yml's text ('' when there is none). */
  readonly text: string;
  readonly template: ActionTemplate | undefined;
  /** The composite action's steps; empty for a JavaScript or Docker action. */
  readonly steps: readonly StepModel[];
}

export type LocalActions = ReadonlyMap<string, LocalAction>;

const MAX_ACTIONS = 20;
const MAX_BYTES = 64 * 1024;

/** The folder a local `uses:` names, relative to the repository root; undefined for any other reference. */
export function localActionDir(uses: string): string | undefined {
  if (!uses.startsWith('./')) return undefined;
  const normalised = path.posix.normalize(uses.slice(2)).replace(/\/+$/, '');
  if (normalised === '..' || normalised.startsWith('../') || normalised.startsWith('/')) return undefined;
  return normalised;
}

/**
 * Reads every local action the workflows use, and the local actions those use in turn: the runner
 * loads `<dir>/action.yml` (or `.yaml`) from the checked-out repository. Each is parsed with GitHub's
 * action schema; a parse error is a diagnostic with its file and line.
 */
export async function loadLocalActions(
  root: string,
  workflows: readonly WorkflowModel[],
): Promise<{ actions: LocalActions; diagnostics: Diagnostic[] }> {
  const actions = new Map<string, LocalAction>();
  const diagnostics: Diagnostic[] = [];
  const pending = workflows.flatMap((w) => w.jobs.flatMap((j) => usesOf(j.steps)));
  while (pending.length > 0 && actions.size < MAX_ACTIONS) {
    const dir = pending.shift() as string;
    if (actions.has(dir)) continue;
    const action = await loadAction(root, dir, diagnostics);
    actions.set(dir, action);
    pending.push(...usesOf(action.steps));
  }
  return { actions, diagnostics };
}

function usesOf(steps: readonly StepModel[]): string[] {
  return steps.flatMap((s) => {
    const dir = 'uses' in s.step ? localActionDir(s.step.uses.value) : undefined;
    return dir === undefined || dir.startsWith('.github/workflows/') ? [] : [dir];
  });
}

async function loadAction(root: string, dir: string, diagnostics: Diagnostic[]): Promise<LocalAction> {
  for (const name of ['action.yml', 'action.yaml']) {
    const file = dir === '.' ? name : `${dir}/${name}`;
    const absolute = path.join(root, ...file.split('/'));
    const info = await lstat(absolute).catch(() => undefined);
    if (!info?.isFile()) continue;
    if (info.size > MAX_BYTES) {
      diagnostics.push({ file, line: 0, message: `too large to grade (over ${MAX_BYTES / 1024} KiB)` });
      return { dir, file, text: '', template: undefined, steps: [] };
    }
    const text = await readFile(absolute, 'utf8');
    return { dir, file, text, ...parse(file, text, diagnostics) };
  }
  return { dir, file: undefined, text: '', template: undefined, steps: [] };
}

function parse(
  file: string,
  text: string,
  diagnostics: Diagnostic[],
): { template: ActionTemplate | undefined; steps: StepModel[] } {
  const refusal = refuseHostileYaml(text);
  if (refusal || text.includes('\u0000')) {
    const message = refusal ? `refused: ${refusal.message}` : 'not a UTF-8 text file';
    diagnostics.push({ file, line: refusal?.line ?? 0, message });
    return { template: undefined, steps: [] };
  }
  const parsed = parseAction({ name: file, content: text }, new NoOperationTraceWriter());
  const rootToken = asMapping(parsed.value);
  let template: ActionTemplate | undefined;
  if (rootToken && parsed.context.errors.count === 0) {
    template = convertActionTemplate(parsed.context, rootToken);
  }
  for (const error of parsed.context.errors.getErrors()) {
    diagnostics.push({
      file,
      line: error.range?.start.line ?? 0,
      message: (error.rawMessage.split('\n')[0] ?? '').slice(0, 500),
    });
  }
  if (!template || !rootToken) return { template: undefined, steps: [] };
  const runs = template.runs;
  if (runs.using !== 'composite') return { template, steps: [] };
  const rawSteps = items(field(field(rootToken, 'runs'), 'steps'));
  const steps = runs.steps.slice(0, 1000).map((step, index) => ({
    index,
    line: lineOf(rawSteps[index]),
    step,
    raw: rawSteps[index],
  }));
  return { template, steps };
}
