/**
 * The yaml parser recurses once per nesting level: 100,000 `[` cost it 270 MB before it gave up. This
 * scan finds the first line where flow collections (`[`, `{`) or compact block sequences (`- - -`)
 * nest deeper than any rule file needs, so the grader refuses the file instead of parsing it.
 * It decides nothing about the candidate's rules: it only guards the parser.
 */
export const MAX_NESTING = 64;

export function tooDeepAt(source: string): number | undefined {
  let line = 1;
  let depth = 0;
  let quote: '"' | "'" | undefined;
  let atLineStart = true;
  let dashes = 0;
  let comment = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\n') {
      line++;
      atLineStart = true;
      dashes = 0;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (atLineStart && (char === '-' || char === '?') && (source[i + 1] === ' ' || source[i + 1] === '\t')) {
      dashes++;
      if (dashes > MAX_NESTING) return line;
      continue;
    }
    if (char !== ' ' && char !== '\t') atLineStart = false;
    if (char === '#' && (i === 0 || /\s/.test(source[i - 1] ?? ''))) comment = true;
    else if (char === '"' || char === "'") quote = char;
    else if (char === '[' || char === '{') {
      depth++;
      if (depth > MAX_NESTING) return line;
    } else if ((char === ']' || char === '}') && depth > 0) depth--;
  }
  return undefined;
}
