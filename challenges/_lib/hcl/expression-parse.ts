import type { Expression, Step } from './expression-ast.ts';
import { parseObject, parseTuple } from './expression-collections.ts';
import type { Cursor } from './expression-lexer.ts';
import {
  expect,
  fail,
  MAX_DEPTH,
  ParseFailure,
  readEscape,
  readIdentifier,
  readNumber,
  skipSpace,
} from './expression-lexer.ts';

/**
 * Parses the strings hcl2json emits. hcl2json keeps literals as JSON and writes every expression as a
 * template string: `"${var.region}"`, `"web-${count.index}"`. Literal text in those strings is already
 * unescaped (only `$${` and `%%{` stay escaped); inside `${…}` is HCL expression source.
 * Whatever this parser does not understand becomes an `unsupported` node, never an exception.
 */
export function parseValueString(text: string): Expression {
  const cached = cache.get(text);
  if (cached) return cached;
  let parsed: Expression;
  try {
    const cursor: Cursor = { src: text, pos: 0, depth: 0 };
    parsed = simplify(readTemplate(cursor, 'top'));
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    parsed = { kind: 'unsupported', why: error.message };
  }
  cache.set(text, parsed);
  return parsed;
}

const cache = new Map<string, Expression>();
const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<=', '>=', '<', '>'],
  ['+', '-'],
  ['*', '/', '%'],
];

/** HCL returns the value itself, not a string, for a template that is one interpolation and nothing else. */
function simplify(parts: (string | Expression)[]): Expression {
  const [first] = parts;
  if (first === undefined) return { kind: 'literal', value: '' };
  if (parts.length === 1 && typeof first !== 'string') return first;
  if (parts.every((p) => typeof p === 'string')) return { kind: 'literal', value: parts.join('') };
  return { kind: 'template', parts };
}

function readTemplate(c: Cursor, mode: 'top' | 'quoted'): (string | Expression)[] {
  if (++c.depth > MAX_DEPTH) fail(c, 'expression nested too deeply');
  const parts: (string | Expression)[] = [];
  let text = '';
  for (;;) {
    const ch = c.src[c.pos];
    if (ch === undefined) {
      if (mode === 'quoted') fail(c, 'unterminated string');
      break;
    }
    const next3 = c.src.slice(c.pos, c.pos + 3);
    if (mode === 'quoted' && ch === '"') {
      c.pos++;
      break;
    }
    if (next3 === '$${' || next3 === '%%{') {
      text += `${ch}{`;
      c.pos += 3;
    } else if (next3.startsWith('${')) {
      if (text) parts.push(text);
      text = '';
      c.pos += 2;
      if (c.src[c.pos] === '~') c.pos++;
      parts.push(parseExpression(c));
      skipSpace(c);
      if (c.src[c.pos] === '~') c.pos++;
      expect(c, '}');
    } else if (next3.startsWith('%{')) {
      fail(c, 'template directives (%{ … }) are not evaluated');
    } else if (mode === 'quoted' && ch === '\\') {
      text += readEscape(c);
    } else {
      text += ch;
      c.pos++;
    }
  }
  if (text) parts.push(text);
  c.depth--;
  return parts;
}

function parseExpression(c: Cursor): Expression {
  if (++c.depth > MAX_DEPTH) fail(c, 'expression nested too deeply');
  const test = parseBinary(c, 0);
  skipSpace(c);
  let result = test;
  if (c.src[c.pos] === '?') {
    c.pos++;
    const then = parseExpression(c);
    skipSpace(c);
    expect(c, ':');
    result = { kind: 'conditional', test, then, else: parseExpression(c) };
  }
  c.depth--;
  return result;
}

