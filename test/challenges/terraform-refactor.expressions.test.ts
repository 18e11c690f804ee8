// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform, whose ${…} is not JavaScript's.
import { describe, expect, it } from 'vitest';
import type { References, Scope } from '../../challenges/_lib/hcl/evaluate.ts';
import { evaluate } from '../../challenges/_lib/hcl/evaluate.ts';
import { parseValueString } from '../../challenges/_lib/hcl/expression-parse.ts';
import type { Value } from '../../challenges/_lib/hcl/values.ts';
import { isUnknown, reasonOf, unknown } from '../../challenges/_lib/hcl/values.ts';

const variables: Record<string, Value> = {
  region: 'eu-west-1',
  names: ['b', 'a', 'b'],
  servers: { 'web-1': { zone: 'a' }, 'web-2': { zone: 'b' } },
};

/** var.* from the table above (unset ones are inputs without a value); anything else is a resource. */
const references: References = {
  resolve(root, steps) {
    const [first] = steps;
    if (root === 'var' && first?.kind === 'attr') {
      return {
        value: variables[first.name] ?? unknown('input', `var.${first.name} has no value`),
        consumed: 1,
      };
    }
    return { value: unknown('computed', `${root} is created at apply time`, [root]), consumed: 0 };
  },
};
const scope: Scope = { bindings: new Map([['count', { index: 2 }]]), references, budget: { steps: 0 } };

/** Evaluates one string as hcl2json would emit it. */
function run(text: string): Value {
  return evaluate(parseValueString(text), scope);
}

function reason(value: Value): string | undefined {
  return isUnknown(value) ? reasonOf(value) : undefined;
}

describe('the expression evaluator', () => {
  it('returns the value itself for a template that is one interpolation', () => {
    expect(run('${var.names}')).toEqual(['b', 'a', 'b']);
    expect(run('web-${count.index + 1}')).toBe('web-3');
    expect(run('$${not.interpolated}')).toBe('${not.interpolated}');
  });

  it('evaluates the functions and operators a refactor uses', () => {
    expect(run('${length(toset(var.names))}')).toBe(2);
    expect(run('${toset(var.names)}')).toEqual(['a', 'b']);
    expect(run('${concat(var.names, ["c"])[3]}')).toBe('c');
    expect(run('${merge({ a = 1 }, { b = 2 }).b}')).toBe(2);
    expect(run('${lookup(var.servers["web-2"], "zone", "x")}')).toBe('b');
    expect(run('${cidrsubnet("10.20.0.0/16", 8, 3)}')).toBe('10.20.3.0/24');
    expect(run('${var.region == "eu-west-1" && !false ? "yes" : "no"}')).toBe('yes');
    expect(run('${format("%s-%d", "web", 2)}')).toBe('web-2');
  });

  it('evaluates for expressions and splats', () => {
    expect(run('${[for k, v in var.servers : "${k}:${v.zone}" if v.zone != "c"]}')).toEqual([
      'web-1:a',
      'web-2:b',
    ]);
    expect(run('${{ for k, v in var.servers : v.zone => k... }}')).toEqual({ a: ['web-1'], b: ['web-2'] });
    expect(run('${[{ id = 1 }, { id = 2 }][*].id}')).toEqual([1, 2]);
    expect(run('${concat([var.names, ["c"]]...)}')).toEqual(['b', 'a', 'b', 'c']);
  });

  it('skips comments inside multi-line expressions', () => {
    expect(
      run('${[\n  # the office\n  "10.0.0.0/8", // and the VPN\n  /* more */ "10.1.0.0/16",\n]}'),
    ).toEqual(['10.0.0.0/8', '10.1.0.0/16']);
  });

  it('keeps unknowns explicit, with the reason and the origin', () => {
    expect(reason(run('${var.unset}'))).toBe('input');
    expect(reason(run('prefix-${aws_s3_bucket.x}'))).toBe('computed');
    expect(run('${aws_s3_bucket.x}')).toMatchObject({ origin: ['aws_s3_bucket'] });
    expect(reason(run('${jsondecode("{}")}'))).toBe('unsupported');
    expect(reason(run('%{ if true }x%{ endif }'))).toBe('unsupported');
    expect(reason(run('${var.names[7]}'))).toBe('invalid');
  });

  it('does not let an undecidable condition pass as computed', () => {
    expect(reason(run('${aws_x.y ? "0.0.0.0/0" : "10.0.0.0/8"}'))).toBe('unsupported');
    expect(run('${aws_x.y ? "same" : "same"}')).toBe('same');
  });

  it('lets try skip what Terraform rejects, and can report it', () => {
    expect(run('${try(var.names[7], "fallback")}')).toBe('fallback');
    expect(run('${can(var.names[7])}')).toBe(false);
    expect(reason(run('${try(jsondecode("x"), "fallback")}'))).toBe('unsupported');
  });

  it('gives up on runaway nesting instead of overflowing the stack', () => {
    expect(reason(run(`\${${'('.repeat(500)}1${')'.repeat(500)}}`))).toBe('unsupported');
  });
});
