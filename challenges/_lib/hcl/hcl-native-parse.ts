import type { Expr } from './hcl-native-ast.ts';
import type { Peeker } from './hcl-native-peek.ts';
import type { Token } from './hcl-native-scan.ts';
import { parseTemplate } from './hcl-native-template.ts';

// Expressions: a port of hclsyntax's recursive-descent parser (parser.go), as far as hcl2json's
// output and the position of the first error depend on it. Like the body parser
// (hcl-native-body.ts), it stops at the first error, which is the first one hclsyntax reports after
// the scanner's own.

/** Operators by precedence, loosest first. */
const LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['>', '>=', '<', '<='],
  ['+', '-'],
  ['*', '/', '%'],
];

const NUMBER = /^[0-9]+(\.[0-9]*)?([eE][+-]?[0-9]+)?$/;

export function parseExpression(p: Peeker): Expr {
  p.enter(p.peek());
  const cond = parseBinary(p, 0);
  let result = cond;
  if (p.peek().type === '?') {
    p.read();
    const yes = parseExpression(p);
    const colon = p.peek();
    if (colon.type !== ':') {
      p.fail(
        colon,
        'Missing false expression in conditional: the operator ?: needs a false expression after a colon',
      );
    }
    p.read();
    const no = parseExpression(p);
    result = { kind: 'conditional', start: cond.start, end: no.end, cond, yes, no };
  }
  p.leave();
  return result;
}

function parseBinary(p: Peeker, level: number): Expr {
  const operators = LEVELS[level];
  if (!operators) return parseTraversals(p, parseTerm(p));
  let lhs = parseBinary(p, level + 1);
  while (operators.includes(p.peek().type)) {
    p.read();
    const rhs = parseBinary(p, level + 1);
    lhs = { kind: 'other', start: lhs.start, end: rhs.end };
  }
  return lhs;
}

function parseTerm(p: Peeker): Expr {
  const start = p.peek();
  switch (start.type) {
    case '(': {
      p.read();
      p.pushNewlines(false);
      parseExpression(p);
      const close = p.peek();
      if (close.type !== ')') p.fail(close, 'Unbalanced parentheses: expected a closing parenthesis');
      p.read();
      p.popNewlines();
      return { kind: 'other', start: start.start, end: close.end };
    }
    case 'number': {
      p.read();
      const text = p.text(start);
      if (!NUMBER.test(text))
        p.fail(start, 'Invalid number literal: failed to recognize the value of this number');
      return { kind: 'literal', start: start.start, end: start.end, value: Number(text), text };
    }
    case 'ident': {
      p.read();
      // A call comes first: `true(…)` calls a function named true.
      const next = p.peek().type;
      if (next === '(' || next === '::') return finishCall(p, start);
      const name = p.text(start);
      if (name === 'true' || name === 'false' || name === 'null') {
        const value = name === 'null' ? null : name === 'true';
        return { kind: 'literal', start: start.start, end: start.end, value, text: name };
      }
      return { kind: 'traversal', start: start.start, end: start.end };
    }
    case 'oquote':
    case 'oheredoc':
      p.enter(start);
      try {
        return parseTemplate(p, p.read(), parseExpression);
      } finally {
        p.leave();
      }
    case '-':
    case '!': {
      p.enter(start);
      p.read();
      const operand = parseTraversals(p, parseTerm(p));
      p.leave();
      return { kind: 'unary', op: start.type, start: start.start, end: operand.end, operand };
    }
    case '[':
      return parseTuple(p);
    case '{':
      return parseObject(p);
    default:
      return p.fail(
        start,
        start.type === 'eof'
          ? 'Missing expression: expected the start of an expression, but found the end of the file'
          : 'Invalid expression: expected the start of an expression, but found an invalid expression token',
      );
  }
}

function finishCall(p: Peeker, name: Token): Expr {
  let open = p.read();
  while (open.type === '::') {
    const part = p.read();
    if (part.type !== 'ident')
      p.fail(part, 'Missing function name: "::" must be followed by a function name');
    open = p.read();
  }
  if (open.type !== '(') p.fail(open, 'Missing open parenthesis: a function name must be followed by "("');
  p.pushNewlines(false);
  for (;;) {
    if (p.peek().type === ')') break;
    parseExpression(p);
    const sep = p.read();
    if (sep.type === ')') {
      p.popNewlines();
      return { kind: 'other', start: name.start, end: sep.end };
    }
    if (sep.type === '...') {
      if (p.peek().type !== ')') p.fail(sep, 'Missing closing parenthesis after an expanded argument (...)');
      break;
    }
    if (sep.type === 'eof')
      p.fail(name, 'Unterminated function call: no closing parenthesis before the end of the file');
    if (sep.type !== ',')
      p.fail(sep, 'Missing argument separator: a comma is required between function arguments');
    if (p.peek().type === ')') break;
  }
  const close = p.read();
  p.popNewlines();
  return { kind: 'other', start: name.start, end: close.end };
}

function parseTuple(p: Peeker): Expr {
  const open = p.read();
  p.pushNewlines(false);
  if (p.isKeyword(p.peek(), 'for')) return finishFor(p, open);
  const items: Expr[] = [];
  for (;;) {
    if (p.peek().type === ']') break;
    items.push(parseExpression(p));
    const next = p.peek();
    if (next.type === ']') break;
    if (next.type === 'eof') p.fail(open, 'Unterminated tuple constructor expression: no closing bracket');
    if (next.type !== ',') p.fail(next, 'Missing item separator: expected a comma before the next item');
    p.read();
  }
  const close = p.read();
  p.popNewlines();
  return { kind: 'tuple', start: open.start, end: close.end, items };
}

