import type { Word } from './shell-parse.ts';
import type { Field } from './shell-run.ts';

/**
 * How the brief's scripts are called: `./scripts/deploy.sh <env> [--canary|--promote|--rollback]` and
 * `./scripts/analyze-canary.sh`. A call is recognised from the parsed argv (the script's path,
 * normalised against the working directory and $GITHUB_WORKSPACE), never from the raw text.
 */
export type DeployMode = 'canary' | 'promote' | 'rollback' | 'full' | 'unknown';

export type ScriptCall =
  | {
      readonly kind: 'deploy';
      /** The environment argument; undefined when it is missing or not known. */
      readonly target: string | undefined;
      readonly mode: DeployMode;
    }
  | { readonly kind: 'analysis' };

export const DEPLOY_SCRIPT = 'scripts/deploy.sh';
export const ANALYSIS_SCRIPT = 'scripts/analyze-canary.sh';
export const WORKSPACE_PATH = '/home/runner/work/storefront/storefront';

/** Prefix commands that run their arguments as another command. */
const WRAPPERS = new Set(['env', 'exec', 'time', 'command', 'sudo', 'nice', 'nohup']);
/** Shells that run a script file given as their first non-option argument. */
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'source', '.']);
const MODES: Record<string, DeployMode> = {
  '--canary': 'canary',
  '--promote': 'promote',
  '--rollback': 'rollback',
};

/**
 * The brief's script this argv runs, with its arguments and the folder the path puts the repository
 * in (`''` for the workspace itself); undefined for any other command.
 */
export function classifyCommand(
  argv: readonly Field[],
  cwd: string,
): { call: ScriptCall; root: string; limitMinutes?: number } | undefined {
  let index = 0;
  let limitMinutes: number | undefined;
  while (index < argv.length) {
    const word = argv[index] as Field;
    const name = word.text.split('/').pop() ?? '';
    if (name === 'timeout' && !word.unknown) {
      // timeout [-s SIG] [-k DUR] [--foreground…] DURATION command…: the command is killed at DURATION.
      index++;
      while (argv[index]?.text.startsWith('-'))
        index += ['-s', '-k'].includes(argv[index]?.text ?? '') ? 2 : 1;
      const duration = argv[index];
      limitMinutes = duration && !duration.unknown ? durationMinutes(duration.text) : 0;
      index++;
    } else if (
      WRAPPERS.has(word.text) ||
      (word.text.startsWith('-') && index > 0) ||
      /^[A-Za-z_]\w*=/.test(word.text)
    ) {
      index++;
    } else if (SHELLS.has(name) && !word.unknown) {
      if (argv.slice(index + 1).some((a) => a.text === '-c')) return undefined;
      index++;
    } else {
      break;
    }
  }
  const script = argv[index];
  if (!script || script.unknown) return undefined;
  const resolved = resolvePath(script.text, cwd);
  const which = scriptAt(resolved);
  if (which === undefined) return undefined;
  const root = resolved.split('/').slice(0, -2).join('/');
  const limit = limitMinutes === undefined ? {} : { limitMinutes };
  if (which === 'analysis') return { call: { kind: 'analysis' }, root, ...limit };
  return { call: { kind: 'deploy', ...deployArguments(argv.slice(index + 1)) }, root, ...limit };
}

/** Which of the brief's scripts a path names, judged by its last two segments. */
export function scriptAt(path: string): 'deploy' | 'analysis' | undefined {
  const tail = path.split('/').filter(Boolean).slice(-2).join('/');
  if (tail === DEPLOY_SCRIPT) return 'deploy';
  if (tail === ANALYSIS_SCRIPT) return 'analysis';
  return undefined;
}

/** The scripts a word names even where the interpreter cannot follow the script around it. */
export function mentionedScript(word: Word): 'deploy' | 'analysis' | undefined {
  const text = word.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  return scriptAt(text);
}

function resolvePath(path: string, cwd: string): string {
  if (path.startsWith(`${WORKSPACE_PATH}/`)) return path.slice(WORKSPACE_PATH.length + 1);
  if (path.startsWith('/')) return path;
  const segments: string[] = cwd.split('/').filter(Boolean);
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

function deployArguments(args: readonly Field[]): { target: string | undefined; mode: DeployMode } {
  const positional = args.filter((a) => a.unknown || !a.text.startsWith('-'));
  const flags = args.filter((a) => !a.unknown && a.text.startsWith('-'));
  const target = positional[0] && !positional[0].unknown ? positional[0].text : undefined;
  const modes = new Set(flags.map((f) => MODES[f.text] ?? 'unknown'));
  // An unknown word after the target could be any flag at run time.
  if (positional.slice(1).some((a) => a.unknown) || positional.length > 1) modes.add('unknown');
  if (modes.size === 0) return { target, mode: 'full' };
  const [mode] = modes;
  return { target, mode: modes.size === 1 && mode ? mode : 'unknown' };
}

/** coreutils timeout's DURATION in minutes (s is the default unit); 0 when it cannot be read. */
function durationMinutes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(text);
  if (!match) return 0;
  const per: Record<string, number> = { '': 1 / 60, s: 1 / 60, m: 1, h: 60, d: 1440 };
  return Number(match[1]) * (per[match[2] ?? ''] ?? 0);
}
