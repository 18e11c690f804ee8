import type { AndOrList, ParsedScript, Pipeline, SimpleCommand, Word } from './shell-parse.ts';

/** One expanded argument; `unknown` when part of it comes from a value the grader cannot know. */
export interface Field {
  readonly text: string;
  readonly unknown: boolean;
}

/** What a command the scenario controls (deploy, analysis) did; anything else succeeds silently. */
export interface CommandEffect {
  readonly status: number;
  /** Lines the command writes to $GITHUB_OUTPUT, as name → value. */
  readonly outputs?: Readonly<Record<string, string>>;
}

export interface ShellOptions {
  /** Environment variables; undefined marks a variable whose value is not known. */
  readonly env: ReadonlyMap<string, string | undefined>;
  /** Working directory relative to the repository root ('' for the root). */
  readonly cwd: string;
  readonly errexit: boolean;
  readonly pipefail: boolean;
  /** Runs a command; undefined means an ordinary command that succeeds. */
  readonly command: (argv: readonly Field[], cwd: string, line: number) => CommandEffect | undefined;
}

export interface ShellResult {
  readonly status: number;
  readonly outputs: Readonly<Record<string, string>>;
  /** Variables written to $GITHUB_ENV, which the job's later steps see. */
  readonly env?: Readonly<Record<string, string>>;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;
const MAX_COMMANDS = 5000;

/**
 * Runs a parsed script the way `bash -e` would, with every command but the controlled ones
 * succeeding: `&&` / `||` short-circuit, `!` inverts, errexit stops at a failing command unless it is
 * tested (left of `&&` / `||`, or inverted), pipefail takes the last failure of a pipeline.
 */
export function runShell(script: ParsedScript, options: ShellOptions): ShellResult {
  const vars = new Map(options.env);
  const outputs: Record<string, string> = {};
  const envWrites: Record<string, string> = {};
  let cwd = options.cwd;
  let errexit = options.errexit;
  let pipefail = options.pipefail;
  let executed = 0;
  let exitStatus: number | undefined;
  const outputFile = vars.get('GITHUB_OUTPUT');
  const envFile = vars.get('GITHUB_ENV');

  const expand = (word: Word): Field[] => {
    const fields: Field[] = [];
    let text = '';
    let unknown = false;
    let started = false;
    for (const part of word.parts) {
      if (part.kind === 'text') {
        text += part.text;
        started = true;
      } else if (part.kind === 'opaque') {
        unknown = true;
        started = true;
      } else {
        const value = vars.has(part.name) ? vars.get(part.name) : undefined;
        if (value === undefined) {
          unknown = true;
          started = true;
        } else if (part.quoted) {
          text += value;
          started = true;
        } else {
          // Unquoted expansion is split on whitespace, as with bash's default IFS.
          const pieces = value.split(/[ \t\n]+/);
          pieces.forEach((piece, index) => {
            if (index > 0 && started) {
              fields.push({ text, unknown });
              text = '';
              unknown = false;
              started = false;
            }
            if (piece !== '') {
              text += piece;
              started = true;
            }
          });
        }
      }
    }
    if (started) fields.push({ text, unknown });
    return fields;
  };

  const runCommand = (command: SimpleCommand): number => {
    executed++;
    const argv = command.words.flatMap(expand);
    let start = 0;
    while (start < argv.length && ASSIGNMENT.test((argv[start] as Field).text)) start++;
    if (start === argv.length) {
      for (const field of argv) assign(field);
      return 0;
    }
    const args = argv.slice(start);
    const name = (args[0] as Field).text;
    switch (name) {
      case 'true':
      case ':':
        return 0;
      case 'false':
        return 1;
      case 'cd':
        cwd = changeDirectory(cwd, args[1]);
        return 0;
      case 'export':
        for (const field of args.slice(1)) assign(field);
        return 0;
      case 'set':
        ({ errexit, pipefail } = setOptions(args.slice(1), errexit, pipefail));
        return 0;
      case 'exit': {
        const code = args[1] && !args[1].unknown ? Number.parseInt(args[1].text, 10) : Number.NaN;
        exitStatus = Number.isNaN(code) ? 1 : code;
        return exitStatus;
      }
      case 'echo':
      case 'printf':
        if (writesFile(command, outputFile)) Object.assign(outputs, outputLines(name, args.slice(1)));
        if (writesFile(command, envFile)) Object.assign(envWrites, outputLines(name, args.slice(1)));
        return 0;
      default: {
        const effect = options.command(args, cwd, command.line);
        if (effect?.outputs) Object.assign(outputs, effect.outputs);
        return effect?.status ?? 0;
      }
    }
  };

  const assign = (field: Field): void => {
    const match = ASSIGNMENT.exec(field.text);
    if (match?.[1]) vars.set(match[1], field.unknown ? undefined : field.text.slice(match[0].length));
  };

  const writesFile = (command: SimpleCommand, file: string | undefined): boolean =>
    file !== undefined &&
    command.redirects.some((r) => {
      if ((r.op !== '>>' && r.op !== '>') || !r.target || (r.fd ?? 1) !== 1) return false;
      const [target] = expand(r.target);
      return target !== undefined && !target.unknown && target.text === file;
    });

  const runPipeline = (pipeline: Pipeline): number => {
    let status = 0;
    let failed = 0;
    for (const command of pipeline.commands) {
      if (exitStatus !== undefined || executed >= MAX_COMMANDS) break;
      status = runCommand(command);
      if (status !== 0) failed = status;
    }
    const result = pipefail ? failed : status;
    const final = pipeline.negated ? Number(result === 0) : result;
    vars.set('?', String(final));
    return final;
  };

  const runList = (list: AndOrList): { status: number; fatal: boolean } => {
    let status = runPipeline(list.pipelines[0] as Pipeline);
    let last = 0;
    list.operators.forEach((op, index) => {
      if (exitStatus !== undefined) return;
      if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) {
        status = runPipeline(list.pipelines[index + 1] as Pipeline);
        last = index + 1;
      }
    });
    if (list.background) return { status: 0, fatal: false };
    const final = last === list.pipelines.length - 1 && !list.pipelines[last]?.negated;
    return { status, fatal: final && status !== 0 };
  };

