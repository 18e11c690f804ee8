import type { Expr } from './hcl-native-ast.ts';
import type { Peeker } from './hcl-native-peek.ts';
import { GO_SPACE, type Token } from './hcl-native-scan.ts';

// Quoted strings and heredocs, as hclsyntax's parser_template.go reads them: first the flat list of
// literal runs, interpolations and directives (with `~` strip markers applied to the neighbouring
// literal token only), then a flush heredoc's indentation removed, adjacent literals joined, and
// `%{ if }` / `%{ for }` directives nested.

type Part =
  | { kind: 'literal'; value: string; at: number }
  | { kind: 'interp'; expr: Expr; at: number }
  | { kind: 'if'; cond: Expr; at: number }
  | { kind: 'for'; keyVar: string | undefined; valVar: string; coll: Expr; at: number }
  | { kind: 'else' | 'endif' | 'endfor'; at: number };

const TRIM_START = new RegExp(`^[${GO_SPACE}]+`);
const TRIM_END = new RegExp(`[${GO_SPACE}]+$`);

/** A template after its opening token; returns a `wrap` when it is one interpolation alone. */
export function parseTemplate(p: Peeker, open: Token, parseExpression: (p: Peeker) => Expr): Expr {
  const closer = open.type === 'oquote' ? 'cquote' : 'cheredoc';
  const parts = templateParts(p, closer, parseExpression);
  const end = p.prevEnd;
  if (open.type === 'oheredoc' && p.src[open.start + 2] === '-') flushHeredoc(parts);
  const melded: Part[] = [];
  for (const part of parts) {
    const last = melded[melded.length - 1];
    if (part.kind === 'literal' && last?.kind === 'literal') last.value += part.value;
    else melded.push(part);
  }
  const only = melded[0];
  if (melded.length === 1 && only?.kind === 'interp') {
    return { kind: 'wrap', start: open.start, end, inner: only.expr };
  }
  const cursor = { parts: melded, next: 0, end };
  const exprs: Expr[] = [];
  while (cursor.next < melded.length) exprs.push(nestPart(p, cursor));
  return { kind: 'template', start: open.start, end, parts: exprs };
}

function templateParts(p: Peeker, closer: string, parseExpression: (p: Peeker) => Expr): Part[] {
  const parts: Part[] = [];
  let trimNext = false;
  for (;;) {
    const tok = p.read();
    if (tok.type === closer) return parts;
    const trim = trimNext;
    trimNext = false;
    if (tok.type === 'qlit' || tok.type === 'hlit') {
      let value = (tok.type === 'qlit' ? decodeQuoted(p, tok) : decodeHeredoc(p.text(tok))).normalize('NFC');
      if (trim) value = value.replace(TRIM_START, '');
      parts.push({ kind: 'literal', value, at: tok.start });
      continue;
    }
    if (tok.type !== 'interp' && tok.type !== 'control') {
      p.fail(tok, 'Unterminated template string: no closing marker was found for the string');
    }
    const last = parts[parts.length - 1];
    if (p.src[tok.start + 2] === '~' && last?.kind === 'literal')
      last.value = last.value.replace(TRIM_END, '');
    p.pushNewlines(false);
    if (tok.type === 'interp') {
      parts.push({ kind: 'interp', expr: parseExpression(p), at: tok.start });
      const close = p.peek();
      if (close.type === 'eof') p.fail(tok, 'Unclosed template interpolation sequence: no closing brace');
      if (close.type !== 'seqend') {
        p.fail(close, 'Extra characters after interpolation expression: expected a closing brace');
      }
    } else {
      const keyword = p.peek();
      if (keyword.type !== 'ident')
        p.fail(keyword, 'Invalid template directive: a keyword (if, for…) is expected');
      p.read();
      parts.push(directive(p, keyword, tok.start, parseExpression));
      const close = p.peek();
      if (close.type !== 'seqend') {
        p.fail(close, `Extra characters in ${p.text(keyword)} marker: expected a closing brace`);
      }
    }
    const close = p.read();
    trimNext = p.src[close.start] === '~';
    p.popNewlines();
  }
}

function directive(p: Peeker, keyword: Token, at: number, parseExpression: (p: Peeker) => Expr): Part {
  const word = p.text(keyword);
  switch (word) {
    case 'if':
      return { kind: 'if', cond: parseExpression(p), at };
    case 'else':
    case 'endif':
    case 'endfor':
      return { kind: word, at };
    case 'for': {
      const invalid = (why: string): never => p.fail(p.peek(), `Invalid 'for' directive: ${why}`);
      if (p.peek().type !== 'ident') invalid("a variable name is required after 'for'");
      let valVar = p.text(p.read());
      let keyVar: string | undefined;
      if (p.peek().type === ',') {
        p.read();
        if (p.peek().type !== 'ident') invalid('a value variable name is required after the comma');
        keyVar = valVar;
        valVar = p.text(p.read());
      }
      if (!p.isKeyword(p.peek(), 'in')) invalid("the 'in' keyword is required after the names");
      p.read();
      return { kind: 'for', keyVar, valVar, coll: parseExpression(p), at };
    }
    default:
      return p.fail(keyword, `Invalid template control keyword: "${word}" is not a template control keyword`);
  }
}

