import type { Attribute, Block, Body } from './hcl-native-ast.ts';
import { parseExpression } from './hcl-native-parse.ts';
import type { Peeker } from './hcl-native-peek.ts';
import type { Token } from './hcl-native-scan.ts';
import { decodeQuoted } from './hcl-native-template.ts';

// Bodies, attributes and blocks, as hclsyntax's parser.go reads them: an attribute and a block end
// with their line, a one-line block holds one attribute, and an argument may be set once.

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
