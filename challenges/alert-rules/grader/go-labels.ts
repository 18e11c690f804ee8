/**
 * Reads promtool's printout of samples: `{alertname="High\"Errors", probe="12"} 1E+00, {…} 1E+00`.
 * Go writes each label value with strconv.Quote, so the values are decoded with Go's escapes.
 */

export interface PrintedSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Parses a `got:` list; undefined when the text is not in Go's format. */
export function parseSamples(text: string): PrintedSample[] | undefined {
  if (text === 'nil') return [];
  const samples: PrintedSample[] = [];
  let at = 0;
  while (at < text.length) {
    const labels = parseLabels(text, at);
    if (!labels) return undefined;
    at = labels.end;
    if (text[at] !== ' ') return undefined;
    const next = text.indexOf(', {', at);
    const end = next === -1 ? text.length : next;
    const value = Number(text.slice(at + 1, end));
    if (Number.isNaN(value) && text.slice(at + 1, end) !== 'NaN') return undefined;
    samples.push({ labels: labels.labels, value });
    at = next === -1 ? end : next + 2;
  }
  return samples;
}

function parseLabels(
  text: string,
  start: number,
): { labels: Record<string, string>; end: number } | undefined {
  if (text[start] !== '{') return undefined;
  const labels: Record<string, string> = {};
  let at = start + 1;
  if (text[at] === '}') return { labels, end: at + 1 };
  for (;;) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(at, at + 1024));
    if (!name || text[at + name[0].length] !== '=') return undefined;
    at += name[0].length + 1;
    const value = unquote(text, at);
    if (!value) return undefined;
    labels[name[0]] = value.value;
    at = value.end;
    if (text[at] === '}') return { labels, end: at + 1 };
    if (text.slice(at, at + 2) !== ', ') return undefined;
    at += 2;
  }
}

/** Decodes the body of a Go %q string (without its quotes); undefined when it is not one. */
export function goUnquote(body: string): string | undefined {
  const decoded = unquote(`"${body}"`, 0);
  return decoded && decoded.end === body.length + 2 ? decoded.value : undefined;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** Decodes one Go double-quoted string starting at `start`; \x bytes are read as UTF-8. */
function unquote(text: string, start: number): { value: string; end: number } | undefined {
  if (text[start] !== '"') return undefined;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let at = start + 1;
  while (at < text.length) {
    const char = text[at] as string;
    if (char === '"') return { value: new TextDecoder().decode(new Uint8Array(bytes)), end: at + 1 };
    if (char !== '\\') {
      const point = text.codePointAt(at) as number;
      const literal = String.fromCodePoint(point);
      bytes.push(...encoder.encode(literal));
      at += literal.length;
      continue;
    }
    const kind = text[at + 1] ?? '';
    const simple = SIMPLE_ESCAPES[kind];
    if (simple !== undefined) {
      bytes.push(...encoder.encode(simple));
      at += 2;
      continue;
    }
    const hexLength = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = text.slice(at + 2, at + 2 + hexLength);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) return undefined;
      const code = Number.parseInt(hex, 16);
      if (kind === 'x') bytes.push(code);
      else if (code > 0x10ffff) return undefined;
      else bytes.push(...encoder.encode(String.fromCodePoint(code)));
      at += 2 + hexLength;
      continue;
    }
    const octal = text.slice(at + 1, at + 4);
    if (!/^[0-7]{3}$/.test(octal)) return undefined;
    bytes.push(Number.parseInt(octal, 8) & 0xff);
    at += 4;
  }
  return undefined;
}