interface Cursor {
  readonly parts: readonly Part[];
  next: number;
  readonly end: number;
}

/** One literal, interpolation or whole `if` / `for` directive. */
function nestPart(p: Peeker, c: Cursor): Expr {
  const part = c.parts[c.next++] as Part;
  switch (part.kind) {
    case 'literal':
      return { kind: 'string', start: part.at, end: part.at, value: part.value };
    case 'interp':
      return part.expr;
    case 'if': {
      const yes = nestUntil(p, c, part, ['else', 'endif']);
      const stop = c.parts[c.next - 1] as Part;
      const no = stop.kind === 'else' ? nestUntil(p, c, part, ['endif']) : emptyTemplate(part.at);
      return { kind: 'conditional', start: part.at, end: part.at, cond: part.cond, yes, no };
    }
    case 'for': {
      const body = nestUntil(p, c, part, ['endfor']);
      const { keyVar, valVar, coll } = part;
      return { kind: 'join', start: part.at, end: part.at, keyVar, valVar, coll, body };
    }
    default:
      return p.fail(part.at, `Unexpected ${part.kind} directive: the template's directives are unbalanced`);
  }
}

/** The parts of a directive's body, up to and including one of `stops`. */
function nestUntil(p: Peeker, c: Cursor, open: Part, stops: readonly string[]): Expr {
  const exprs: Expr[] = [];
  for (;;) {
    const next = c.parts[c.next];
    if (!next) p.fail(c.end - 1, `Unexpected end of template: the ${open.kind} directive is not closed`);
    if (stops.includes(next.kind)) {
      c.next++;
      return { kind: 'template', start: open.at, end: open.at, parts: exprs };
    }
    if (next.kind === 'else' || next.kind === 'endif' || next.kind === 'endfor') {
      p.fail(next.at, `Unexpected ${next.kind} directive: expected the end of the ${open.kind} directive`);
    }
    exprs.push(nestPart(p, c));
  }
}

function emptyTemplate(at: number): Expr {
  return { kind: 'template', start: at, end: at, parts: [] };
}

/** A flush heredoc (`<<-`): the fewest leading spaces of any non-blank line, removed from every line. */
function flushHeredoc(parts: Part[]): void {
  let min = Number.POSITIVE_INFINITY;
  let lineStart = true;
  const adjust: { kind: 'literal'; value: string }[] = [];
  for (const part of parts) {
    if (lineStart) {
      lineStart = false;
      if (part.kind === 'literal') {
        const spaces = part.value.length - part.value.replace(TRIM_START, '').length;
        if (spaces === part.value.length && part.value.endsWith('\n')) {
          // a blank line counts for nothing and keeps its spaces
        } else {
          min = Math.min(min, graphemes(part.value.slice(0, spaces)));
          adjust.push(part);
        }
      } else min = 0;
    }
    if (part.kind === 'literal' && part.value.endsWith('\n')) lineStart = true;
  }
  if (!Number.isFinite(min)) return;
  for (const part of adjust) {
    let cut = 0;
    for (let i = 0; i < min && cut < part.value.length; i++) {
      cut += part.value.startsWith('\r\n', cut) ? 2 : (part.value.codePointAt(cut) ?? 0) > 0xffff ? 2 : 1;
    }
    part.value = part.value.slice(cut);
  }
}

/** Whitespace counted as Go's textseg does: one per character, a CR LF pair as one. */
function graphemes(space: string): number {
  return [...space].length - (space.match(/\r\n/g)?.length ?? 0);
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** A quoted string's literal run: backslash escapes, `$${` and `%%{`. */
export function decodeQuoted(p: Peeker, tok: Token): string {
  const text = p.text(tok);
  if (text.startsWith('$${') || text.startsWith('%%{')) return text.slice(1);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const letter = text[i + 1] ?? '';
    const simple = ESCAPES[letter];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    const width = letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
    const hex = text.slice(i + 2, i + 2 + width);
    const code = Number.parseInt(hex, 16);
    if (width === 0 || hex.length !== width || !/^[0-9a-fA-F]+$/.test(hex)) {
      p.fail(tok.start + i, `Invalid escape sequence: "\\${letter}" is not a valid escape sequence`);
    }
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      p.fail(tok.start + i, `Invalid escape sequence: cannot encode character U+${hex} in UTF-8`);
    }
    out += String.fromCodePoint(code);
    i += 1 + width;
  }
  return out;
}

function decodeHeredoc(text: string): string {
  return text.startsWith('$${') || text.startsWith('%%{') ? text.slice(1) : text;
}
