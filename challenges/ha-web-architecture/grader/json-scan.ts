/**
 * Where things are in a JSON text (a copy of iam-least-privilege's scanner). JSON.parse decides what
 * the design *is*; it cannot say on which line a component starts, so this scanner walks the same
 * text once more and records offsets, and finds the duplicate keys JSON.parse silently resolves (the
 * last one wins).
 */
export type JsonNode =
  | { readonly kind: 'object'; readonly start: number; readonly entries: readonly JsonEntry[] }
  | { readonly kind: 'array'; readonly start: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'scalar'; readonly start: number };

export interface JsonEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly value: JsonNode;
}

export type ScanResult =
  | { readonly ok: true; readonly root: JsonNode }
  | { readonly ok: false; readonly offset: number; readonly message: string };

class ScanError extends Error {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.offset = offset;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

/** Scans strict JSON; deeper than `maxDepth` is an error, which also bounds the recursion. */
export function scanJson(source: string, maxDepth: number): ScanResult {
  let at = 0;
  const space = () => {
    while (at < source.length && ' \t\n\r'.includes(source[at] as string)) at++;
  };
  const string = (): string => {
    const start = at;
    at++; // opening quote
    let text = '';
    while (at < source.length) {
      const char = source[at] as string;
      if (char === '"') {
        at++;
        return text;
      }
      if (char < ' ') throw new ScanError(at, 'control character inside a string');
      if (char === '\\') {
        const escaped = source[at + 1] ?? '';
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(source.slice(at + 2, at + 6)))
            throw new ScanError(at, 'bad \\u escape');
          text += String.fromCharCode(Number.parseInt(source.slice(at + 2, at + 6), 16));
          at += 6;
          continue;
        }
        const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[
          escaped
        ];
        if (simple === undefined) throw new ScanError(at, 'bad escape in a string');
        text += simple;
        at += 2;
        continue;
      }
      text += char;
      at++;
    }
    throw new ScanError(start, 'string never closed');
  };
  const value = (depth: number): JsonNode => {
    space();
    const start = at;
    const char = source[at];
    if (char === '{' || char === '[') {
      if (depth >= maxDepth) throw new ScanError(at, `nested more than ${maxDepth} levels deep`);
      return char === '{' ? object(depth + 1) : array(depth + 1);
    }
    if (char === '"') {
      string();
      return { kind: 'scalar', start };
    }
    const literal = LITERALS.find((word) => source.startsWith(word, at));
    if (literal) {
      at += literal.length;
      return { kind: 'scalar', start };
    }
    NUMBER.lastIndex = at;
    if (NUMBER.test(source)) {
      at = NUMBER.lastIndex;
      return { kind: 'scalar', start };
    }
    throw new ScanError(at, at >= source.length ? 'unexpected end of the file' : 'expected a value');
  };
  const object = (depth: number): JsonNode => {
    const start = at;
    at++;
    const entries: JsonEntry[] = [];
    space();
    if (source[at] === '}') {
      at++;
      return { kind: 'object', start, entries };
    }
    for (;;) {
      space();
      if (source[at] !== '"') throw new ScanError(at, 'expected a property name in double quotes');
      const keyStart = at;
      const key = string();
      space();
      if (source[at] !== ':') throw new ScanError(at, "expected ':' after the property name");
      at++;
      entries.push({ key, keyStart, value: value(depth) });
      space();
      if (source[at] === ',') {
        at++;
        continue;
      }
      if (source[at] === '}') {
        at++;
        return { kind: 'object', start, entries };
      }
      throw new ScanError(at, "expected ',' or '}'");
    }
  };
  const array = (depth: number): JsonNode => {
    const start = at;
    at++;
    const items: JsonNode[] = [];
    space();
    if (source[at] === ']') {
      at++;
      return { kind: 'array', start, items };
    }
    for (;;) {
      items.push(value(depth));
      space();
      if (source[at] === ',') {
        at++;
        continue;
      }
      if (source[at] === ']') {
        at++;
        return { kind: 'array', start, items };
      }
      throw new ScanError(at, "expected ',' or ']'");
    }
  };
  try {
    const root = value(0);
    space();
    if (at < source.length) throw new ScanError(at, 'unexpected text after the end of the JSON document');
    return { ok: true, root };
  } catch (error) {
    if (error instanceof ScanError) return { ok: false, offset: error.offset, message: error.message };
    throw error;
  }
}

/** The node a path leads to, or the deepest one on the way when the rest does not exist. */
export function nodeAt(
  root: JsonNode,
  path: readonly (string | number)[],
): { node: JsonNode; keyStart?: number } {
  let found: { node: JsonNode; keyStart?: number } = { node: root };
  for (const step of path) {
    const { node } = found;
    if (node.kind === 'object' && typeof step === 'string') {
      const entry = node.entries.findLast((e) => e.key === step);
      if (!entry) return found;
      found = { node: entry.value, keyStart: entry.keyStart };
    } else if (node.kind === 'array' && typeof step === 'number' && node.items[step]) {
      found = { node: node.items[step] };
    } else {
      return found;
    }
  }
  return found;
}

/** Every key written twice in the same object, at its second occurrence. */
export function duplicateKeys(root: JsonNode): JsonEntry[] {
  const found: JsonEntry[] = [];
  const visit = (node: JsonNode) => {
    if (node.kind === 'array') node.items.forEach(visit);
    if (node.kind !== 'object') return;
    const seen = new Set<string>();
    for (const entry of node.entries) {
      if (seen.has(entry.key)) found.push(entry);
      seen.add(entry.key);
      visit(entry.value);
    }
  };
  visit(root);
  return found;
}

/** 1-based line and column of an offset. */
export function position(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
