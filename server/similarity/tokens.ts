/**
 * A file as the token sequences similarity compares, one per top-level unit (an HCL block, a YAML
 * document's top-level entry, a JSON top-level entry or list item), so reordering blocks changes
 * nothing. Tokens are the leaves of the parse tree with what a copier can rename without changing
 * the meaning normalised (resource and variable names, references' names, literals, and the values
 * of naming keys such as `name`, `id`, `Sid`, `label`) and the vocabulary a configuration cannot do
 * without kept (block and resource types, attribute and mapping keys, functions, other values).
 */
import type { Node } from 'web-tree-sitter';
import { type Grammar, grammarOf, type Parsers } from './languages.ts';

export interface Token {
  /** The normalised text: `$id`, `$str`, `$num`, or the source text. */
  text: string;
  /** 0-based lines of the token's first and last character. */
  startLine: number;
  endLine: number;
}

/** The values of these keys name things: a copier renames them freely. */
const NAMING_KEY =
  /^(name|names|id|sid|label|title|description|summary|note|notes|message|alert|record|app|runbook_url)$/i;
const SKIPPED = new Set([
  '"',
  "'",
  'quoted_template_start',
  'quoted_template_end',
  'heredoc_start',
  'comment',
]);
/** Read as one leaf: YAML's quoted scalars hold only their quotes as children, JSON's strings their content. */
const ATOMIC = new Set([
  'double_quote_scalar',
  'single_quote_scalar',
  'block_scalar',
  'string',
  'string_lit',
]);
const PUNCTUATION = /^[{}[\],:-]$|^---$/;
const NUMBERS = new Set(['numeric_lit', 'number', 'integer_scalar', 'float_scalar']);
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

const unquote = (text: string) => text.replace(/^["']|["']$/g, '');

/** The key of the mapping pair a value belongs to, if the node is a pair's value. */
function keyOfValue(node: Node): string | null {
  let child: Node = node;
  for (let depth = 0; depth < 3; depth += 1) {
    const parent = child.parent;
    if (!parent) return null;
    if (parent.type === 'block_mapping_pair' || parent.type === 'flow_pair' || parent.type === 'pair') {
      const key = parent.childForFieldName('key');
      if (!key || key.id === child.id) return null;
      return unquote(key.text);
    }
    child = parent;
  }
  return null;
}

function isKey(node: Node): boolean {
  let child: Node = node;
  for (let depth = 0; depth < 3; depth += 1) {
    const parent = child.parent;
    if (!parent) return false;
    if (parent.type === 'block_mapping_pair' || parent.type === 'flow_pair' || parent.type === 'pair') {
      return parent.childForFieldName('key')?.id === child.id;
    }
    child = parent;
  }
  return false;
}

function hclLeaf(leaf: Node): string | null {
  const parent = leaf.parent;
  if (leaf.type === 'string_lit' || leaf.type === 'template_literal') {
    // `resource "aws_instance" "web"`: the type is vocabulary, the name is not
    if (parent?.type === 'block' && parent.firstChild?.text.match(/^(resource|data)$/)) {
      const labels = parent.children.filter((c) => c.type === 'string_lit');
      if (labels[0]?.id === leaf.id) return unquote(leaf.text);
    }
    return '$str';
  }
  if (leaf.type === 'identifier') {
    if ((parent?.type === 'block' || parent?.type === 'attribute') && parent.firstChild?.id === leaf.id) {
      return leaf.text;
    }
    if (parent?.type === 'function_call') return leaf.text;
    if (parent?.type === 'variable_expr')
      return REFERENCE_ROOTS.has(leaf.text) || leaf.text.includes('_') ? leaf.text : '$id';
    // `aws_instance.web.id`, `var.region`: the name right after the root is the user's
    if (parent?.type === 'get_attr')
      return parent.previousSibling?.type === 'variable_expr' ? '$id' : leaf.text;
    return '$id';
  }
  return null;
}

/** The names a submission defines (values of naming keys), as one pattern that finds them in other values. */
export type NamePattern = RegExp | null;

function leafText(leaf: Node, grammar: Grammar, names: NamePattern): string | null {
  const type = leaf.type;
  if (SKIPPED.has(type)) return null;
  // punctuation of JSON and YAML is syntax, not content: a run of K tokens should span K values
  if (!leaf.isNamed) return grammar !== 'hcl' && PUNCTUATION.test(leaf.text) ? null : leaf.text;
  // HCL's numbers are sizes and counts a copier tunes; in JSON and YAML they are kept like other values
  if (NUMBERS.has(type)) return grammar === 'hcl' || isKey(leaf) ? '$num' : leaf.text;
  if (grammar === 'hcl') {
    const text = hclLeaf(leaf);
    if (text !== null) return text;
  } else if (ATOMIC.has(type) || type === 'string_scalar' || type === 'string_content') {
    if (isKey(leaf)) return unquote(leaf.text);
    const key = keyOfValue(leaf);
    if (key === null || NAMING_KEY.test(key)) return '$str';
    // a value that mentions a defined name (a selector, an `expr` using a recorded rule) mentions it as a name
    const text = unquote(leaf.text);
    return names ? text.replace(names, '$id') : text;
  }
  if (/^(true|false)$/i.test(leaf.text)) return leaf.text.toLowerCase();
  return type;
}

function pushLeaves(node: Node, grammar: Grammar, names: NamePattern, into: Token[]): void {
  const cursor = node.walk();
  // An iterative walk: deep YAML or JSON must not exhaust the stack.
  try {
    for (;;) {
      const current = cursor.currentNode;
      if (current.type === 'comment') {
        // the comment's subtree is left out
      } else if (current.childCount === 0 || ATOMIC.has(current.type)) {
        const text = leafText(current, grammar, names);
        if (text !== null)
          into.push({ text, startLine: current.startPosition.row, endLine: current.endPosition.row });
      } else if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent() || cursor.currentNode.id === node.id) return;
      }
      if (cursor.currentNode.id === node.id) return;
    }
  } finally {
    cursor.delete();
  }
}

