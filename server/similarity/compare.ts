/**
 * How much two submissions share, and where: the overlap of their fingerprints once the starter's,
 * the reference's and the brief's are taken out, and the shared fingerprints merged into fragments
 * of lines side by side.
 */
import type { SubmissionPrints } from './fingerprint.ts';

/** Below this many own fingerprints a submission is too small to call similar to anything. */
export const MIN_PRINTS = 4;

export interface LineRange {
  path: string;
  startLine: number;
  endLine: number;
}

export interface MatchedFragment {
  /** Shared fingerprints in the fragment. */
  prints: number;
  left: LineRange;
  right: LineRange;
}

/** The submission's own hashes: its fingerprints less every excluded one. */
export function ownHashes(prints: SubmissionPrints, excluded: ReadonlySet<number>): Set<number> {
  const own = new Set<number>();
  for (const [hash] of prints.prints) if (!excluded.has(hash)) own.add(hash);
  return own;
}

/**
 * The share of fingerprints two submissions have in common, 0 to 1, the same both ways: shared
 * over the smaller submission's own, so a copy padded with extra work still scores as a copy.
 * 0 when either is too small to judge.
 */
export function similarityScore(left: ReadonlySet<number>, right: ReadonlySet<number>): number {
  const smaller = Math.min(left.size, right.size);
  if (smaller < MIN_PRINTS) return 0;
  const [few, many] = left.size <= right.size ? [left, right] : [right, left];
  let shared = 0;
  for (const hash of few) if (many.has(hash)) shared += 1;
  return shared / smaller;
}

interface Run {
  startLine: number;
  endLine: number;
  hashes: number[];
}

/** Line ranges that overlap or touch, merged; each keeps the hashes it covers. */
function mergeRanges(items: Array<{ hash: number; startLine: number; endLine: number }>): Run[] {
  const sorted = [...items].sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
  const runs: Run[] = [];
  for (const item of sorted) {
    const last = runs.at(-1);
    if (last && item.startLine <= last.endLine + 1) {
      last.endLine = Math.max(last.endLine, item.endLine);
      last.hashes.push(item.hash);
    } else runs.push({ startLine: item.startLine, endLine: item.endLine, hashes: [item.hash] });
  }
  return runs;
}

/**
 * The shared fingerprints of two submissions as fragments: runs of lines on the left, each beside
 * the run on the right that holds most of its fingerprints. Largest first, at most `limit`.
 */
export function matchedFragments(
  left: SubmissionPrints,
  right: SubmissionPrints,
  shared: ReadonlySet<number>,
  limit = 8,
): MatchedFragment[] {
  const rightOf = new Map<number, { path: number; startLine: number; endLine: number }>();
  for (const [hash, path, startLine, endLine] of right.prints) {
    if (shared.has(hash) && !rightOf.has(hash)) rightOf.set(hash, { path, startLine, endLine });
  }
  const byLeftPath = new Map<number, Array<{ hash: number; startLine: number; endLine: number }>>();
  const seen = new Set<string>();
  for (const [hash, path, startLine, endLine] of left.prints) {
    if (!shared.has(hash) || seen.has(`${path}:${hash}`)) continue;
    seen.add(`${path}:${hash}`);
    const list = byLeftPath.get(path) ?? [];
    list.push({ hash, startLine, endLine });
    byLeftPath.set(path, list);
  }
  const fragments: MatchedFragment[] = [];
  for (const [leftPath, items] of byLeftPath) {
    for (const run of mergeRanges(items)) {
      // the right file holding most of the run's fingerprints, and their lines there
      const perPath = new Map<number, Array<{ hash: number; startLine: number; endLine: number }>>();
      for (const hash of run.hashes) {
        const at = rightOf.get(hash);
        if (!at) continue;
        const list = perPath.get(at.path) ?? [];
        list.push({ hash, startLine: at.startLine, endLine: at.endLine });
        perPath.set(at.path, list);
      }
      const best = [...perPath.entries()]
        .flatMap(([path, list]) => mergeRanges(list).map((r) => ({ path, run: r })))
        .sort((a, b) => b.run.hashes.length - a.run.hashes.length)[0];
      if (!best) continue;
      fragments.push({
        prints: run.hashes.length,
        left: { path: left.paths[leftPath] ?? '', startLine: run.startLine, endLine: run.endLine },
        right: {
          path: right.paths[best.path] ?? '',
          startLine: best.run.startLine,
          endLine: best.run.endLine,
        },
      });
    }
  }
  return fragments.sort((a, b) => b.prints - a.prints).slice(0, limit);
}
