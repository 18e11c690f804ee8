import type { Part, ShellToken } from './shell-lexer.ts';
import { lexShell } from './shell-lexer.ts';

export interface Word {
  readonly parts: readonly Part[];
  readonly line: number;
}

export interface Redirect {
  readonly op: string;
  readonly fd: number | undefined;
  readonly target: Word | undefined;
}

export interface SimpleCommand {
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
  readonly line: number;
}

export interface Pipeline {
  readonly negated: boolean;
  readonly commands: readonly SimpleCommand[];
}

/** `a && b || c`: pipelines joined by `&&` / `||`, run in the background when it ends with `&`. */
export interface AndOrList {
  readonly pipelines: readonly Pipeline[];
  readonly operators: readonly ('&&' | '||')[];
  readonly background: boolean;
}

export interface ParsedScript {
  readonly lists: readonly AndOrList[];
  /** The first construct the interpreter cannot follow (if/for/while, subshells…), if any. */
  readonly unsupported: string | undefined;
  /** Every word of the script, for telling which scripts it mentions even when it is not followed. */
  readonly words: readonly Word[];
}

const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'select',
  'function',
  '{',
  '}',
  '[[',
  ']]',
]);
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '&>', '>|', '<>', '<<']);

/** Parses a `run:` script into lists of pipelines of simple commands. */
export function parseShell(source: string): ParsedScript {
  const lexed = lexShell(source);
  let unsupported = lexed.unsupported;
  const lists: AndOrList[] = [];
  const words: Word[] = [];
  let commandWords: Word[] = [];
  let redirects: Redirect[] = [];
  let commandLine = 0;
  let pipeline: SimpleCommand[] = [];
  let negated = false;
  let pipelines: Pipeline[] = [];
  let operators: ('&&' | '||')[] = [];

  const endCommand = (): void => {
    if (commandWords.length > 0 || redirects.length > 0) {
      pipeline.push({ words: commandWords, redirects, line: commandLine });
    }
    commandWords = [];
    redirects = [];
  };
  const endPipeline = (): void => {
    endCommand();
    if (pipeline.length > 0) pipelines.push({ negated, commands: pipeline });
    pipeline = [];
    negated = false;
  };
  const endList = (background: boolean): void => {
    endPipeline();
    // A dangling `&&` (the next pipeline is on a later line) keeps the list open.
    if (operators.length >= pipelines.length && pipelines.length > 0) return;
    if (pipelines.length > 0) lists.push({ pipelines, operators, background });
    pipelines = [];
    operators = [];
  };

  const tokens: readonly ShellToken[] = lexed.tokens;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index] as ShellToken;
    if (token.kind === 'word') {
      words.push(token);
      const literal = literalOf(token);
      if (commandWords.length === 0 && pipeline.length === 0 && literal === '!' && !negated) {
        negated = true;
        continue;
      }
      if (commandWords.length === 0 && literal !== undefined && KEYWORDS.has(literal)) {
        unsupported ??= `shell control flow "${literal}" (line ${token.line})`;
      }
      if (commandWords.length === 0) commandLine = token.line;
      commandWords.push(token);
      continue;
    }
    if (REDIRECTS.has(token.op)) {
      const next = tokens[index + 1];
      const target = next?.kind === 'word' ? next : undefined;
      if (target) {
        index++;
        words.push(target);
      }
      if (commandWords.length === 0 && redirects.length === 0) commandLine = token.line;
      redirects.push({ op: token.op, fd: token.fd, target });
    } else if (token.op === '|') {
      endCommand();
    } else if (token.op === '&&' || token.op === '||') {
      endPipeline();
      operators.push(token.op);
    } else if (token.op === ';' || token.op === '\n' || token.op === '&') {
      endList(token.op === '&');
    }
  }
  endList(false);
  return { lists, unsupported, words };
}

/** The word's text when it is plain literal text (no expansions), else undefined. */
export function literalOf(word: Word): string | undefined {
  let text = '';
  for (const part of word.parts) {
    if (part.kind !== 'text') return undefined;
    text += part.text;
  }
  return text;
}