function parseObject(p: Peeker): Expr {
  const open = p.read();
  // hclsyntax looks for `for` past newlines: `{⏎ for …}` is a for expression.
  p.pushNewlines(false);
  const isFor = p.isKeyword(p.peek(), 'for');
  p.popNewlines();
  p.pushNewlines(true);
  if (isFor) return finishFor(p, open);
  const items: { key: Expr; value: Expr }[] = [];
  for (;;) {
    let next = p.peek();
    if (next.type === 'newline') {
      p.read();
      continue;
    }
    if (next.type === '}') break;
    const key = parseExpression(p);
    next = p.peek();
    if (next.type !== '=' && next.type !== ':') {
      if (next.type === 'eof') p.fail(open, 'Unterminated object constructor expression: no closing brace');
      p.fail(
        next,
        next.type === 'newline' || next.type === ','
          ? 'Missing attribute value: expected an attribute value, introduced by an equals sign ("=")'
          : 'Missing key/value separator: expected an equals sign ("=") before the attribute value',
      );
    }
    p.read();
    items.push({ key, value: parseExpression(p) });
    next = p.peek();
    if (next.type === 'newline' || next.type === ',') p.read();
    else if (next.type === 'eof')
      p.fail(open, 'Unterminated object constructor expression: no closing brace');
    else if (next.type !== '}') {
      p.fail(next, 'Missing attribute separator: expected a newline or comma before the next attribute');
    }
  }
  const close = p.read();
  p.popNewlines();
  return { kind: 'object', start: open.start, end: close.end, items };
}

/** `[for …]` or `{for …}`, after its bracket; the caller pushed a newline mode, popped here. */
function finishFor(p: Peeker, open: Token): Expr {
  p.pushNewlines(false);
  p.read(); // for
  const object = open.type === '{';
  const closer = object ? '}' : ']';
  const invalid = (at: Token, why: string): never => p.fail(at, `Invalid 'for' expression: ${why}`);
  if (p.peek().type !== 'ident') invalid(p.peek(), "a variable name is required after 'for'");
  p.read();
  if (p.peek().type === ',') {
    p.read();
    if (p.peek().type !== 'ident') invalid(p.peek(), 'a value variable name is required after the comma');
    p.read();
  }
  if (!p.isKeyword(p.peek(), 'in')) invalid(p.peek(), "the 'in' keyword is required after the names");
  p.read();
  parseExpression(p);
  if (p.peek().type !== ':') invalid(p.peek(), 'a colon is required after the collection expression');
  p.read();
  let key: Expr | undefined;
  let value = parseExpression(p);
  if (p.peek().type === '=>') {
    p.read();
    key = value;
    value = parseExpression(p);
  }
  const ellipsis = p.peek().type === '...' ? p.read() : undefined;
  if (p.isKeyword(p.peek(), 'if')) {
    p.read();
    parseExpression(p);
  }
  const close = p.peek();
  if (close.type !== closer) invalid(close, "extra characters after the end of the 'for' expression");
  p.read();
  if (!object && key)
    p.fail(key.start, "Invalid 'for' expression: a key expression is not valid when building a tuple");
  if (!object && ellipsis)
    invalid(ellipsis, 'the grouping ellipsis (...) cannot be used when building a tuple');
  if (object && !key)
    p.fail(value.start, "Invalid 'for' expression: a key expression is required for an object");
  p.popNewlines();
  p.popNewlines();
  return { kind: 'other', start: open.start, end: close.end };
}

/** Attribute access, indexes and splats after a term. */
function parseTraversals(p: Peeker, from: Expr): Expr {
  let expr = from;
  for (;;) {
    const next = p.peek();
    if (next.type === '.') {
      p.read();
      const attr = p.peek();
      if (attr.type === 'ident' || attr.type === 'number') {
        p.read();
        if (attr.type === 'number' && p.text(attr).includes('.')) {
          p.fail(attr, 'Invalid legacy index syntax: chaining two indexes like .0.1 is not permitted');
        }
        expr = { kind: expr.kind === 'traversal' ? 'traversal' : 'other', start: expr.start, end: attr.end };
      } else if (attr.type === '*') {
        p.read();
        while (p.peek().type === '.') {
          p.read();
          const step = p.peek();
          if (step.type === '*') p.fail(step, 'Nested splat expression not allowed');
          if (step.type !== 'ident' && step.type !== 'number') {
            p.fail(attr, 'Invalid attribute name: an attribute name is required after a dot');
          }
          p.read();
        }
        expr = { kind: 'other', start: expr.start, end: p.prevEnd };
      } else p.fail(attr, 'Invalid attribute name: an attribute name is required after a dot');
    } else if (next.type === '[') {
      p.read();
      if (p.peek().type === '*') {
        p.read();
        // A newline before the star ends the expression; one after it is skipped.
        p.pushNewlines(false);
        const close = p.read();
        p.popNewlines();
        if (close.type !== ']')
          p.fail(close, 'Missing close bracket on splat index: "[*" must be followed by "]"');
        p.enter(close);
        const each = parseTraversals(p, { kind: 'other', start: next.start, end: close.end });
        p.leave();
        expr = { kind: 'other', start: expr.start, end: each.end };
      } else {
        p.pushNewlines(false);
        const key = parseExpression(p);
        const close = p.read();
        // hclsyntax reports this one where it finds the closing bracket (or the end of the file).
        if (close.type !== ']')
          p.fail(p.recover('['), 'Missing close bracket on index: an index must end with "]"');
        p.popNewlines();
        const constant =
          key.kind === 'literal' ||
          (key.kind === 'template' && key.parts.length === 1 && key.parts[0]?.kind === 'string');
        const kind = constant && expr.kind === 'traversal' ? 'traversal' : 'other';
        expr = { kind, start: expr.start, end: close.end };
      }
    } else return expr;
  }
}
