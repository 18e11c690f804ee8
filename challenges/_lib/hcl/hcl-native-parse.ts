import type { Attribute, Block, Body, Expr } from './hcl-native-ast.ts';
import type { Peeker } from './hcl-native-peek.ts';
import type { Token } from './hcl-native-scan.ts';
import { decodeQuoted, parseTemplate } from './hcl-native-template.ts';

// A port of hclsyntax's recursive-descent parser (parser.go), as far as hcl2json's output and the
// position of the first error depend on it. It stops at the first error, which is the first one
// hclsyntax reports after the scanner's own.

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

export function parseFile(p: Peeker): Body {
  return parseBody(p, 'eof', undefined);
}

function parseBody(p: Peeker, end: 'eof' | '}', open: Token | undefined): Body {
  const attributes: Attribute[] = [];
  const blocks: Block[] = [];
  const names = new Set<string>();
  for (;;) {
    const next = p.peek();
    if (next.type === end) break;
    if (next.type === 'newline') {
      p.read();
    } else if (next.type === 'ident') {
      const item = parseBodyItem(p);
      if ('expr' in item) {
        if (names.has(item.name))
          p.fail(next, `Attribute redefined: the argument "${item.name}" was already set`);
        names.add(item.name);
        attributes.push(item);
      } else blocks.push(item);
    } else if (next.type === 'eof' && open) {
      p.fail(
        open,
        'Unclosed configuration block: there is no closing brace for this block before the end of the file',
      );
    } else {
      p.fail(
        next,
        next.type === 'oquote'
          ? 'Invalid argument name: argument names must not be quoted'
          : 'Argument or block definition required: an argument or block definition is required here',
      );
    }
  }
  return { attributes, blocks };
}

function parseBodyItem(p: Peeker): Attribute | Block {
  const ident = p.read();
  const next = p.peek();
  if (next.type === '=') return finishAttribute(p, ident, false);
  if (next.type === 'oquote' || next.type === '{' || next.type === 'ident') return finishBlock(p, ident);
  return p.fail(
    ident,
    'Argument or block definition required: to set an argument, use the equals sign "=" to introduce the argument value',
  );
}

function finishAttribute(p: Peeker, ident: Token, singleLine: boolean): Attribute {
  p.read(); // =
  const expr = parseExpression(p);
  if (!singleLine) {
    const end = p.peek();
    if (end.type !== 'newline' && end.type !== 'eof') {
      p.fail(end, 'Missing newline after argument: an argument definition must end with a newline');
    }
    p.read();
  }
  return { name: p.text(ident), expr };
}

function finishBlock(p: Peeker, ident: Token): Block {
  p.enter(ident);
  const labels: string[] = [];
  for (let tok = p.peek(); tok.type !== '{'; tok = p.peek()) {
    if (tok.type === 'oquote') labels.push(quotedLabel(p));
    else if (tok.type === 'ident') labels.push(p.text(p.read()));
    else if (tok.type === '=') p.fail(tok, 'Invalid block definition: "=" marks an argument, not a block');
    else if (tok.type === 'newline') {
      p.fail(
        tok,
        'Invalid block definition: the block content must start with "{" on the same line as its header',
      );
    } else
      p.fail(
        tok,
        'Invalid block definition: a quoted block label or an opening brace ("{") is expected here',
      );
  }
  const open = p.read();
  let body: Body;
  const first = p.peek().type;
  if (first === 'newline' || first === 'eof' || first === '}') body = parseBody(p, '}', open);
  else {
    body = singleAttributeBodyOrFail(p);
    const close = p.peek();
    if (close.type !== '}') {
      p.fail(
        close,
        'Invalid single-argument block definition: a one-line block holds one argument and closes on its line',
      );
    }
  }
  p.read(); // }
  const eol = p.peek();
  if (eol.type !== 'newline' && eol.type !== 'eof') {
    p.fail(eol, 'Missing newline after block definition: a block definition must end with a newline');
  }
  p.read();
  p.leave();
  return { type: p.text(ident), labels, body };
}

/**
 * A one-line block whose content is not one argument: hclsyntax skips to the end of the line and, if a
 * blank line follows, reports that the block does not close on its line before the error inside it.
 */
function singleAttributeBodyOrFail(p: Peeker): Body {
  const ident = p.read();
  const next = p.peek();
  if (ident.type === 'ident' && next.type === '=')
    return { attributes: [finishAttribute(p, ident, true)], blocks: [] };
  const inner =
    ident.type !== 'ident'
      ? 'Argument or block definition required: a one-line block can hold only one argument'
      : 'Argument definition required: a one-line block can hold only one argument, and no nested block';
  p.recoverAfterBodyItem();
  const after = p.peek();
  if (after.type === 'newline') {
    p.fail(
      after,
      'Invalid single-argument block definition: a one-line block holds one argument and closes on its line',
    );
  }
  return p.fail(ident, inner);
}

/** A block label in quotes: no template sequences, escapes decoded, not normalised. */
function quotedLabel(p: Peeker): string {
  const open = p.read();
  let value = '';
  for (;;) {
    const tok = p.read();
    if (tok.type === 'cquote') return value;
    if (tok.type === 'qlit') value += decodeQuoted(p, tok);
    else if (tok.type === 'interp' || tok.type === 'control') {
      p.fail(tok, 'Invalid string literal: template sequences are not allowed in this string');
    } else if (tok.type === 'eof') p.fail(open, 'Unterminated string literal');
    else p.fail(tok, 'Invalid string literal');
  }
}

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