/** The top-level units of a file: HCL blocks and attributes, YAML documents' entries, JSON's entries and list items. */
function units(root: Node, grammar: Grammar): Node[] {
  const named = (n: Node | null | undefined) =>
    n?.namedChildren.filter((c) => c !== null && c.type !== 'comment') ?? [];
  if (grammar === 'hcl') return named(root.namedChildren.find((c) => c?.type === 'body'));
  const out: Node[] = [];
  const split = (container: Node, depth: number) => {
    for (const child of named(container)) {
      const value = child.childForFieldName('value');
      const list = value ? listOf(value) : null;
      if (depth === 0 && list && named(list).length > 1) {
        out.push(child.childForFieldName('key') ?? child);
        for (const item of named(list)) out.push(item);
      } else out.push(child);
    }
  };
  const mappingOf = (n: Node): Node | null => {
    let at: Node | null = n;
    while (
      at &&
      !['block_mapping', 'flow_mapping', 'object', 'block_sequence', 'flow_sequence', 'array'].includes(
        at.type,
      )
    ) {
      at = named(at)[0] ?? null;
    }
    return at;
  };
  const listOf = (n: Node): Node | null => {
    const m = mappingOf(n);
    return m && ['block_sequence', 'flow_sequence', 'array'].includes(m.type) ? m : null;
  };
  const documents = grammar === 'yaml' ? named(root).filter((d) => d.type === 'document') : [root];
  for (const document of documents) {
    const top = mappingOf(document);
    if (top) split(top, 0);
    else out.push(document);
  }
  return out;
}

const WORD = /[A-Za-z_][A-Za-z0-9_-]*|\d+(?:\.\d+)?|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|\S/g;

/** Plain text (a shell script, Markdown): words kept, numbers and quoted strings normalised, one unit. */
function textTokens(content: string): Token[][] {
  const tokens: Token[] = [];
  for (const [line, text] of content.split('\n').entries()) {
    const trimmed = text.trimStart();
    if (trimmed.startsWith('#') || trimmed.startsWith('//')) continue;
    for (const match of text.matchAll(WORD)) {
      const word = match[0];
      const first = word[0] ?? '';
      const normal = /\d/.test(first) ? '$num' : first === '"' || first === "'" ? '$str' : word;
      tokens.push({ text: normal, startLine: line, endLine: line });
    }
  }
  return [tokens];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The values of naming keys in a YAML or JSON tree: the names the candidate chose. */
function collectNames(root: Node, into: Set<string>): void {
  for (const pair of root.descendantsOfType(['block_mapping_pair', 'flow_pair', 'pair'])) {
    const key = pair?.childForFieldName('key');
    const value = pair?.childForFieldName('value');
    if (!key || !value || !NAMING_KEY.test(unquote(key.text))) continue;
    const text = unquote(value.text.trim());
    if (text.length >= 3 && text.length <= 100 && !text.includes('\n')) into.add(text);
  }
}

export interface SourceFile {
  path: string;
  content: string;
}

/**
 * The token sequences of a submission's files, one per top-level unit of each; a file without a
 * grammar is plain text. Names defined in one file are names in every other.
 */
export function tokensOfFiles(
  parsers: Parsers,
  files: readonly SourceFile[],
): Array<{ path: string; units: Token[][] }> {
  const parsed = files.map((file) => {
    const grammar = grammarOf(file.path);
    const tree = grammar === null ? null : parsers[grammar].parse(file.content);
    return { file, grammar, tree };
  });
  try {
    const defined = new Set<string>();
    for (const { grammar, tree } of parsed)
      if (tree && grammar !== 'hcl') collectNames(tree.rootNode, defined);
    const names: NamePattern =
      defined.size === 0
        ? null
        : new RegExp(
            `(?<![A-Za-z0-9_-])(?:${[...defined]
              .sort((a, b) => b.length - a.length)
              .map(escapeRegExp)
              .join('|')})(?![A-Za-z0-9_-])`,
            'g',
          );
    return parsed.map(({ file, grammar, tree }) => ({
      path: file.path,
      units:
        grammar === null || !tree
          ? textTokens(file.content)
          : units(tree.rootNode, grammar).map((unit) => {
              const tokens: Token[] = [];
              pushLeaves(unit, grammar, names, tokens);
              return tokens;
            }),
    }));
  } finally {
    for (const { tree } of parsed) tree?.delete();
  }
}
