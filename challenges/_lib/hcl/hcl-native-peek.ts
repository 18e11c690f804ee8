import { HclSyntaxError } from './hcl-native-ast.ts';
import type { Token } from './hcl-native-scan.ts';

/**
 * Recursion the parser allows (expressions, blocks, templates). nesting.ts refuses files nested past
 * MAX_NESTING brackets before they are parsed; this also bounds what brackets do not count, such as
 * a chain of `- - - 1` or `a ? b : c ? …`, so that no input can exhaust the stack.
 */
export const MAX_PARSE_DEPTH = 500;

/**
 * hclsyntax's peeker: the parser's view of the tokens, with comments dropped and newlines either
 * significant (in bodies and object constructors) or skipped (inside brackets, parentheses and
 * template sequences). A `#` or `//` comment ends its line, so it counts as a newline where those
 * are significant.
 */
export class Peeker {
  private index = 0;
  private readonly newlines: boolean[] = [true];
  /** The end offset of the last token read, where an expression that ends with it stops. */
  prevEnd = 0;
  depth = 0;
  private lineStarts: number[] | undefined;

  readonly src: string;
  private readonly tokens: readonly Token[];

  constructor(src: string, tokens: readonly Token[]) {
    this.src = src;
    this.tokens = tokens;
  }

  peek(): Token {
    return this.tokenAt(this.find());
  }

  read(): Token {
    const at = this.find();
    const token = this.tokenAt(at);
    this.index = Math.min(at + 1, this.tokens.length - 1);
    this.prevEnd = token.end;
    return token;
  }

  text(token: Token): string {
    return this.src.slice(token.start, token.end);
  }

  isKeyword(token: Token, word: string): boolean {
    return token.type === 'ident' && this.text(token) === word;
  }

  /** hclsyntax's recover: reads on to the bracket closing `open` (skipping nested pairs) or the end. */
  recover(open: '[' | '(' | '{'): Token {
    const close = open === '[' ? ']' : open === '(' ? ')' : '}';
    let nest = 0;
    for (;;) {
      const token = this.read();
      if (token.type === open) nest++;
      else if (token.type === 'eof' || (token.type === close && nest-- < 1)) return token;
    }
  }

  /** hclsyntax's recoverAfterBodyItem: reads past the next newline outside brackets and templates. */
  recoverAfterBodyItem(): void {
    const open: string[] = [];
    const closes: Record<string, string> = {
      '}': '{',
      ']': '[',
      ')': '(',
      cquote: 'oquote',
      cheredoc: 'oheredoc',
    };
    for (;;) {
      const token = this.read();
      const type = token.type;
      if ((type === 'newline' && open.length === 0) || type === 'eof') return;
      if (['{', '[', '(', 'oquote', 'oheredoc', 'interp', 'control'].includes(type)) open.push(type);
      const opener = type === 'seqend' ? undefined : closes[type];
      if (opener !== undefined || type === 'seqend') {
        const matches = (t: string | undefined) =>
          opener !== undefined ? t === opener : t === 'interp' || t === 'control';
        while (open.length > 0 && !matches(open[open.length - 1])) open.pop();
        open.pop();
      }
    }
  }

  pushNewlines(include: boolean): void {
    this.newlines.push(include);
  }

  popNewlines(): void {
    this.newlines.pop();
  }

  enter(at: Token): void {
    if (++this.depth > MAX_PARSE_DEPTH) this.fail(at, `nested more than ${MAX_PARSE_DEPTH} levels deep`);
  }

  leave(): void {
    this.depth--;
  }

  fail(at: Token | number, message: string): never {
    const offset = typeof at === 'number' ? at : at.start;
    const { line, column } = this.position(offset);
    throw new HclSyntaxError(line, column, message);
  }

  position(offset: number): { line: number; column: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let i = this.src.indexOf('\n'); i !== -1; i = this.src.indexOf('\n', i + 1))
        this.lineStarts.push(i + 1);
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= offset) low = mid;
      else high = mid - 1;
    }
    const start = this.lineStarts[low] as number;
    return { line: low + 1, column: [...this.src.slice(start, offset)].length + 1 };
  }

  /** The index of the next token the parser sees (comments skipped, newlines as the mode says). */
  private find(): number {
    const including = this.newlines[this.newlines.length - 1] === true;
    const last = this.tokens.length - 1;
    for (let at = this.index; at < last; at++) {
      const type = (this.tokens[at] as Token).type;
      if (type === 'comment') {
        if (including && this.src[(this.tokens[at] as Token).end - 1] === '\n') return at;
      } else if (type !== 'newline' || including) return at;
    }
    return last;
  }

  /** The token at `at`, a line comment standing for the newline it ends with. */
  private tokenAt(at: number): Token {
    const token = this.tokens[at] as Token;
    return token.type === 'comment' ? { ...token, type: 'newline' } : token;
  }
}
