/**
 * A lexer for the part of bash that pipelines use in `run:` steps: words with quotes, escapes and
 * `$VAR` / `${VAR}` expansions, the list and pipe operators, redirections and comments. Anything it
 * cannot follow (command substitution, subshells, here-documents, arithmetic) is recorded as
 * `unsupported`, so a script that relies on it is never judged by guesswork.
 */

/** One piece of a word: literal text, or a variable expanded at run time. */
export type Part =
  | { readonly kind: 'text'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'var'; readonly name: string; readonly quoted: boolean }
  | { readonly kind: 'opaque'; readonly quoted: boolean };

export type ShellToken =
  | { readonly kind: 'word'; readonly parts: readonly Part[]; readonly line: number }
  | { readonly kind: 'op'; readonly op: string; readonly line: number; readonly fd?: number };

export interface Lexed {
  readonly tokens: readonly ShellToken[];
  /** The first construct the lexer cannot follow, with its line; undefined when there is none. */
  readonly unsupported: string | undefined;
}

const OPERATORS = [
  '&&',
  '||',
  ';;',
  '>>',
  '<<',
  '>&',
  '<&',
  '&>',
  '>|',
  '<>',
  '|',
  '&',
  ';',
  '<',
  '>',
  '(',
  ')',
];
const BREAK = new Set([' ', '\t', '\n', '|', '&', ';', '<', '>', '(', ')']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const SPECIAL = /^[0-9?#@*$!-]/;

export function lexShell(source: string): Lexed {
  const tokens: ShellToken[] = [];
  let unsupported: string | undefined;
  let line = 1;
  let i = 0;
  const flag = (what: string): void => {
    unsupported ??= `${what} (line ${line})`;
  };

  /** Reads `$…` at `i` (which points at the `$`); returns the part and advances. */
  const dollar = (quoted: boolean): Part => {
    const rest = source.slice(i + 1, i + 200);
    if (rest.startsWith('(')) {
      flag(rest.startsWith('((') ? 'arithmetic $((…))' : 'command substitution $(…)');
      i += 2;
      return { kind: 'opaque', quoted };
    }
    if (rest.startsWith('{')) {
      const end = source.indexOf('}', i + 2);
      const inner = end === -1 ? '' : source.slice(i + 2, end);
      i = end === -1 ? source.length : end + 1;
      const name = NAME.exec(inner)?.[0];
      return name !== undefined && name === inner
        ? { kind: 'var', name, quoted }
        : { kind: 'opaque', quoted };
    }
    const name = NAME.exec(rest)?.[0] ?? SPECIAL.exec(rest)?.[0];
    if (name === undefined) {
      i += 1;
      return { kind: 'text', text: '$', quoted };
    }
    i += 1 + name.length;
    // `$?` is the last pipeline's exit status, which the interpreter knows.
    return NAME.test(name) || name === '?' ? { kind: 'var', name, quoted } : { kind: 'opaque', quoted };
  };

  while (i < source.length) {
    const c = source[i] as string;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '\\' && source[i + 1] === '\n') {
      i += 2;
      line++;
    } else if (c === '\n') {
      tokens.push({ kind: 'op', op: '\n', line });
      line++;
      i++;
    } else if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (BREAK.has(c)) {
      const op = OPERATORS.find((o) => source.startsWith(o, i)) as string;
      if (op === '(' || op === ')') flag('a subshell or function ( … )');
      if (op === '<<') flag('a here-document <<');
      if (op === ';;') flag('a case statement');
      i += op.length;
      tokens.push({ kind: 'op', op, line });
    } else {
      const parts: Part[] = [];
      const startLine = line;
      while (i < source.length && !BREAK.has(source[i] as string)) {
        const ch = source[i] as string;
        if (ch === "'") {
          const end = source.indexOf("'", i + 1);
          if (end === -1) {
            flag('an unterminated quote');
            i = source.length;
            break;
          }
          const text = source.slice(i + 1, end);
          line += text.split('\n').length - 1;
          parts.push({ kind: 'text', text, quoted: true });
          i = end + 1;
        } else if (ch === '"') {
          i++;
          let closed = false;
          while (i < source.length) {
            const q = source[i] as string;
            if (q === '"') {
              closed = true;
              i++;
              break;
            }
            if (q === '\\' && i + 1 < source.length) {
              const next = source[i + 1] as string;
              if (next === '\n') line++;
              else
                parts.push({ kind: 'text', text: '$`"\\'.includes(next) ? next : `\\${next}`, quoted: true });
              i += 2;
            } else if (q === '$') {
              parts.push(dollar(true));
            } else if (q === '`') {
              flag('command substitution `…`');
              parts.push({ kind: 'opaque', quoted: true });
              i++;
            } else {
              if (q === '\n') line++;
              parts.push({ kind: 'text', text: q, quoted: true });
              i++;
            }
          }
          if (!closed) flag('an unterminated quote');
        } else if (ch === '\\') {
          if (i + 1 < source.length)
            parts.push({ kind: 'text', text: source[i + 1] as string, quoted: true });
          i += 2;
        } else if (ch === '$') {
          parts.push(dollar(false));
        } else if (ch === '`') {
          flag('command substitution `…`');
          parts.push({ kind: 'opaque', quoted: false });
          i++;
        } else {
          parts.push({ kind: 'text', text: ch, quoted: false });
          i++;
        }
      }
      // `2>` and `2>&1`: a number right before a redirection is its file descriptor, not a word.
      const next = source[i];
      const digits = parts.every((p) => p.kind === 'text' && !p.quoted && /^\d$/.test(p.text));
      if (digits && parts.length > 0 && (next === '<' || next === '>')) {
        const op = OPERATORS.find((o) => source.startsWith(o, i)) as string;
        i += op.length;
        tokens.push({
          kind: 'op',
          op,
          line,
          fd: Number(parts.map((p) => (p.kind === 'text' ? p.text : '')).join('')),
        });
      } else {
        tokens.push({ kind: 'word', parts: mergeText(parts), line: startLine });
      }
    }
  }
  return { tokens, unsupported };
}

/** Joins adjacent literal characters, so a word is a handful of parts rather than one per character. */
function mergeText(parts: readonly Part[]): Part[] {
  const merged: Part[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.kind === 'text' && last?.kind === 'text' && last.quoted === part.quoted) {
      merged[merged.length - 1] = { kind: 'text', text: last.text + part.text, quoted: part.quoted };
    } else {
      merged.push(part);
    }
  }
  return merged;
}
