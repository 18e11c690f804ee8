import { describe, expect, it } from 'vitest';
import { shipModule, shipPackage } from '../../server/grading/ship-grader.ts';

describe('shipping a TypeScript grader as JavaScript modules', () => {
  it('strips the types in place, so lines and columns stay where they were', () => {
    const source = [
      "import type { Check } from './check.ts';",
      'export function score(checks: Check[], weight: number): number {',
      '  return checks.length * weight;',
      '}',
    ].join('\n');
    const shipped = shipModule(source);
    expect(shipped.split('\n')).toHaveLength(4);
    expect(shipped).not.toContain(': number');
    expect(shipped.split('\n')[2]).toBe('  return checks.length * weight;');
    expect(shipped.indexOf('return')).toBe(source.indexOf('return'));
  });

  it('renames relative .ts imports (static, side effect, re-export, dynamic) and nothing else', () => {
    const shipped = shipModule(
      [
        "import { a } from './a.ts';",
        "import '../../_lib/hcl/setup.ts';",
        'export * from "./b.ts";',
        "const c = await import('./c.ts');",
        "import { parse } from '@cdktf/hcl2json';",
        "const message = 'put the provider in main.ts, not variables.ts';",
      ].join('\n'),
    );
    expect(shipped).toContain("from './a.mjs'");
    expect(shipped).toContain("import '../../_lib/hcl/setup.mjs'");
    expect(shipped).toContain('from "./b.mjs"');
    expect(shipped).toContain("import('./c.mjs')");
    expect(shipped).toContain("from '@cdktf/hcl2json'");
    expect(shipped).toContain("'put the provider in main.ts, not variables.ts'");
  });

  it('ships a package: .ts files renamed and stripped, others as they are, and entry points follow', () => {
    const shipped = shipPackage([
      { path: 'grader/grade.ts', content: "import { x } from './x.ts';\nconst n: number = x;\n" },
      { path: 'grader/x.ts', content: 'export const x = 1;\n' },
      { path: 'grader/data.json', content: '{"a": 1}' },
    ]);
    expect(shipped.files.map((f) => f.path)).toEqual([
      'grader/grade.mjs',
      'grader/x.mjs',
      'grader/data.json',
    ]);
    expect(shipped.files[0]?.content).toContain("from './x.mjs'");
    expect(shipped.files[2]?.content).toBe('{"a": 1}');
    expect(shipped.pathOf('/grader/grade.ts')).toBe('/grader/grade.mjs');
  });

  it('ships a package it cannot strip as written, so the sandbox reports the grader error as before', () => {
    const files = [
      { path: 'grader/grade.ts', content: 'enum Level { Low, High }\nexport const l = Level.Low;\n' },
      { path: 'grader/x.ts', content: 'export const x = 1;\n' },
    ];
    const shipped = shipPackage(files);
    expect(shipped.files).toEqual(files);
    expect(shipped.pathOf('/grader/grade.ts')).toBe('/grader/grade.ts');
  });
});
