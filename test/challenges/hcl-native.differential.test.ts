// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform, whose ${…} is not JavaScript's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MALFORMED_CASES, VALID_CASES } from '../support/hcl-native-cases.ts';
import {
  describeDifference,
  nativeOutcome,
  type Outcome,
  oracleOutcome,
  sameOutcome,
  terraformFiles,
} from '../support/hcl-oracle.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

// The native parser (challenges/_lib/hcl/hcl-native.ts) replaces hcl2json in the graders only if it
// gives the same JSON for every file, and the same first error line for every file hcl2json refuses.

const repo = path.resolve(import.meta.dirname, '../..');
const corpus = publicFiles('corpus', 'terraform');
const realworld = publicFiles('realworld', 'terraform');

/** Compares every file under `dir`; returns the differences and how many files each parser refused. */
async function compareFolder(
  dir: string,
): Promise<{ files: number; refused: number; differences: string[] }> {
  const files = terraformFiles(dir);
  const differences: string[] = [];
  let refused = 0;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const oracle = await oracleOutcome(source, path.basename(file));
    const native = nativeOutcome(source);
    if ('errorLine' in oracle) refused++;
    if (!sameOutcome(oracle, native))
      differences.push(describeDifference(path.relative(repo, file), oracle, native));
  }
  return { files: files.length, refused, differences };
}

describe('the native HCL parser against hcl2json, file by file', () => {
  itWith(corpus)('gives the same JSON for every .tf and .tfvars file of the public corpus', async () => {
    const result = await compareFolder(corpus.dir);
    expect(result.files).toBeGreaterThan(150);
    expect(result.refused).toBe(0);
    expect(result.differences).toEqual([]);
  });

  itWith(realworld)('gives the same JSON for every Terraform file of the real-world collection', async () => {
    const result = await compareFolder(realworld.dir);
    expect(result.files).toBeGreaterThan(200);
    expect(result.differences).toEqual([]);
  });

  it('gives the same JSON for every Terraform file of the challenges (starters, references, solutions)', async () => {
    const result = await compareFolder(path.join(repo, 'challenges'));
    expect(result.files).toBeGreaterThan(30);
    expect(result.refused).toBe(0);
    expect(result.differences).toEqual([]);
  });

  it('gives the same outcome for every Terraform fixture the grader tests use', {
    timeout: 180_000,
  }, async () => {
    const result = await compareFolder(path.join(repo, 'test/fixtures'));
    expect(result.files).toBeGreaterThan(1000);
    expect(result.differences).toEqual([]);
  });
});

describe('the native HCL parser against hcl2json, by hand-written case', () => {
  it.each(VALID_CASES)('gives the same JSON for %s', async (_name, source) => {
    const oracle = await oracleOutcome(source);
    expect(oracle).toHaveProperty('json');
    expectSame(source, oracle, nativeOutcome(source));
  });

  it.each(MALFORMED_CASES)('reports %s on the same line as hcl2json', async (_name, source) => {
    const oracle = await oracleOutcome(source);
    const native = nativeOutcome(source);
    expect(oracle).toHaveProperty('errorLine');
    expect(native).toHaveProperty('errorLine');
    expectSame(source, oracle, native);
  });

  it('renders expressions from their source text and literals as JSON values', () => {
    const native = nativeOutcome(
      'a = var.x\nb = "web-${count.index}"\nc = 1e3\nd = -1\ne = [for s in var.l : upper(s) if s != ""]\n',
    );
    expect(native).toEqual({
      json: {
        a: '${var.x}',
        b: 'web-${count.index}',
        c: 1000,
        d: -1,
        e: '${[for s in var.l : upper(s) if s != ""]}',
      },
    });
  });

  it('nests labelled blocks by type and label, repeated blocks as arrays', () => {
    const native = nativeOutcome(
      'resource "aws_instance" "a" {\n  ami = "x"\n}\nresource "aws_instance" "b" {}\nlocals { x = 1 }\nlocals {}\n',
    );
    expect(native).toEqual({
      json: { locals: [{ x: 1 }, {}], resource: { aws_instance: { a: [{ ami: 'x' }], b: [{}] } } },
    });
  });
});

function expectSame(source: string, oracle: Outcome, native: Outcome): void {
  expect(sameOutcome(oracle, native), describeDifference(JSON.stringify(source), oracle, native)).toBe(true);
}
