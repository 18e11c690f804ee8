/**
 * Changes one node of a YAML file while keeping every other byte as written (comments, anchors,
 * quoting, key order, other documents), so a mutant differs from the reference only where the
 * operator meant it to. Operators for Kubernetes manifests, workflows and rule files share it.
 *
 * A node is named by its document (0 for the first of a `---` stream) and its path of map keys and
 * sequence indexes, as `Document.getIn` takes it: `{ doc: 1, path: ['spec', 'replicas'] }`.
 */
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseAllDocuments,
  stringify,
} from 'yaml';

export type YamlPath = readonly (string | number)[];
export interface YamlLocation {
  /** The document's index in a multi-document file; 0 by default. */
  doc?: number;
  path: YamlPath;
}

/** An edit that cannot be made as asked; the message names the path and what was there instead. */
export class YamlEditError extends Error {
  override name = 'YamlEditError';
}

/** Every document of a YAML file, parsed the way the runner's edits address them. */
export function yamlDocuments(text: string): Document.Parsed[] {
  return parseAllDocuments(text, { merge: true }) as Document.Parsed[];
}

/**
 * The plain value of a file's first YAML document (merge keys resolved, at most 100 aliases), or
 * undefined when the file does not parse: what an operator may mutate, read one way.
 */
export function firstYamlValue(text: string): unknown {
  try {
    const [document] = yamlDocuments(text);
    if (!document || document.errors.length > 0) return undefined;
    return document.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

const describe = (at: YamlLocation) => `document ${at.doc ?? 0}, path ${JSON.stringify(at.path)}`;

interface Found {
  node: Node | null;
  /** The map pair holding the node, when its parent is a map. */
  pair?: Pair;
  parent?: Node;
}

/** Walks the path; throws when a segment is missing, goes through an alias, or the type is wrong. */
function find(text: string, at: YamlLocation): Found {
  const doc = yamlDocuments(text)[at.doc ?? 0];
  if (!doc) throw new YamlEditError(`${describe(at)}: the file has no such document`);
  let found: Found = { node: doc.contents as Node | null };
  for (const [depth, segment] of at.path.entries()) {
    const { node } = found;
    if (isAlias(node)) {
      throw new YamlEditError(`${describe(at)}: segment ${depth} goes through an alias; edit its anchor`);
    }
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) throw new YamlEditError(`${describe(at)}: no key ${JSON.stringify(segment)}`);
      found = { node: (pair.value as Node | null) ?? null, pair: pair as Pair, parent: node };
    } else if (isSeq(node) && typeof segment === 'number' && segment >= 0 && segment < node.items.length) {
      found = { node: node.items[segment] as Node | null, parent: node };
    } else {
      throw new YamlEditError(`${describe(at)}: segment ${depth} (${JSON.stringify(segment)}) is not there`);
    }
  }
  return found;
}

/** One value written inline: a scalar as YAML writes it, a map or list in flow style. */
export function inlineYaml(value: unknown): string {
  const text = stringify(value, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
  return text.includes('\n') ? JSON.stringify(value) : text;
}

/** The end of a node's own text: its value end without the trailing line breaks and blanks. */
function trimmedEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1] ?? '')) at--;
  return at;
}

const lineStart = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text: string, offset: number) => {
  const at = text.indexOf('\n', offset);
  return at === -1 ? text.length : at + 1;
};

/** The 1-based line of an offset, for mutant ids and descriptions. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

/** The 1-based line where the node at `at` starts (its key's line when it is a map value). */
export function yamlLine(text: string, at: YamlLocation): number {
  const { node, pair } = find(text, at);
  const start = (pair?.key as Node | undefined)?.range?.[0] ?? node?.range?.[0] ?? 0;
  return lineAt(text, start);
}

/** Replaces a node's whole text with `replacement`. */
function splice(text: string, node: Node, replacement: string): string {
  const [start, valueEnd] = node.range ?? [0, 0];
  return text.slice(0, start) + replacement + text.slice(trimmedEnd(text, valueEnd));
}

/**
 * Sets the value at `at`. An existing value is replaced in place (its anchor and the text around it
 * stay); a missing last key is added to its map.
 */
