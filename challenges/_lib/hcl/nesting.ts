/**
 * Real Terraform never nests past a few dozen levels, so files deeper than this are refused before
 * they reach the parser, with a diagnostic on the line where they get too deep. (The parser has its
 * own recursion limit, MAX_PARSE_DEPTH in hcl-native-peek.ts, for chains no bracket counts; this one
 * came first, when hcl2json's WebAssembly parser overflowed its stack about 1,500 levels deep.)
 */
export const MAX_NESTING = 200;

/**
 * The first line at which brackets, blocks and template interpolations nest deeper than
 * MAX_NESTING, or undefined. A small lexer, not a parser: it only needs to skip strings, comments
 * and heredocs so that their text does not count (and cannot hide real nesting).
 */
export function tooDeepAt(source: string): number | undefined {
  // Each entry is what closes the context: ')' ']' '}' for code, '"' for a quoted string.
  const stack: string[] = [];
  let line = 1;
  let i = 0;
  const inString = () => stack[stack.length - 1] === '"';
  const open = (closer: string): boolean => {
    stack.push(closer);
    return stack.length > MAX_NESTING;
  };
  while (i < source.length) {
    const ch = source[i] as string;
    const two = source.slice(i, i + 2);
    if (ch === '\n') line++;
    if (inString()) {
      if (ch === '\\') i++;
      else if (ch === '"') stack.pop();
      else if ((two === '${' || two === '%{') && source[i - 1] !== two[0]) {
        if (open('}')) return line;
        i++;
      } else if (ch === '\n') stack.pop(); // an unterminated string; the parser reports it
      i++;
      continue;
    }
    if (ch === '#' || two === '//') {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end;
    } else if (two === '/*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      line += countLines(source, i, stop);
      i = stop;
    } else if (two === '<<' && /^<<-?[A-Za-z_]/.test(source.slice(i, i + 3))) {
      const stop = heredocEnd(source, i);
      line += countLines(source, i, stop);
      i = stop;
    } else {
      if (ch === '"' || ch === '(' || ch === '[' || ch === '{') {
        if (open(ch === '"' ? '"' : ch === '(' ? ')' : ch === '[' ? ']' : '}')) return line;
      } else if ((ch === ')' || ch === ']' || ch === '}') && stack.length > 0) stack.pop();
      i++;
    }
  }
  return undefined;
}

/** Heredoc bodies are skipped whole: nesting inside their interpolations is rare and shallow. */
function heredocEnd(source: string, start: number): number {
  const header = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(source.slice(start, start + 256));
  if (!header) return start + 2;
  const marker = header[1] as string;
  let at = start + header[0].length;
  while (at < source.length) {
    const end = source.indexOf('\n', at);
    const text = source.slice(at, end === -1 ? source.length : end).trim();
    at = end === -1 ? source.length : end + 1;
    if (text === marker) return at - 1;
  }
  return source.length;
}

function countLines(source: string, from: number, to: number): number {
  let lines = 0;
  for (let i = source.indexOf('\n', from); i !== -1 && i < to; i = source.indexOf('\n', i + 1)) lines++;
  return lines;
}