  let status = 0;
  for (const list of script.lists) {
    const result = runList(list);
    status = result.status;
    if (exitStatus !== undefined) return { status: exitStatus, outputs, env: envWrites };
    if (result.fatal && errexit) return { status, outputs, env: envWrites };
    if (executed >= MAX_COMMANDS) break;
  }
  return { status, outputs, env: envWrites };
}

function changeDirectory(cwd: string, target: Field | undefined): string {
  if (!target || target.unknown) return '\u0000unknown';
  const joined = target.text.startsWith('/') ? target.text : `${cwd}/${target.text}`;
  const segments: string[] = [];
  for (const segment of joined.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

function setOptions(args: readonly Field[], errexit: boolean, pipefail: boolean) {
  let e = errexit;
  let p = pipefail;
  for (let i = 0; i < args.length; i++) {
    const { text } = args[i] as Field;
    if (!/^[-+][a-zA-Z]+$/.test(text)) continue;
    const on = text.startsWith('-');
    for (const letter of text.slice(1)) {
      if (letter === 'e') e = on;
      if (letter === 'o') {
        const option = args[i + 1]?.text;
        if (option === 'errexit') e = on;
        if (option === 'pipefail') p = on;
      }
    }
  }
  return { errexit: e, pipefail: p };
}

/** `echo "name=value" >> "$GITHUB_OUTPUT"` (or printf with %s): the name → value pairs written. */
function outputLines(command: string, args: readonly Field[]): Record<string, string> {
  let text: string;
  if (command === 'echo') {
    const words = args.filter((a, i) => !(i === 0 && /^-[neE]+$/.test(a.text)));
    text = words.map((a) => a.text).join(' ');
  } else {
    const [format, ...values] = args;
    let next = 0;
    text = (format?.text ?? '').replace(/%s/g, () => values[next++]?.text ?? '').replace(/\\n/g, '\n');
  }
  const pairs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) pairs[line.slice(0, at)] = line.slice(at + 1);
  }
  return pairs;
}
