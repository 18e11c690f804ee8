import type { Expr } from '@actions/expressions';
import { data, Evaluator, Lexer, Parser, wellKnownFunctions } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';

/** Plain values a context is built from (job results, outputs, env); turned into expression data. */
export type Plain = null | boolean | number | string | readonly Plain[] | { readonly [key: string]: Plain };

/** The contexts an expression may read, by name (`github`, `needs`, `steps`, `env`…). */
export type Contexts = Readonly<Record<string, Plain>>;

/**
 * What `success()` and `failure()` mean where the expression is evaluated: for a job, the results of
 * the jobs it depends on; for a step, the steps before it in the same job.
 */
export interface Status {
  readonly success: boolean;
  readonly failure: boolean;
}

export type Evaluation =
  | { readonly ok: true; readonly value: data.ExpressionData }
  | { readonly ok: false; readonly error: string };

const STATUS_FUNCTIONS = ['success', 'failure', 'cancelled', 'always'] as const;
const FUNCTION_INFO = [
  ...STATUS_FUNCTIONS.map((name) => ({ name, minArgs: 0, maxArgs: 0 })),
  { name: 'hashFiles', minArgs: 1, maxArgs: 255 },
];
const MAX_CACHED = 2000;
// format() and join() can build a string far larger than the workflow: format('{0}{0}…', format(…))
// multiplies its length at every level. Longer results are refused before they are built.
const MAX_STRING = 256 * 1024;
const parsed = new Map<string, Expr>();

/**
 * Evaluates one expression (the text inside `${{ }}`) with GitHub's own lexer, parser and evaluator.
 * The status functions are ours because the evaluator leaves them to the runner: no scenario is ever
 * cancelled, and `hashFiles` sees no files.
 */
export function evaluate(expression: string, contexts: Contexts, status?: Status): Evaluation {
  try {
    const names = Object.keys(contexts);
    const key = `${names.join(',')}\u0000${expression}`;
    let tree = parsed.get(key);
    if (!tree) {
      const { tokens } = new Lexer(expression).lex();
      tree = new Parser(tokens, names, FUNCTION_INFO).parse();
      if (parsed.size >= MAX_CACHED) parsed.clear();
      parsed.set(key, tree);
    }
    const value = new Evaluator(tree, new LazyContexts(contexts), functions(status)).evaluate();
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The expression's truth as GitHub's `if:` sees it. */
export function isTruthy(value: data.ExpressionData): boolean {
  return truthy(value);
}

/** The expression's value as text, as it is substituted into a `run:` script or an output. */
export function asText(value: data.ExpressionData): string {
  return value.coerceString();
}

/**
 * The evaluator reads contexts by name through `get`; converting only the ones an expression reads
 * keeps a long job (hundreds of steps, each adding to `steps`) linear instead of quadratic.
 */
class LazyContexts extends data.Dictionary {
  readonly #contexts: Contexts;
  readonly #converted = new Map<string, data.ExpressionData>();

  constructor(contexts: Contexts) {
    super();
    this.#contexts = contexts;
  }

  override get(key: string): data.ExpressionData | undefined {
    const name = Object.keys(this.#contexts).find((k) => k.toLowerCase() === key.toLowerCase());
    if (name === undefined) return undefined;
    let value = this.#converted.get(name);
    if (!value) {
      value = toData(this.#contexts[name] ?? null);
      this.#converted.set(name, value);
    }
    return value;
  }
}

function functions(status: Status | undefined): Map<string, FunctionDefinition> {
  const constant = (name: string, value: boolean): FunctionDefinition => ({
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(value),
  });
  return new Map<string, FunctionDefinition>([
    ['success', constant('success', status?.success ?? true)],
    ['failure', constant('failure', status?.failure ?? false)],
    ['cancelled', constant('cancelled', false)],
    ['always', constant('always', true)],
    ['hashfiles', { name: 'hashFiles', minArgs: 1, maxArgs: 255, call: () => new data.StringData('') }],
    ['format', bounded('format', formatLength)],
    ['join', bounded('join', joinLength)],
  ]);
}

function bounded(name: string, length: (args: data.ExpressionData[]) => number): FunctionDefinition {
  const real = wellKnownFunctions[name] as FunctionDefinition;
  return {
    ...real,
    call: (...args) => {
      if (length(args) > MAX_STRING)
        throw new Error(`${name}() would build a string over ${MAX_STRING} characters`);
      return real.call(...args);
    },
  };
}

/** An upper bound of format()'s result: the format string plus each argument once per placeholder. */
function formatLength([format, ...args]: data.ExpressionData[]): number {
  const text = format?.coerceString() ?? '';
  const placeholders = text.split('{').length - 1;
  const longest = Math.max(0, ...args.map((a) => a.coerceString().length));
  return text.length + placeholders * longest;
}

function joinLength([items, separator]: data.ExpressionData[]): number {
  if (!items || items.kind !== data.Kind.Array) return items?.coerceString().length ?? 0;
  const values = (items as data.Array).values();
  const gap = separator?.coerceString().length ?? 1;
  return values.reduce((sum, v) => sum + v.coerceString().length + gap, 0);
}

/** Plain JavaScript to the evaluator's data types. */
export function toData(value: Plain): data.ExpressionData {
  if (value === null) return new data.Null();
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (Array.isArray(value)) return new data.Array(...value.map(toData));
  const record = value as { readonly [key: string]: Plain };
  return new data.Dictionary(
    ...Object.keys(record).map((key) => ({ key, value: toData(record[key] ?? null) })),
  );
}
