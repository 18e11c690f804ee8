import type { Expression } from './expression-ast.ts';
import type { Cursor } from './expression-lexer.ts';
import { atKeyword, expect, fail, readIdentifier, skipSpace } from './expression-lexer.ts';

/** The expression parser, passed in so that collections and expressions do not import each other. */
export type ParseExpression = (c: Cursor) => Expression;

/** `[a, b]` or `[for x in xs : x]`. */
export function parseTuple(c: Cursor, parse: ParseExpression): Expression {
  expect(c, '[');
  if (atKeyword(c, 'for')) return parseFor(c, 'tuple', parse);
  const items: Expression[] = [];
  for (;;) {
    skipSpace(c);
    if (c.src[c.pos] === ']') break;
    items.push(parse(c));
    skipSpace(c);
    if (c.src[c.pos] === ',') c.pos++;
    else if (c.src[c.pos] !== ']') fail(c, 'expected , or ] in a list');
  }
  c.pos++;
  return { kind: 'tuple', items };
}

/** `{ key = value }` or `{ for k, v in m : k => v }`. */
export function parseObject(c: Cursor, parse: ParseExpression): Expression {
  expect(c, '{');
  if (atKeyword(c, 'for')) return parseFor(c, 'object', parse);
  const entries: { key: Expression; value: Expression }[] = [];
  for (;;) {
    skipSpace(c);
    if (c.src[c.pos] === '}') break;
    const key = parseObjectKey(c, parse);
    skipAssignment(c);
    entries.push({ key, value: parse(c) });
    skipSpace(c);
    if (c.src[c.pos] === ',') c.pos++;
  }
  c.pos++;
  return { kind: 'object', entries };
}

/** A bare word before `=` is a literal key (`{ Name = … }`); anything else is an expression key. */
function parseObjectKey(c: Cursor, parse: ParseExpression): Expression {
  const start = c.pos;
  const name = readIdentifier(c);
  skipSpace(c);
  const ch = c.src[c.pos];
  if (name && ((ch === '=' && c.src[c.pos + 1] !== '=') || ch === ':'))
    return { kind: 'literal', value: name };
  c.pos = start;
  return parse(c);
}

function skipAssignment(c: Cursor): void {
  skipSpace(c);
  if (c.src[c.pos] === ':' || (c.src[c.pos] === '=' && c.src[c.pos + 1] !== '=')) c.pos++;
  else fail(c, 'expected = in an object');
}

function parseFor(c: Cursor, result: 'tuple' | 'object', parse: ParseExpression): Expression {
  readIdentifier(c); // `for`
  skipSpace(c);
  const first = readIdentifier(c);
  skipSpace(c);
  let second: string | undefined;
  if (c.src[c.pos] === ',') {
    c.pos++;
    skipSpace(c);
    second = readIdentifier(c);
  }
  if (!first || (second !== undefined && !second) || !atKeyword(c, 'in')) fail(c, 'malformed for expression');
  readIdentifier(c);
  const collection = parse(c);
  skipSpace(c);
  expect(c, ':');
  let keyExpr: Expression | undefined;
  let valueExpr = parse(c);
  skipSpace(c);
  let group = false;
  if (result === 'object') {
    expect(c, '=>');
    keyExpr = valueExpr;
    valueExpr = parse(c);
    skipSpace(c);
    if (c.src.startsWith('...', c.pos)) {
      c.pos += 3;
      group = true;
    }
  }
  let condition: Expression | undefined;
  if (atKeyword(c, 'if')) {
    readIdentifier(c);
    condition = parse(c);
  }
  skipSpace(c);
  expect(c, result === 'tuple' ? ']' : '}');
  const keyName = second === undefined ? undefined : first;
  return {
    kind: 'for',
    result,
    keyName,
    valueName: second ?? first,
    collection,
    keyExpr,
    valueExpr,
    condition,
    group,
  };
}
