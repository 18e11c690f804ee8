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
import { NAMING_KEY, type NamePattern, pushLeaves, type Token, unquote } from './leaves.ts';

export type { Token };

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
