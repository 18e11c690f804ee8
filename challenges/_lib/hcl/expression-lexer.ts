// Character-level helpers for the expression parser: a cursor over the text, spaces and comments, words.

export class ParseFailure extends Error {}

export interface Cursor {
  readonly src: string;
  pos: number;
  depth: number;
}

export const MAX_DEPTH = 100;

export function fail(cursor: Cursor, what: string): never {
  throw new ParseFailure(`${what} at offset ${cursor.pos}`);
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Reads one backslash escape of a quoted string (`\\n`, `\\"`, `\\u00e9`…). */
export function readEscape(c: Cursor): string {
  const letter = c.src[c.pos + 1] ?? '';
  const simple = ESCAPES[letter];
  if (simple !== undefined) {
    c.pos += 2;
    return simple;
  }
  const width = letter === 'u' ? 4 : letter === 'U' ? 8 : 0;
  const hex = c.src.slice(c.pos + 2, c.pos + 2 + width);
  if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) fail(c, 'bad escape');
  c.pos += 2 + width;
  return String.fromCodePoint(Number.parseInt(hex, 16));
}

export function atKeyword(c: Cursor, word: string): boolean {
  skipSpace(c);
  return c.src.startsWith(word, c.pos) && !/[A-Za-z0-9_-]/.test(c.src[c.pos + word.length] ?? '');
}

export function readIdentifier(c: Cursor): string {
  const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(c.src.slice(c.pos, c.pos + 256));
  if (!match) return '';
  c.pos += match[0].length;
  return match[0];
}

export function readNumber(c: Cursor): number {
  const match = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(c.src.slice(c.pos, c.pos + 64));
  if (!match) fail(c, 'bad number');
  c.pos += match[0].length;
  return Number(match[0]);
}

export function expect(c: Cursor, token: string): void {
  if (!c.src.startsWith(token, c.pos)) fail(c, `expected ${token}`);
  c.pos += token.length;
}

/** Skips whitespace and the three HCL comment forms. */
export function skipSpace(c: Cursor): void {
  for (;;) {
    const ch = c.src[c.pos];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') c.pos++;
    else if (ch === '#' || c.src.startsWith('//', c.pos)) {
      const end = c.src.indexOf('\n', c.pos);
      c.pos = end === -1 ? c.src.length : end + 1;
    } else if (c.src.startsWith('/*', c.pos)) {
      const end = c.src.indexOf('*/', c.pos + 2);
      c.pos = end === -1 ? c.src.length : end + 2;
    } else return;
  }
}
