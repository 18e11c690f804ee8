/**
 * A submission's fingerprints, as stored (one row per submission) and compared: the files' paths,
 * and per kept hash the file and lines it covers.
 */
import type { Parsers } from './languages.ts';
import { type SourceFile, tokensOfFiles } from './tokens.ts';
import { type Fingerprint, winnow } from './winnow.ts';

/** Bumped when tokens or winnowing change, so stored fingerprints of an older kind are recomputed. */
export const FINGERPRINT_VERSION = 1;

export interface SubmissionPrints {
  paths: string[];
  /** [hash, index into paths, first line, last line], lines 0-based. */
  prints: Array<[number, number, number, number]>;
}

export type { SourceFile };

/** Fingerprints every file of a submission. */
export function fingerprintFiles(parsers: Parsers, files: readonly SourceFile[]): SubmissionPrints {
  const paths: string[] = [];
  const prints: SubmissionPrints['prints'] = [];
  for (const file of tokensOfFiles(parsers, files)) {
    const index = paths.push(file.path) - 1;
    for (const unit of file.units) {
      for (const f of winnow(unit)) prints.push([f.hash, index, f.startLine, f.endLine]);
    }
  }
  return { paths, prints };
}

const FENCE = /```([A-Za-z0-9_-]*)[^\n]*\n([\s\S]*?)```/g;
const FENCE_FILE: Record<string, string> = {
  hcl: 'brief.tf',
  terraform: 'brief.tf',
  tf: 'brief.tf',
  yaml: 'brief.yaml',
  yml: 'brief.yaml',
  json: 'brief.json',
};

/**
 * The brief's text as files to fingerprint: each fenced block in its own language (a candidate
 * copying an example from the brief copies code, not prose), and the whole brief as plain text.
 */
export function briefFiles(brief: string): SourceFile[] {
  const files: SourceFile[] = [{ path: 'BRIEF.md', content: brief }];
  for (const match of brief.matchAll(FENCE)) {
    const language = (match[1] ?? '').toLowerCase();
    files.push({ path: FENCE_FILE[language] ?? 'brief.txt', content: match[2] ?? '' });
  }
  return files;
}

/** The hashes of fingerprints, as a set. */
export function hashesOf(prints: SubmissionPrints): Set<number> {
  return new Set(prints.prints.map((p) => p[0]));
}

export type { Fingerprint };
