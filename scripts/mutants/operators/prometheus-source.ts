/**
 * What the Prometheus rule mutation operators work on: the submission's files read into the objects the
 * operators target, and the edit machinery that keeps every mutant loadable. The operators are in
 * prometheus.ts.
 */
import type { Mutant, MutationOperator, SubmissionFile } from '../types.ts';
import { firstYamlValue, setYamlValue, YamlEditError, type YamlPath } from '../yaml-edit.ts';

export type Fields = Record<string, unknown>;
export const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const RULE_FILE = /^rules\/[^/]+\.ya?ml$/;

/** A rule of a rule file, with where it sits. */
export interface Rule {
  readonly file: SubmissionFile;
  /** `CheckoutApiHighErrorRatio` or `record:job:http_requests:rate5m`. */
  readonly name: string;
  readonly path: YamlPath;
  readonly body: Fields;
  readonly alert: boolean;
}

export function rulesOf(files: readonly SubmissionFile[]): Rule[] {
  const rules: Rule[] = [];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    if (!RULE_FILE.test(file.path)) continue;
    const body = firstYamlValue(file.content);
    if (!isRecord(body) || !Array.isArray(body.groups)) continue;
    body.groups.forEach((group: unknown, g) => {
      if (!isRecord(group) || !Array.isArray(group.rules)) return;
      group.rules.forEach((rule: unknown, r) => {
        if (!isRecord(rule)) return;
        const alert = typeof rule.alert === 'string';
        const name = alert ? String(rule.alert) : `record:${String(rule.record)}`;
        rules.push({ file, name, path: ['groups', g, 'rules', r], body: rule, alert });
      });
    });
  }
  return rules;
}

/** The submission with one file's content replaced; undefined when the edit cannot be made. */
export function withFile(
  files: readonly SubmissionFile[],
  path: string,
  edit: (content: string) => string,
): SubmissionFile[] | undefined {
  try {
    return files.map((f) => (f.path === path ? { path: f.path, content: edit(f.content) } : f));
  } catch (error) {
    if (error instanceof YamlEditError) return undefined;
    throw error;
  }
}

export function make(
  operator: string,
  files: readonly SubmissionFile[],
  rule: Rule,
  detail: string,
  description: string,
  edit: (content: string) => string,
): Mutant[] {
  const mutated = withFile(files, rule.file.path, edit);
  if (!mutated) return [];
  return [
    {
      id: `${operator} ${rule.file.path} ${rule.name} ${detail}`,
      operator,
      description: `${rule.file.path} ${rule.name}: ${description}`,
      files: mutated,
    },
  ];
}

// ---- PromQL, token by token --------------------------------------------------------------------

export interface Token {
  readonly kind: 'space' | 'string' | 'duration' | 'number' | 'word' | 'punct';
  readonly text: string;
}

export const TOKEN =
  /(\s+|#[^\n]*)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)|((?:\d+(?:ms|[smhdwy]))+)(?![\w.])|(0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[Ii]nf|NaN)(?![\w:])|([A-Za-z_:][\w:]*)|(=~|!~|==|!=|>=|<=|[-+*/%^<>=(){}[\],:@])/y;

/** PromQL as tokens; undefined for text this tokenizer does not know (no mutant is made of it). */
export function tokenize(expr: string): Token[] | undefined {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expr.length) {
    const m = TOKEN.exec(expr);
    if (!m) return undefined;
    const kind = m[1]
      ? 'space'
      : m[2]
        ? 'string'
        : m[3]
          ? 'duration'
          : m[4]
            ? 'number'
            : m[5]
              ? 'word'
              : 'punct';
    tokens.push({ kind, text: m[0] });
  }
  return tokens;
}

export const join = (tokens: readonly Token[]) => tokens.map((t) => t.text).join('');
export const replaced = (tokens: readonly Token[], index: number, text: string) =>
  join(tokens.map((t, i) => (i === index ? { ...t, text } : t)));
export const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);

/** Index of the next (or previous, step -1) token that is not blank. */
export function neighbour(tokens: readonly Token[], from: number, step: 1 | -1): number {
  let i = from + step;
  while (tokens[i]?.kind === 'space') i += step;
  return i;
}

/** Indexes of comparison operators outside label matchers. */
export function comparisons(tokens: readonly Token[]): number[] {
  const found: number[] = [];
  let braces = 0;
  tokens.forEach((t, i) => {
    if (t.text === '{') braces++;
    else if (t.text === '}') braces--;
    else if (braces === 0 && t.kind === 'punct' && COMPARISONS.has(t.text)) found.push(i);
  });
  return found;
}

export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

export const SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

export function durationSeconds(text: string): number {
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|[smhdwy])/g)) total += Number(m[1]) * (SECONDS[m[2] ?? 's'] ?? 1);
  return total;
}

export function formatDuration(seconds: number): string {
  const whole = Math.max(1, Math.round(seconds));
  if (whole % 3600 === 0) return `${whole / 3600}h`;
  if (whole % 60 === 0) return `${whole / 60}m`;
  return `${whole}s`;
}

/** One mutant per edited expression: `edits` gives [detail, description, new expr]. */
export function exprOperator(
  name: string,
  description: string,
  edits: (tokens: Token[]) => [detail: string, what: string, expr: string][],
): MutationOperator {
  return {
    name,
    description,
    apply(files) {
      return rulesOf(files).flatMap((rule) => {
        if (typeof rule.body.expr !== 'string') return [];
        const tokens = tokenize(rule.body.expr);
        if (!tokens) return [];
        return edits(tokens).flatMap(([detail, what, expr]) =>
          expr === rule.body.expr
            ? []
            : make(name, files, rule, detail, what, (content) =>
                setYamlValue(content, { path: [...rule.path, 'expr'] }, expr),
              ),
        );
      });
    },
  };
}
