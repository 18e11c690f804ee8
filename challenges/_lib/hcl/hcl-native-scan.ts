// The tokens of HCL's native syntax, cut as hclsyntax's scanner (scan_tokens.rl) cuts them: the parser
// and hcl2json's output depend on where tokens end (strip markers trim one token; a flush heredoc
// counts the spaces of the token that starts each line; a heredoc's closing marker is a whole line).

export type TokenType =
  | 'ident'
  | 'number'
  | 'newline'
  | 'comment'
  | 'oquote'
  | 'cquote'
  | 'oheredoc'
  | 'cheredoc'
  /** A literal run inside a quoted template (escapes still encoded). */
  | 'qlit'
  /** A literal run inside a heredoc (no escapes but `$${` and `%%{`). */
  | 'hlit'
  /** `${` or `${~`. */
  | 'interp'
  /** `%{` or `%{~`. */
  | 'control'
  /** `}` or `~}` that closes an interpolation or directive. */
  | 'seqend'
  | 'qnewline'
  | 'invalid'
  | 'eof'
  | string;

export interface Token {
  readonly type: TokenType;
  readonly start: number;
  readonly end: number;
}

/** Characters that stand for themselves (HCL's SelfToken), operators of two or three characters first. */
const OPERATORS = new Set(['==', '!=', '>=', '<=', '&&', '||', '::', '=>']);
const SELF = new Set("[]().,*/%+-=<>!?:&|~^;`'".split(''));

const IDENT = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const NUMBER = /[0-9](?:[0-9]|\.|[eE][+-]?[0-9])*/y;
const HEREDOC = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)\r?\n/uy;

type Mode = 'main' | 'quoted' | 'heredoc';

interface Heredoc {
  readonly marker: string;
  startOfLine: boolean;
}

