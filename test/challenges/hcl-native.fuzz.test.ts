// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform, whose ${…} is not JavaScript's.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HclSyntaxError, parseHcl } from '../../challenges/_lib/hcl/hcl-native.ts';
import { MAX_PARSE_DEPTH } from '../../challenges/_lib/hcl/hcl-native-peek.ts';
import { MAX_NESTING, tooDeepAt } from '../../challenges/_lib/hcl/nesting.ts';
import {
  describeDifference,
  nativeOutcome,
  oracleOutcome,
  sameOutcome,
  terraformFiles,
} from '../support/hcl-oracle.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

// Robustness of the native HCL parser: broken files (corpus files with random edits) must end in a
// parse error on the line hcl2json reports, or in hcl2json's own JSON, and never in anything thrown
// that is not a parse error; input at and past the nesting and size limits must end quickly.

const corpus = publicFiles('corpus', 'terraform');

/** Edits that break HCL in the ways people (and attackers) do: brackets, quotes, markers, escapes. */
const SNIPPETS = [
  '{',
  '}',
  '"',
  '${',
  '%{',
  '\n',
  '[',
  ']',
  '(',
  ')',
  '<<EOT\n',
  '<<-EOT\n',
  'EOT\n',
  '~',
  '#',
  '//',
  '/*',
  '*/',
  '=',
  ',',
  '.',
  '*',
  '?',
  ':',
  '-',
  '!',
  '$$',
  '\\',
  ' ',
  'for ',
  ' in ',
  'if ',
  '=>',
  '...',
  '[*]',
  '.*',
  '%{ endif }',
  '%{ else }',
  '%{ endfor }',
  '0',
  '1.5',
  'x',
  '\t',
  '\r\n',
  'é',
  '~}',
  '$${',
  '\\n',
  '\\u00e9',
  ';',
  "'",
  '&',
  '\u201c',
];

/** A deterministic generator (a linear congruential one), so a failure names a reproducible mutant. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

function mutate(source: string, next: () => number): string {
  let text = source;
  const edits = 1 + Math.floor(next() * 3);
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(next() * (text.length + 1));
    const roll = next();
    if (roll < 0.35)
      text = text.slice(0, at) + SNIPPETS[Math.floor(next() * SNIPPETS.length)] + text.slice(at);
    else if (roll < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
    else if (roll < 0.85) {
      const lines = text.split('\n');
      lines.splice(Math.floor(next() * lines.length), 1);
      text = lines.join('\n');
    } else {
      const from = Math.floor(next() * text.length);
      text = text.slice(0, at) + text.slice(from, from + 1 + Math.floor(next() * 20)) + text.slice(at);
    }
  }
  return text;
}

describe('the native HCL parser on broken files', () => {
  itWith(corpus)(
    'ends every mutant of every corpus file as hcl2json does: the same JSON or an error on the same line',
    { timeout: 300_000 },
    async () => {
      const next = random(19);
      const differences: string[] = [];
      let refused = 0;
      let mutants = 0;
      for (const file of terraformFiles(corpus.dir)) {
        const source = readFileSync(file, 'utf8');
        for (let k = 0; k < 4; k++) {
          const mutant = mutate(source, next);
          mutants++;
          const oracle = await oracleOutcome(mutant);
          const native = nativeOutcome(mutant); // throws if the parser throws anything but a parse error
          if ('errorLine' in native) refused++;
          if (!sameOutcome(oracle, native)) {
            differences.push(describeDifference(`${path.basename(file)} mutant ${k}`, oracle, native));
          }
        }
      }
      expect(mutants).toBeGreaterThan(600);
      // Most mutants are broken, some still parse: both kinds are compared.
      expect(refused).toBeGreaterThan(mutants / 4);
      expect(refused).toBeLessThan(mutants);
      expect(differences).toEqual([]);
    },
  );
});

describe('the native HCL parser at its limits', () => {
  // [what, levels nesting.ts counts per step, the file at a depth]
  const nested: [string, number, (depth: number) => string][] = [
    ['tuples', 1, (d) => `a = ${'['.repeat(d)}1${']'.repeat(d)}\n`],
    ['objects', 1, (d) => `a = ${'{ k = '.repeat(d)}1${' }'.repeat(d)}\n`],
    ['parentheses', 1, (d) => `a = ${'('.repeat(d)}1${')'.repeat(d)}\n`],
    ['interpolations', 2, (d) => `a = ${'"${'.repeat(d)}x${'}"'.repeat(d)}\n`],
    ['blocks', 1, (d) => `${'b {\n'.repeat(d)}${'}\n'.repeat(d)}`],
    ['function calls', 1, (d) => `a = ${'f('.repeat(d)}1${')'.repeat(d)}\n`],
  ];

  it.each(nested)(
    'parses %s nested as deep as nesting.ts lets through, as hcl2json does',
    async (_what, per, make) => {
      const depth = Math.floor(MAX_NESTING / per);
      expect(tooDeepAt(make(depth + 1))).toBeDefined();
      const source = make(depth);
      expect(tooDeepAt(source)).toBeUndefined();
      const native = nativeOutcome(source);
      expect(native).toHaveProperty('json');
      expect(sameOutcome(await oracleOutcome(source), native)).toBe(true);
    },
  );

  it.each([
    ['unary minus', `a = ${'-'.repeat(50_000)}1\n`],
    ['logical not', `a = ${'!'.repeat(50_000)}true\n`],
    ['conditionals', `a = ${'x ? y : '.repeat(10_000)}z\n`],
    ['splats', `a = x${'[*]'.repeat(20_000)}\n`],
    ['parentheses', `a = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n`],
    ['templates', `a = ${'"${'.repeat(20_000)}x${'}"'.repeat(20_000)}\n`],
    ['blocks', `${'b {\n'.repeat(20_000)}${'}\n'.repeat(20_000)}`],
  ])('refuses %s nested past its own limit with a parse error, not a stack overflow', (_what, source) => {
    expect(() => parseHcl(source)).toThrow(HclSyntaxError);
    expect(() => parseHcl(source)).toThrow(`nested more than ${MAX_PARSE_DEPTH} levels deep`);
  });

  it('parses a file at the 128 KiB limit in well under a second of CPU', () => {
    const resource = (i: number) =>
      `resource "aws_instance" "web_${i}" {\n  ami = "ami-${i}"\n  tags = { Name = "web-\${var.env}-${i}", n = ${i} }\n` +
      `  user_data = <<-EOT\n    #!/bin/sh\n    echo \${var.greeting} %{ if var.on }on%{ endif }\n  EOT\n}\n`;
    let source = '';
    for (let i = 0; source.length < 128 * 1024 - 300; i++) source += resource(i);
    const before = process.cpuUsage();
    const json = parseHcl(source);
    const used = process.cpuUsage(before);
    expect(Object.keys((json.resource as { aws_instance: object }).aws_instance).length).toBeGreaterThan(500);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });
});
