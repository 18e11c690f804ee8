import { goUnquote } from './go-labels.ts';
import { runPromtool } from './promtool.ts';
import type { RuleEntry } from './rules.ts';
import type { Stage } from './stage.ts';
import type { Diagnostic } from './workspace.ts';

const CHECK_TIMEOUT_MS = 15_000;

/**
 * `promtool check rules` over the staged files. Its messages become diagnostics on the candidate's
 * paths; a message that names a rule (`group "api", rule 3`) gets that rule's line.
 */
export async function checkRules(stage: Stage, entries: readonly RuleEntry[]): Promise<Diagnostic[]> {
  const run = await runPromtool(['check', 'rules', ...stage.ruleFiles], stage.dir, CHECK_TIMEOUT_MS);
  if (run.exitCode === 0) return [];
  if (run.timedOut) return [{ file: 'rules', line: 0, message: 'promtool check rules took too long' }];
  const diagnostics: Diagnostic[] = [];
  for (const line of run.output.split('\n')) {
    const staged = stage.ruleFiles.find((f) => line.startsWith(`${f}: `));
    const file = staged ? stage.original(staged) : undefined;
    if (staged && file) {
      diagnostics.push(locate(file, line.slice(staged.length + 2).trim(), entries));
      continue;
    }
    // yaml.v3 continues an "unmarshal errors" message on indented lines.
    const previous = diagnostics.at(-1);
    if (
      previous &&
      line.startsWith('  ') &&
      line.trim() !== '' &&
      !line.includes('FAILED') &&
      !line.includes('SUCCESS')
    ) {
      const extra = locate(previous.file, line.trim(), entries);
      diagnostics[diagnostics.length - 1] = {
        ...previous,
        message: `${previous.message} ${line.trim()}`.slice(0, 2000),
        ...(previous.line === 0 && extra.line > 0 ? { line: extra.line } : {}),
      };
    }
  }
  if (diagnostics.length === 0) {
    const text = run.output.trim().split('\n').slice(-3).join(' / ').slice(0, 500);
    diagnostics.push({
      file: 'rules',
      line: 0,
      message: `promtool check rules failed: ${text || 'no output'}`,
    });
  }
  return dedupe(diagnostics).slice(0, 50);
}

function locate(file: string, message: string, entries: readonly RuleEntry[]): Diagnostic {
  const position = /^(\d+):(\d+): (.*)$/.exec(message);
  if (position) {
    return { file, line: Number(position[1]), column: Number(position[2]), message: position[3] ?? message };
  }
  const rule = /group "((?:[^"\\]|\\.)*)", rule (\d+)/.exec(message);
  if (rule) {
    const group = goUnquote(rule[1] ?? '') ?? rule[1];
    const entry = entries.find((e) => e.file === file && e.group === group && e.index === Number(rule[2]));
    if (entry) return { file, line: entry.line, message };
  }
  const yamlLine = /\bline (\d+):/.exec(message);
  if (yamlLine) return { file, line: Number(yamlLine[1]), message };
  return { file, line: 0, message };
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
