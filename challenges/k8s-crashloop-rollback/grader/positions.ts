import type { Document, LineCounter } from 'yaml';
import { isMap, isNode, isPair, isScalar, isSeq } from 'yaml';

/**
 * The line of the deepest YAML node on `path` (map keys and sequence indexes, as a schema error's
 * instancePath gives them), so a problem is reported where the candidate wrote it.
 */
export function lineOf(document: Document, lines: LineCounter, path: readonly (string | number)[]): number {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      // Point at the key: for a value that is a whole block, the key's line is where it starts.
      const keyStart = pair ? rangeStart(pair.key) : undefined;
      if (keyStart !== undefined) offset = keyStart;
      next = pair?.value;
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
    }
    const start = rangeStart(next);
    if (start === undefined) break;
    if (!isMap(node)) offset = start;
    node = next;
  }
  return lines.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}
