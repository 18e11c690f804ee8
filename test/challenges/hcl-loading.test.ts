// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform, whose ${…} is not JavaScript's.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyView } from '../../challenges/_lib/hcl/blocks.ts';
import { createGrading } from '../../challenges/_lib/hcl/grading.ts';
import { fromTerraformJson } from '../../challenges/_lib/hcl/json-syntax.ts';
import { isOverrideFile } from '../../challenges/_lib/hcl/overrides.ts';
import { loadWorkspace } from '../../challenges/_lib/hcl/workspace.ts';

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hcl-loading-'));
  scratch.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** The evaluated argument of the one instance of `address` in the plain plan. */
async function argument(files: Record<string, string>, address: string, name: string) {
  const loaded = await loadWorkspace(await workspace(files));
  expect(loaded.diagnostics).toEqual([]);
  const grading = createGrading(loaded);
  const instance = grading?.inventory().resources.find((r) => r.address === address);
  if (!instance) throw new Error(`no ${address}`);
  return bodyView(instance.block.body, instance.scope).get(name);
}

describe("Terraform's JSON syntax", () => {
  it('reads a resource from a .tf.json file, expressions in strings and all', async () => {
    const value = await argument(
      {
        'main.tf': 'variable "range" {\n  default = "10.1.0.0/16"\n}\n',
        'extra.tf.json': JSON.stringify({
          '//': 'generated',
          resource: { aws_vpc: { main: { cidr_block: '${var.range}', tags: { Team: 'qa' } } } },
        }),
      },
      'aws_vpc.main',
      'cidr_block',
    );
    expect(value).toBe('10.1.0.0/16');
  });

  it('turns blocks written as objects into the lists hcl2json gives, dropping "//" comments', () => {
    const json = fromTerraformJson({
      '//': 'top comment',
      terraform: { backend: { s3: { bucket: 'b', '//': 'note' } } },
      variable: { port: { type: 'number', default: 80 } },
      resource: {
        aws_security_group: {
          db: { dynamic: { ingress: { for_each: '${var.x}', content: { from_port: 1 } } } },
        },
      },
    });
    expect(json).toEqual({
      terraform: [{ backend: { s3: [{ bucket: 'b' }] } }],
      variable: { port: [{ type: '${number}', default: 80 }] },
      resource: {
        aws_security_group: {
          db: [{ dynamic: { ingress: [{ for_each: '${var.x}', content: [{ from_port: 1 }] }] } }],
        },
      },
    });
  });

  it('keeps .tfvars.json values literal, as Terraform does', async () => {
    const value = await argument(
      {
        'main.tf':
          'variable "name" {\n  type = string\n}\nresource "aws_s3_bucket" "b" {\n  bucket = var.name\n}\n',
        'terraform.tfvars.json': JSON.stringify({ name: 'literal-${not-an-expression}' }),
      },
      'aws_s3_bucket.b',
      'bucket',
    );
    expect(value).toBe('literal-${not-an-expression}');
  });

  it('reports a .tf.json file that is not JSON with its name', async () => {
    const loaded = await loadWorkspace(await workspace({ 'main.tf': '', 'bad.tf.json': '{ "resource": ' }));
    expect(loaded.diagnostics[0]?.file).toBe('bad.tf.json');
  });
});

describe('override files', () => {
  it('names override.tf, *_override.tf and their JSON forms, nothing else', () => {
    expect(
      ['override.tf', 'db_override.tf', 'm/override.tf.json', 'x_override.tf.json'].every(isOverrideFile),
    ).toBe(true);
    expect(['overrides.tf', 'override_db.tf', 'main.tf'].some(isOverrideFile)).toBe(false);
  });

  it('replace the arguments they set and keep the others', async () => {
    const files = {
      'main.tf':
        'resource "aws_db_instance" "db" {\n  publicly_accessible = false\n  engine = "postgres"\n}\n',
      'db_override.tf': 'resource "aws_db_instance" "db" {\n  publicly_accessible = true\n}\n',
    };
    expect(await argument(files, 'aws_db_instance.db', 'publicly_accessible')).toBe(true);
    expect(await argument(files, 'aws_db_instance.db', 'engine')).toBe('postgres');
  });

  it('apply in lexical order, so the last one wins', async () => {
    const value = await argument(
      {
        'main.tf': 'locals {\n  port = 1\n}\nresource "aws_lb_listener" "l" {\n  port = local.port\n}\n',
        'a_override.tf': 'locals {\n  port = 2\n}\n',
        'b_override.tf.json': JSON.stringify({ locals: { port: 3 } }),
      },
      'aws_lb_listener.l',
      'port',
    );
    expect(value).toBe(3);
  });

  it('replace nested blocks of the type they set, dynamic ones included', async () => {
    const value = await argument(
      {
        'main.tf':
          'resource "aws_security_group" "g" {\n  dynamic "ingress" {\n    for_each = [1]\n    content {\n      from_port = 22\n    }\n  }\n}\n',
        'override.tf': 'resource "aws_security_group" "g" {\n  ingress {\n    from_port = 443\n  }\n}\n',
      },
      'aws_security_group.g',
      'ingress',
    );
    expect(value).toEqual([{ from_port: 443 }]);
  });

  it('replace the backend, and a block with nothing to override is an error Terraform would report', async () => {
    const loaded = await loadWorkspace(
      await workspace({
        'main.tf': 'terraform {\n  backend "s3" {\n    key = "a"\n  }\n}\n',
        'override.tf':
          'terraform {\n  backend "local" {}\n}\nresource "aws_vpc" "ghost" {\n  cidr_block = "10.0.0.0/16"\n}\n',
      }),
    );
    const main = loaded.files.find((f) => f.path === 'main.tf');
    const [terraform] = (main?.json.terraform ?? []) as { backend?: object }[];
    expect(Object.keys(terraform?.backend ?? {})).toEqual(['local']);
    expect(loaded.files.map((f) => f.path)).toEqual(['main.tf']);
    expect(loaded.diagnostics).toEqual([
      expect.objectContaining({ file: 'override.tf', message: expect.stringContaining('aws_vpc.ghost') }),
    ]);
  });
});

describe('variable values', () => {
  it('read terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in lexical order', async () => {
    const value = await argument(
      {
        'main.tf': 'variable "v" {}\nresource "aws_s3_bucket" "b" {\n  bucket = var.v\n}\n',
        'terraform.tfvars': 'v = "tfvars"\n',
        'terraform.tfvars.json': '{ "v": "tfvars.json" }',
        'a.auto.tfvars.json': '{ "v": "a.auto.json" }',
        'b.auto.tfvars': 'v = "b.auto"\n',
      },
      'aws_s3_bucket.b',
      'bucket',
    );
    expect(value).toBe('b.auto');
  });

  it('treat another .tfvars.json at the root as a scenario of its own', async () => {
    const loaded = await loadWorkspace(
      await workspace({ 'main.tf': 'variable "v" {\n  default = 1\n}\n', 'prod.tfvars.json': '{ "v": 2 }' }),
    );
    expect(createGrading(loaded)?.scenarios.map((s) => s.name)).toEqual(['the defaults', 'prod.tfvars.json']);
  });
});
