/** Defensive readers for parsed YAML: a candidate's object may have any shape at any path. */

export type Fields = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as an object, or an empty one when it is anything else. */
export function asRecord(value: unknown): Fields {
  return isRecord(value) ? value : {};
}

export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Kubernetes integer fields: a whole JSON number (YAML `30`), never a quoted string. */
export function asInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** A map of string to string (labels, matchLabels, a Service selector); other entries are dropped. */
export function asStringMap(value: unknown): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [key, entry] of Object.entries(asRecord(value))) {
    if (typeof entry === 'string') map.set(key, entry);
  }
  return map;
}

/** The deepest nesting of objects and arrays, stopping early once past `limit`. */
export function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