export function setYamlValue(text: string, at: YamlLocation, value: unknown): string {
  const key = at.path.at(-1);
  if (typeof key === 'string') {
    let parent: Node | null = null;
    try {
      parent = find(text, { doc: at.doc ?? 0, path: at.path.slice(0, -1) }).node;
    } catch {
      // named with the whole path by find() below
    }
    const missing =
      isMap(parent) && !parent.items.some((p) => isScalar(p.key) && String(p.key.value) === key);
    if (missing) return addYamlEntry(text, { doc: at.doc ?? 0, path: at.path.slice(0, -1) }, key, value);
  }
  const found = find(text, at);
  const { node, pair } = found;
  if (node?.range) return splice(text, node, inlineYaml(value));
  // A key with no value (`key:`): write the value after the colon.
  const keyNode = pair?.key as Node | undefined;
  if (!keyNode?.range) throw new YamlEditError(`${describe(at)}: the node has no position in the text`);
  const colon = text.indexOf(':', keyNode.range[1]);
  return `${text.slice(0, colon + 1)} ${inlineYaml(value)}${text.slice(colon + 1)}`;
}

/** Adds `key: value` to the map at `at` (after its last entry, at the indentation of its first). */
export function addYamlEntry(text: string, at: YamlLocation, key: string, value: unknown): string {
  const { node } = find(text, at);
  if (!isMap(node)) throw new YamlEditError(`${describe(at)}: not a map, cannot add ${key}`);
  if (node.items.some((p) => isScalar(p.key) && String(p.key.value) === key)) {
    throw new YamlEditError(`${describe(at)}: already has ${key}`);
  }
  const js = node.toJSON() as Record<string, unknown>;
  if (node.flow || node.items.length === 0) return splice(text, node, inlineYaml({ ...js, [key]: value }));
  const first = node.items[0]?.key as Node | undefined;
  const last = node.items.at(-1);
  const lastEnd = ((last?.value as Node | null)?.range ?? (last?.key as Node | undefined)?.range)?.[1] ?? 0;
  const firstStart = first?.range?.[0] ?? 0;
  const indent = ' '.repeat(firstStart - lineStart(text, firstStart));
  const after = lineEnd(text, trimmedEnd(text, lastEnd));
  const line = `${indent}${inlineYaml(key)}: ${inlineYaml(value)}\n`;
  const head = text.slice(0, after);
  return `${head}${head.endsWith('\n') || head === '' ? '' : '\n'}${line}${text.slice(after)}`;
}

/** The collection rewritten inline without the entry at `key` (flow style, comments inside lost). */
function rewriteWithout(text: string, parent: Node, key: string | number | undefined): string {
  const js = parent.toJSON() as unknown;
  const without = Array.isArray(js)
    ? js.filter((_, i) => i !== key)
    : Object.fromEntries(Object.entries(js as object).filter(([k]) => k !== String(key)));
  return splice(text, parent, inlineYaml(without));
}

/**
 * Removes the map entry or list item at `at`. In block style the lines it spans go; in flow style,
 * or when it is the last entry of its collection, the collection is rewritten inline without it.
 */
export function deleteYamlNode(text: string, at: YamlLocation): string {
  if (at.path.length === 0) throw new YamlEditError(`${describe(at)}: cannot delete a whole document`);
  const { node, pair, parent } = find(text, at);
  if (!parent || !isCollection(parent)) throw new YamlEditError(`${describe(at)}: has no parent collection`);
  const key = at.path.at(-1);
  if (parent.flow || parent.items.length === 1) return rewriteWithout(text, parent, key);
  const startNode = (pair?.key as Node | undefined) ?? node;
  const start = startNode?.range?.[0];
  const end = (node?.range ?? startNode?.range)?.[1];
  if (start === undefined || end === undefined) {
    throw new YamlEditError(`${describe(at)}: the node has no position in the text`);
  }
  const begin = lineStart(text, start);
  const before = text.slice(begin, start);
  const to = lineEnd(text, trimmedEnd(text, end));
  // A whole line (or lines) of its own: a map key alone on its line, or a list item with its dash.
  if (isSeq(parent) ? /^\s*-\s*$/.test(before) : /^\s*$/.test(before)) {
    return text.slice(0, begin) + text.slice(to);
  }
  // The first key of a map that is a list item (`- name: a`): keep the dash, the map goes on.
  if (isMap(parent) && /^\s*-\s*$/.test(before)) {
    return text.slice(0, start).trimEnd() + (text[to - 1] === '\n' ? '\n' : '') + text.slice(to);
  }
  return rewriteWithout(text, parent, key);
}