function parseBinary(c: Cursor, level: number): Expression {
  const operators = BINARY_LEVELS[level];
  if (!operators) return parseUnary(c);
  let left = parseBinary(c, level + 1);
  for (;;) {
    skipSpace(c);
    const op = operators.find((o) => c.src.startsWith(o, c.pos));
    // `=>` and `==` share a first character with nothing here, but `<` must not eat a heredoc `<<`.
    if (!op || (op === '<' && c.src[c.pos + 1] === '<')) return left;
    c.pos += op.length;
    left = { kind: 'binary', op, left, right: parseBinary(c, level + 1) };
  }
}

function parseUnary(c: Cursor): Expression {
  skipSpace(c);
  const ch = c.src[c.pos];
  if ((ch === '!' && c.src[c.pos + 1] !== '=') || ch === '-') {
    c.pos++;
    return { kind: 'unary', op: ch, operand: parseUnary(c) };
  }
  return parsePostfix(c, parsePrimary(c));
}

function parsePrimary(c: Cursor): Expression {
  skipSpace(c);
  const ch = c.src[c.pos] ?? '';
  if (/[0-9]/.test(ch)) return { kind: 'literal', value: readNumber(c) };
  if (ch === '"') {
    c.pos++;
    return simplify(readTemplate(c, 'quoted'));
  }
  if (ch === '(') {
    c.pos++;
    const inner = parseExpression(c);
    skipSpace(c);
    expect(c, ')');
    return inner;
  }
  if (ch === '[') return parseTuple(c, parseExpression);
  if (ch === '{') return parseObject(c, parseExpression);
  if (ch === '<') fail(c, 'heredocs inside expressions are not evaluated');
  const name = readIdentifier(c);
  if (!name) fail(c, `unexpected ${JSON.stringify(ch)}`);
  if (c.src.startsWith('::', c.pos)) fail(c, 'provider-defined functions are not evaluated');
  if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
  if (name === 'null') return { kind: 'literal', value: null };
  skipSpace(c);
  if (c.src[c.pos] === '(') return parseCall(c, name);
  return { kind: 'reference', root: name, steps: [] };
}

function parsePostfix(c: Cursor, base: Expression): Expression {
  const steps: Step[] = [];
  for (;;) {
    skipSpace(c);
    const ch = c.src[c.pos];
    // `...` after a term is grouping (for) or argument expansion, not an attribute.
    if (c.src.startsWith('...', c.pos)) break;
    if (ch === '.' && c.src[c.pos + 1] === '*') {
      c.pos += 2;
      steps.push({ kind: 'splat' });
    } else if (ch === '.') {
      c.pos++;
      const digits = /^[0-9]+/.exec(c.src.slice(c.pos))?.[0];
      if (digits) {
        c.pos += digits.length;
        steps.push({ kind: 'index', key: { kind: 'literal', value: Number(digits) } });
      } else {
        const name = readIdentifier(c);
        if (!name) fail(c, 'expected an attribute name');
        steps.push({ kind: 'attr', name });
      }
    } else if (ch === '[') {
      c.pos++;
      skipSpace(c);
      if (c.src[c.pos] === '*') {
        c.pos++;
        skipSpace(c);
        expect(c, ']');
        steps.push({ kind: 'splat' });
      } else {
        const key = parseExpression(c);
        skipSpace(c);
        expect(c, ']');
        steps.push({ kind: 'index', key });
      }
    } else {
      break;
    }
  }
  if (steps.length === 0) return base;
  if (base.kind === 'reference') return { ...base, steps: [...base.steps, ...steps] };
  return { kind: 'chain', base, steps };
}

function parseCall(c: Cursor, name: string): Expression {
  expect(c, '(');
  const args: Expression[] = [];
  let expand = false;
  for (;;) {
    skipSpace(c);
    if (c.src[c.pos] === ')') break;
    args.push(parseExpression(c));
    skipSpace(c);
    if (c.src.startsWith('...', c.pos)) {
      c.pos += 3;
      expand = true;
      skipSpace(c);
    }
    if (c.src[c.pos] === ',') c.pos++;
    else if (c.src[c.pos] !== ')') fail(c, 'expected , or ) in a function call');
  }
  c.pos++;
  return { kind: 'call', name, args, expand };
}
