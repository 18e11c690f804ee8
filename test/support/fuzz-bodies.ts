import fc from 'fast-check';

export type JsonPath = (string | number)[];

/** The paths of a body's string values: what text, size and traversal cases are put into. */
export function textLeaves(value: unknown, path: JsonPath = []): JsonPath[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => textLeaves(v, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => textLeaves(v, [...path, k]));
  return [];
}

/** A deep copy of `body` with the value at `path` replaced. */
export function withValue(body: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...JsonPath];
  if (Array.isArray(body)) return body.map((v, i) => (i === head ? withValue(v, rest, value) : v));
  const object = body as Record<string, unknown>;
  return { ...object, [head]: withValue(object[head], rest, value) };
}

/** The JSON type of a value, telling arrays and null from objects. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** JSON nested `depth` levels deep, as text (too deep for JSON.stringify to build comfortably). */
export function nestedJson(depth: number, kind: 'object' | 'array'): string {
  return kind === 'object'
    ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
    : `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Characters that break naive code: NUL and other controls, lone surrogates, bidi overrides, BOM. */
export const NASTY_CHARACTERS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\r\n',
  '\t',
  '\ud800',
  '\udfff',
  '\udbff\udfff',
  '\u202e',
  '\u200b',
  '\ufeff',
  '\uffff',
  'é',
  '😀',
  '%00',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log-injection probe, meant literally
  '${jndi:x}',
  "'; drop table attempts; --",
];

/** Strings made of nasty characters and arbitrary code points (lone surrogates included). */
export const nastyText = fc
  .array(fc.oneof(fc.constantFrom(...NASTY_CHARACTERS), fc.string({ unit: 'binary', maxLength: 8 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

/** File names that try to leave the workspace, or to confuse a path check; none is a plain name. */
export const TRAVERSALS = [
  '../x',
  '..',
  '/etc/passwd',
  'a/../../b',
  './../x',
  '..\\x',
  'a\\..\\..\\b',
  'C:\\Windows\\x',
  'C:x',
  '\\\\server\\share',
  'a/\u0000/b',
  'x\u0000.tf',
  '',
  '/',
  'a//b',
  './x',
  '/../etc/passwd',
  '/srv/../etc/shadow',
  'relative/path',
];

/** Bodies that are not JSON (or not a JSON object or array, which the parser refuses too). */
export const NOT_JSON = [
  'not json',
  '{',
  '{"a":1',
  '{"a":1}garbage',
  "{'a':1}",
  '{"a":undefined}',
  '[1,]',
  'NaN',
  '"a string"',
  '42',
  'null',
  '\u0000',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
];
