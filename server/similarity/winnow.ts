/**
 * Winnowing (Schleimer, Wilkerson and Aiken, 2003): hash every run of K tokens, keep the smallest
 * hash of each window of W runs. Any match of at least K + W - 1 tokens shares a fingerprint, and
 * reordering whole blocks only loses the runs that straddle a boundary.
 */
import type { Token } from './tokens.ts';

export const K = 12;
export const W = 8;

/** One kept hash and the lines it covers in its file. */
export interface Fingerprint {
  hash: number;
  startLine: number;
  endLine: number;
}

/** FNV-1a over a string, 32 bits. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Fewer tokens than this make no fingerprint: `}` or `kind: Deployment` says nothing. */
export const MIN_UNIT = 4;

/**
 * The fingerprints of a token sequence. One shorter than K (a small block) is one fingerprint of
 * the whole sequence, so a file of small blocks is not invisible.
 */
export function winnow(tokens: readonly Token[]): Fingerprint[] {
  const ids = tokens.map((t) => hashText(t.text));
  if (ids.length < K) {
    if (ids.length < MIN_UNIT) return [];
    let h = 0x811c9dc5;
    for (const id of ids) h = Math.imul(h ^ id, 0x01000193);
    return [{ hash: h >>> 0, startLine: tokens[0]?.startLine ?? 0, endLine: tokens.at(-1)?.endLine ?? 0 }];
  }
  const runs: number[] = [];
  for (let i = 0; i + K <= ids.length; i += 1) {
    let h = 0x811c9dc5;
    for (let j = i; j < i + K; j += 1) h = Math.imul(h ^ (ids[j] ?? 0), 0x01000193);
    runs.push(h >>> 0);
  }
  const kept: Fingerprint[] = [];
  let last = -1;
  const window = Math.min(W, runs.length);
  for (let start = 0; start + window <= runs.length && window > 0; start += 1) {
    // the rightmost smallest hash of the window, kept once however many windows choose it
    let min = start;
    for (let i = start + 1; i < start + window; i += 1) if ((runs[i] ?? 0) <= (runs[min] ?? 0)) min = i;
    if (min !== last) {
      last = min;
      kept.push({
        hash: runs[min] ?? 0,
        startLine: tokens[min]?.startLine ?? 0,
        endLine: tokens[min + K - 1]?.endLine ?? 0,
      });
    }
  }
  return kept;
}
