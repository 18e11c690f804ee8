import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { operators } from '../../scripts/mutants/operators/hcl.ts';
import type { SubmissionFile } from '../../scripts/mutants/types.ts';

const solution = path.resolve(import.meta.dirname, '../../challenges/terraform-test-env/solution');
const files: SubmissionFile[] = await Promise.all(
  (await readdir(solution))
    .filter((name) => name.endsWith('.tf'))
    .sort()
    .map(async (name) => ({ path: name, content: await readFile(path.join(solution, name), 'utf8') })),
);
const mutants = operators.flatMap((operator) => operator.apply(files));

/** The one file a mutant changed, or undefined. */
function changed(id: string): string | undefined {
  const mutant = mutants.find((m) => m.id === id);
  if (!mutant) throw new Error(`no mutant ${id}`);
  const file = mutant.files.find((f, i) => f.content !== files[i]?.content);
  return file?.content;
}

describe('the HCL mutation operators', () => {
  it('give every mutant a unique id that names the operator, the file and the object', () => {
    expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
    for (const mutant of mutants) expect(mutant.id).toMatch(/^hcl\.[a-z-]+ [\w.-]+\.tf \S+/);
  });

  it('make the same mutants, in the same order, every time', () => {
    expect(operators.flatMap((o) => o.apply(files)).map((m) => m.id)).toEqual(mutants.map((m) => m.id));
  });

  it('each make at least one mutant of the reference', () => {
    for (const operator of operators) {
      expect(
        mutants.some((m) => m.operator === operator.name),
        operator.name,
      ).toBe(true);
    }
  });

  it('change exactly one file, which the Terraform parser still loads', { timeout: 120_000 }, async () => {
    for (const mutant of mutants) {
      const edited = mutant.files.filter((f, i) => f.content !== files[i]?.content);
      expect(edited, mutant.id).toHaveLength(1);
      const [file] = edited as [SubmissionFile];
      await expect(parse(file.path, file.content), mutant.id).resolves.toBeTypeOf('object');
    }
  });

  it('widen a range by eight bits and move both subnets into one zone', () => {
    expect(changed('hcl.widen-cidr variables.tf var.vpc_cidr default')).toContain('"10.0.0.0/8"');
    expect(changed('hcl.same-zone network.tf aws_subnet.app availability_zone')).toContain(
      'availability_zone = local.zones[0]',
    );
  });

  it('move a guarded value behind an input without a value or a data source', () => {
    const input = changed('hcl.unknown-input database.tf aws_db_instance.orders publicly_accessible') ?? '';
    expect(input).toMatch(/publicly_accessible\s+= var\.mutant_publicly_accessible_\d+/);
    expect(input).toMatch(/variable "mutant_publicly_accessible_\d+" \{\n {2}description/);
    expect(changed('hcl.data-source load-balancer.tf aws_lb.app internal')).toMatch(
      /internal\s+= data\.aws_ssm_parameter\.mutant_\d+\.value/,
    );
  });

  it('hard-code a password in place of the managed one, and remove one tag key', () => {
    const secret = changed('hcl.hard-code-secret database.tf aws_db_instance.orders') ?? '';
    expect(secret).toContain('password = "');
    expect(secret).not.toContain('manage_master_user_password');
    const tags = changed('hcl.remove-tag providers.tf provider.aws default_tags[0].tags Environment') ?? '';
    expect(tags).not.toContain('Environment');
    expect(tags).toContain('Project');
  });

  it('skip files whose brackets do not balance instead of making mutants of them', () => {
    expect(
      operators.flatMap((o) => o.apply([{ path: 'broken.tf', content: 'resource "a" "b" {\n' }])),
    ).toEqual([]);
  });
  it('do not mistake the text of heredocs, strings and comments for arguments', () => {
    const content = [
      'resource "aws_instance" "web" {',
      '  # enabled = true {',
      '  user_data = <<-EOT',
      '    enabled = true',
      '    }',
      '  EOT',
      '  name = "a { b"',
      '  monitoring = false',
      '}',
    ].join('\n');
    const made = operators.flatMap((o) => o.apply([{ path: 'main.tf', content }]));
    expect(made.filter((m) => m.operator === 'hcl.flip-boolean').map((m) => m.id)).toEqual([
      'hcl.flip-boolean main.tf aws_instance.web monitoring',
    ]);
    expect(made.filter((m) => m.operator === 'hcl.drop-argument').map((m) => m.id)).toEqual([
      'hcl.drop-argument main.tf aws_instance.web user_data',
      'hcl.drop-argument main.tf aws_instance.web name',
      'hcl.drop-argument main.tf aws_instance.web monitoring',
    ]);
  });
});
