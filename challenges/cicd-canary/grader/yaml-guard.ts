import type { Node } from 'yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';

// The workflow parser expands every alias into a fresh copy, with no limit of its own: nine nested
// levels of nine aliases ("billion laughs") would be 387 million tokens. We count what the expansion
// would produce before letting it run. Real workflows have a few hundred nodes and are never nested
// more than ~10 deep.
const MAX_EXPANDED_NODES = 10_000;
const MAX_DEPTH = 64;
// The YAML parser itself needs ~1.5 KB per level of flow nesting (`[[[[…`), so deep input is refused
// before it is parsed, from the brackets alone. The bound is loose (brackets in a quoted string or a
// script count too); the exact depth is checked on the parsed document.
const MAX_BRACKET_DEPTH = 256;

/** Why a YAML text is refused, with the line of the node where the limit was crossed. */
export interface Refusal {
  readonly line: number;
  readonly message: string;
}

/**
 * Measures the YAML as the workflow parser would see it after alias expansion. Returns a refusal when
 * it is too large or too deep to parse safely; undefined when it is fine (syntax errors are left to
 * the workflow parser, which reports them with their position).
 */
export function refuseHostileYaml(text: string): Refusal | undefined {
  const bracketLine = bracketsTooDeepAt(text);
  if (bracketLine !== undefined) {
    return { line: bracketLine, message: `nested more than ${MAX_DEPTH} levels deep` };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const sizes = new Map<Node, number>();
  const lineOf = (node: unknown): number => {
    const offset = (node as { range?: [number] }).range?.[0];
    return offset === undefined ? 0 : lineCounter.linePos(offset).line;
  };

  const measure = (node: unknown, depth: number, resolving: ReadonlySet<unknown>): number => {
    if (node === null || node === undefined) return 0;
    if (depth > MAX_DEPTH) throw refusal(lineOf(node), `nested more than ${MAX_DEPTH} levels deep`);
    if (isAlias(node)) {
      const target = node.resolve(doc);
      // A circular alias is dropped by the parser; count nothing for it.
      if (!target || resolving.has(target)) return 1;
      const known = sizes.get(target);
      if (known !== undefined) return known;
      return measure(target, depth, new Set([...resolving, target]));
    }
    let size = 1;
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) size += measure(item, depth + 1, resolving);
    } else if (isPair(node)) {
      size += measure(node.key, depth, resolving) + measure(node.value, depth, resolving);
    } else if (!isScalar(node)) {
      return 1;
    }
    if (size > MAX_EXPANDED_NODES) {
      throw refusal(lineOf(node), `expands to more than ${MAX_EXPANDED_NODES} YAML nodes (aliases included)`);
    }
    sizes.set(node as Node, size);
    return size;
  };

  try {
    measure(doc.contents, 0, new Set());
    return undefined;
  } catch (error) {
    if (error instanceof RefusedYaml) return { line: error.line, message: error.message };
    throw error;
  }
}

class RefusedYaml extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

function refusal(line: number, message: string): RefusedYaml {
  return new RefusedYaml(line, message);
}

/** The line where `[` / `{` nesting first exceeds the bound, or undefined. */
function bracketsTooDeepAt(text: string): number | undefined {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > MAX_BRACKET_DEPTH) return line;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return undefined;
}
