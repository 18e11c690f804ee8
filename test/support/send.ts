/** One HTTP answer, read whole: its status, the text and, when it parses, the JSON. */
export interface Answer {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field and assert on them
  body: any;
  ms: number;
}

export interface Sending {
  method: string;
  path: string;
  /** The Cookie header, sent as is; cookies the answer sets are dropped (each call is its own browser). */
  cookie?: string | undefined;
  /** JSON-encoded unless `raw` is given. */
  json?: unknown;
  raw?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
  /** A request still unanswered after this long fails the test: the server must never hang. */
  timeoutMs?: number;
}

/** Sends one request with a time bound, without a cookie jar: every caller's cookie is explicit. */
export async function send(baseUrl: string, sending: Sending): Promise<Answer> {
  const started = performance.now();
  const timeoutMs = sending.timeoutMs ?? 10_000;
  const headers: Record<string, string> = {};
  if (sending.json !== undefined) headers['content-type'] = 'application/json';
  if (sending.cookie) headers.cookie = sending.cookie;
  Object.assign(headers, sending.headers);
  const body = sending.raw ?? (sending.json !== undefined ? JSON.stringify(sending.json) : undefined);
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${sending.path}`, {
      method: sending.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(`${sending.method} ${sending.path} got no answer within ${timeoutMs} ms: ${error}`);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, text, body: parsed, ms: performance.now() - started };
}