/** Scans the whole file, as HCL does before it parses, so lexical errors are found in any order. */
export function scan(src: string): Token[] {
  const tokens: Token[] = [];
  const modes: Mode[] = ['main'];
  const heredocs: Heredoc[] = [];
  const retBraces: number[] = [];
  let braces = 0;
  // hcl2json ignores a byte order mark at the start of a file, and only there.
  let pos = src.startsWith('\uFEFF') ? 1 : 0;
  const emit = (type: TokenType, end: number) => {
    tokens.push({ type, start: pos, end });
    pos = end;
  };
  const openSequence = (type: 'interp' | 'control') => {
    emit(type, pos + (src[pos + 2] === '~' ? 3 : 2));
    braces++;
    retBraces.push(braces);
    const doc = heredocs[heredocs.length - 1];
    if (doc && modes[modes.length - 1] === 'heredoc') doc.startOfLine = false;
    modes.push('main');
  };
  while (pos < src.length) {
    const mode = modes[modes.length - 1] as Mode;
    const ch = src[pos] as string;
    const next = src[pos + 1];
    if (mode !== 'main' && (ch === '$' || ch === '%') && next === '{') {
      openSequence(ch === '$' ? 'interp' : 'control');
    } else if (mode === 'quoted') {
      if (ch === '"') {
        emit('cquote', pos + 1);
        modes.pop();
      } else if (ch === '\n' || ch === '\r') {
        let end = pos;
        while (src[end] === '\n' || src[end] === '\r') end++;
        emit('qnewline', end);
      } else if (ch === '$' || ch === '%') emit('qlit', literalSign(src, pos));
      else if (ch === '\\' && (next === undefined || next === '\n' || next === '\r'))
        emit('invalid', pos + 1);
      else emit('qlit', quotedRun(src, pos));
    } else if (mode === 'heredoc') {
      const doc = heredocs[heredocs.length - 1] as Heredoc;
      let end = ch === '$' || ch === '%' ? literalSign(src, pos) : heredocRun(src, pos);
      const eol = src[end] === '\n' ? 1 : src[end] === '\r' && src[end + 1] === '\n' ? 2 : 0;
      if (end === pos && eol === 0) {
        emit('invalid', pos + 1); // a lone carriage return
        continue;
      }
      if (eol === 0 || ch === '$' || ch === '%') {
        if (end > pos) {
          doc.startOfLine = false;
          emit('hlit', end);
          continue;
        }
      }
      end += eol;
      if (doc.startOfLine && goTrimSpace(src.slice(pos, end)) === doc.marker) {
        emit('cheredoc', end - eol);
        emit('newline', end);
        heredocs.pop();
        modes.pop();
        continue;
      }
      doc.startOfLine = true;
      emit('hlit', end);
    } else {
      scanMain();
    }
  }
  tokens.push({ type: 'eof', start: src.length, end: src.length });
  return tokens;

  function scanMain(): void {
    const ch = src[pos] as string;
    if (ch === ' ' || ch === '\t') {
      pos++;
      return;
    }
    if (ch === '\n' || (ch === '\r' && src[pos + 1] === '\n')) {
      emit('newline', pos + (ch === '\r' ? 2 : 1));
      return;
    }
    const next = src[pos + 1];
    if (ch === '#' || (ch === '/' && next === '/')) {
      const nl = src.indexOf('\n', pos);
      emit('comment', nl === -1 ? src.length : nl + 1);
      return;
    }
    if (ch === '/' && next === '*') {
      const close = src.indexOf('*/', pos + 2);
      // An unterminated block comment is no comment: its characters are scanned as tokens.
      if (close === -1) emit('/', pos + 1);
      else emit('comment', close + 2);
      return;
    }
    if (ch >= '0' && ch <= '9') {
      NUMBER.lastIndex = pos;
      let text = (NUMBER.exec(src) as RegExpExecArray)[0];
      while (text.endsWith('.')) text = text.slice(0, -1);
      emit('number', pos + text.length);
      return;
    }
    IDENT.lastIndex = pos;
    const ident = IDENT.exec(src);
    if (ident) {
      emit('ident', pos + ident[0].length);
      return;
    }
    if (ch === '"') {
      emit('oquote', pos + 1);
      modes.push('quoted');
      return;
    }
    if (ch === '<') {
      HEREDOC.lastIndex = pos;
      const heredoc = HEREDOC.exec(src);
      if (heredoc) {
        emit('oheredoc', pos + heredoc[0].length);
        heredocs.push({ marker: heredoc[2] as string, startOfLine: true });
        modes.push('heredoc');
        return;
      }
    }
    if (ch === '{') {
      braces++;
      emit('{', pos + 1);
      return;
    }
    if (ch === '}' || (ch === '~' && next === '}')) {
      const closes = retBraces.length > 0 && retBraces[retBraces.length - 1] === braces;
      // `~}` is always a sequence end, so that the parser reports one used to close a plain brace.
      emit(closes || ch === '~' ? 'seqend' : '}', pos + (ch === '~' ? 2 : 1));
      braces--;
      if (closes) {
        retBraces.pop();
        modes.pop();
      }
      return;
    }
    const op = ch === '.' && src.startsWith('...', pos) ? '...' : src.slice(pos, pos + 2);
    if (op === '...' || OPERATORS.has(op)) {
      emit(op, pos + op.length);
      return;
    }
    if (SELF.has(ch)) {
      emit(ch, pos + 1);
      return;
    }
    const width = (src.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
    emit('invalid', pos + width);
  }
}

/** `$` or `%` inside a template: `$${` (an escape, with its `~`), else the sign alone. */
function literalSign(src: string, pos: number): number {
  if (src[pos + 1] === src[pos] && src[pos + 2] === '{') return pos + (src[pos + 3] === '~' ? 4 : 3);
  return pos + 1;
}

/** Plain characters and backslash escapes of a quoted string, up to a sign, quote or line end. */
function quotedRun(src: string, pos: number): number {
  let end = pos;
  while (end < src.length) {
    const c = src[end];
    if (c === '$' || c === '%' || c === '"' || c === '\n' || c === '\r') break;
    if (c === '\\') {
      const n = src[end + 1];
      if (n === undefined || n === '\n' || n === '\r') break;
      end += 2;
    } else end++;
  }
  return end;
}

function heredocRun(src: string, pos: number): number {
  let end = pos;
  while (end < src.length) {
    const c = src[end];
    if (c === '$' || c === '%' || c === '\n' || c === '\r') break;
    end++;
  }
  return end;
}

/** Go's unicode.IsSpace. */
export const GO_SPACE =
  '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

function goTrimSpace(text: string): string {
  return text.replace(TRIM, '');
}
