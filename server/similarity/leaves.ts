/**
 * The leaves of one parse tree unit, normalised (see tokens.ts for what is kept and what is not).
 * One walk with a tree cursor, the context of each leaf (its parent's type, its place among its
 * siblings, the key of the pair it is the value of) kept on a stack: asking nodes for their parent
 * or siblings crosses into WebAssembly for each and costs several times the parse.
 */
import type { Node } from 'web-tree-sitter';
import type { Grammar } from './languages.ts';

export interface Token {
  /** The normalised text: `$id`, `$str`, `$num`, or the source text. */
  text: string;
  /** 0-based lines of the token's first and last character. */
  startLine: number;
  endLine: number;
}

/** The names a submission defines (values of naming keys), as one pattern that finds them in other values. */
export type NamePattern = RegExp | null;

/** The values of these keys name things: a copier renames them freely. */
export const NAMING_KEY =
  /^(name|names|id|sid|label|title|description|summary|note|notes|message|alert|record|app|runbook_url)$/i;
const SKIPPED = new Set(['"', "'", 'quoted_template_start', 'quoted_template_end', 'heredoc_start']);
/** Read as one leaf: YAML's quoted scalars hold only their quotes as children, JSON's strings their content. */
const ATOMIC = new Set([
  'double_quote_scalar',
  'single_quote_scalar',
  'block_scalar',
  'string',
  'string_lit',
]);
const PAIRS = new Set(['block_mapping_pair', 'flow_pair', 'pair']);
const PUNCTUATION = /^[{}[\],:-]$|^---$/;
const NUMBERS = new Set(['numeric_lit', 'number', 'integer_scalar', 'float_scalar']);
const SCALARS = new Set([...ATOMIC, 'string_scalar', 'string_content']);
const REFERENCE_ROOTS = new Set([
  'var',
  'local',
  'module',
  'data',
  'each',
  'count',
  'path',
  'terraform',
  'self',
]);

export const unquote = (text: string) => text.replace(/^["']|["']$/g, '');

/** An ancestor of the node under the cursor. */
interface Frame {
  type: string;
  /** Its field in its own parent (`key`, `value`), if any. */
  field: string | null;
  /** Its index among its parent's children, and the type of the sibling before it. */
  index: number;
  prevType: string | null;
  /** A block: its type (`resource`), and how many string labels came so far. */
  blockKind: string | null;
  labels: number;
  /** A pair: its key's text. */
  keyText: string | null;
}

interface Leaf {
  type: string;
  text: string;
  named: boolean;
  field: string | null;
  index: number;
}

function hclLeaf(leaf: Leaf, parent: Frame | undefined): string | null {
  if (leaf.type === 'string_lit' || leaf.type === 'template_literal') {
    // `resource "aws_instance" "web"`: the type is vocabulary, the name is not
    if (parent?.type === 'block' && leaf.type === 'string_lit') {
      parent.labels += 1;
      if (parent.labels === 1 && (parent.blockKind === 'resource' || parent.blockKind === 'data')) {
        return unquote(leaf.text);
      }
    }
    return '$str';
  }
  if (leaf.type !== 'identifier') return null;
  if ((parent?.type === 'block' || parent?.type === 'attribute') && leaf.index === 0) {
    if (parent.type === 'block') parent.blockKind = leaf.text;
    return leaf.text;
  }
  if (parent?.type === 'function_call') return leaf.text;
  if (parent?.type === 'variable_expr') {
    return REFERENCE_ROOTS.has(leaf.text) || leaf.text.includes('_') ? leaf.text : '$id';
  }
  // `aws_instance.web.id`, `var.region`: the name right after the root is the user's
  if (parent?.type === 'get_attr') return parent.prevType === 'variable_expr' ? '$id' : leaf.text;
  return '$id';
}

/** The leaf's place in a mapping: the pair it is the key of, or the key of the pair it is the value of. */
function placeInPair(leaf: Leaf, stack: readonly Frame[]): { isKey: boolean; key: string | null } {
  let field = leaf.field;
  for (let up = 1; up <= 3; up += 1) {
    const ancestor = stack[stack.length - up];
    if (!ancestor) break;
    if (PAIRS.has(ancestor.type)) {
      return { isKey: field === 'key', key: field === 'value' ? ancestor.keyText : null };
    }
    field = ancestor.field;
  }
  return { isKey: false, key: null };
}

function leafText(leaf: Leaf, stack: Frame[], grammar: Grammar, names: NamePattern): string | null {
  const { type, text } = leaf;
  if (SKIPPED.has(type)) return null;
  // punctuation of JSON and YAML is syntax, not content: a run of K tokens should span K values
  if (!leaf.named) return grammar !== 'hcl' && PUNCTUATION.test(text) ? null : text;
  const parent = stack[stack.length - 1];
  if (grammar === 'hcl') {
    // HCL's numbers are sizes and counts a copier tunes; in JSON and YAML they are kept like other values
    if (NUMBERS.has(type)) return '$num';
    const hcl = hclLeaf(leaf, parent);
    if (hcl !== null) return hcl;
  } else if (NUMBERS.has(type) || SCALARS.has(type)) {
    const place = placeInPair(leaf, stack);
    if (place.isKey) return NUMBERS.has(type) ? '$num' : unquote(text);
    if (NUMBERS.has(type)) return text;
    if (place.key === null || NAMING_KEY.test(place.key)) return '$str';
    // a value that mentions a defined name (a selector, an `expr` using a recorded rule) mentions it as a name
    const value = unquote(text);
    return names ? value.replace(names, '$id') : value;
  }
  if (/^(true|false)$/i.test(text)) return text.toLowerCase();
  return type;
}

/** Appends the normalised leaves of `node` to `into`. */
export function pushLeaves(node: Node, grammar: Grammar, names: NamePattern, into: Token[]): void {
  const cursor = node.walk();
  const stack: Frame[] = [];
  let index = 0;
  let prevType: string | null = null;
  try {
    for (;;) {
      const type = cursor.nodeType;
      // HCL's rules need no field names: one call into WebAssembly fewer per node
      const field = grammar === 'hcl' ? null : cursor.currentFieldName;
      const parent = stack[stack.length - 1];
      if (field === 'key' && parent && PAIRS.has(parent.type))
        parent.keyText = unquote(cursor.nodeText.trim());
      if (type !== 'comment') {
        const atomic = ATOMIC.has(type);
        if (!atomic && cursor.gotoFirstChild()) {
          stack.push({ type, field, index, prevType, blockKind: null, labels: 0, keyText: null });
          index = 0;
          prevType = null;
          continue;
        }
        const leaf: Leaf = { type, text: cursor.nodeText, named: cursor.nodeIsNamed, field, index };
        const text = leafText(leaf, stack, grammar, names);
        if (text !== null) {
          into.push({ text, startLine: cursor.startPosition.row, endLine: cursor.endPosition.row });
        }
      }
      prevType = type;
      while (!cursor.gotoNextSibling()) {
        const done = stack.pop();
        if (!done || !cursor.gotoParent()) return;
        index = done.index;
        prevType = done.type;
      }
      index += 1;
    }
  } finally {
    cursor.delete();
  }
}
