import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import { HclSyntaxError, parseHcl } from '../../challenges/_lib/hcl/hcl-native.ts';

/**
 * What a parser made of one file: its JSON, or the line of the first error it reported (0 when the
 * error names no line). The oracle is `@cdktf/hcl2json` (Go's hclsyntax compiled to WebAssembly),
 * which the graders used before the native parser; it lives on only here, in the tests.
 */
export type Outcome = { json: unknown } | { errorLine: number; message: string };

export async function oracleOutcome(source: string, file = 'main.tf'): Promise<Outcome> {
  try {
    return { json: await parse(file, source) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { errorLine: firstErrorLine(file, message), message };
  }
}

/** The native parser's outcome; anything it throws other than HclSyntaxError is a bug and propagates. */
export function nativeOutcome(source: string): Outcome {
  try {
    return { json: parseHcl(source) };
  } catch (error) {
    if (error instanceof HclSyntaxError) return { errorLine: error.line, message: error.message };
    throw error;
  }
}

/**
 * Equal JSON (deeply, -0 and key order included), or both an error on the same line. Messages may
 * differ: the native parser words its own.
 */
export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if ('json' in a && 'json' in b) {
    return isDeepStrictEqual(a.json, b.json) && JSON.stringify(a.json) === JSON.stringify(b.json);
  }
  return 'errorLine' in a && 'errorLine' in b && a.errorLine === b.errorLine;
}

/** A short account of a difference, for a failing assertion's message. */
export function describeDifference(name: string, oracle: Outcome, native: Outcome): string {
  const show = (o: Outcome) =>
    'json' in o
      ? JSON.stringify(o.json).slice(0, 400)
      : `error on line ${o.errorLine}: ${o.message.slice(0, 200)}`;
  return `${name}\n  hcl2json: ${show(oracle)}\n  native:   ${show(native)}`;
}

/**
 * hcl2json reports errors as `parse config: [main.tf:12,3-4: Summary; Detail. main.tf:14,1-2: …]`, or
 * with a conversion prefix; the first `file:line,column` is where its first error is.
 */
function firstErrorLine(file: string, message: string): number {
  const at = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+),\\d+`).exec(message);
  return at ? Number(at[1]) : 0;
}

/** Every .tf and .tfvars file under `dir`, sorted, skipping node_modules and hidden folders. */
export function terraformFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && /\.(tf|tfvars)$/.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}
