// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform, whose ${…} is not JavaScript's.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeWorkspace } from '../../challenges/terraform-refactor/grader/grade-workspace.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';

const solution = path.resolve(import.meta.dirname, '../../challenges/terraform-refactor/solution');
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Grades the reference solution with some files replaced (string), appended to (+string) or added. */
async function gradeVariant(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'terraform-evasion-'));
  scratch.push(dir);
  await cp(solution, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    const before = text.startsWith('+') ? await readFile(file, 'utf8').catch(() => '') : '';
    await writeFile(file, text.startsWith('+') ? `${before}\n${text.slice(1)}\n` : text);
  }
  const result = graderOutputSchema.parse(await gradeWorkspace(dir));
  return (id: string) => result.checks.find((c) => c.id === id);
}

const PROVIDER = (extra: string) => `provider "aws" {
  region = var.region
  ${extra}
  default_tags {
    tags = local.common_tags
  }
}
locals {
  common_tags = merge(var.extra_tags, { Project = var.project, Environment = var.environment })
}
`;

describe('the credentials check', () => {
  it('decodes a key hidden behind base64decode', async () => {
    // The attack: no key-shaped string anywhere, but the provider still receives a literal key.
    const check = await gradeVariant({
      'providers.tf': PROVIDER('access_key = base64decode("QUtJQUZBS0UwRVhBTVBMRTBLRVk=")'),
    });
    expect(check('no-hardcoded-credentials')?.passed).toBe(false);
  });

  it('does not trust a key read by a function it does not evaluate', async () => {
    // The attack: file("creds.txt") keeps the secret in the repository, out of the .tf files.
    const check = await gradeVariant({
      'providers.tf': PROVIDER('secret_key = file("${path.module}/creds.txt")'),
    });
    expect(check('no-hardcoded-credentials')?.message).toContain('Credentials are still in the code');
  });

  it('finds a key passed into a provider block inside a module', async () => {
    // The attack: the root has a clean provider; a child module configures its own with a module input.
    const check = await gradeVariant({
      'modules/web_server/provider.tf': 'provider "aws" {\n  secret_key = var.secret\n}\n',
      'modules/web_server/variables.tf': '+variable "secret" {\n  type = string\n  description = "x"\n}',
      'web.tf': '+module "extra" {\n  source = "./modules/web_server"\n  secret = "s3cr3t-s3cr3t-s3cr3t"\n}',
    });
    expect(check('no-hardcoded-credentials')?.passed).toBe(false);
  });

  it('finds the old keys in a folder the root module never uses', async () => {
    // The attack: the refactor is clean, but the original file is kept "for reference" in old/.
    const starter = await readFile(path.join(solution, '../starter/main.tf'), 'utf8');
    const check = await gradeVariant({ 'old/main.tf': starter });
    expect(check('no-hardcoded-credentials')?.passed).toBe(false);
  });
});

describe('the SSH check', () => {
  const rule = (cidrs: string) => `+resource "aws_security_group_rule" "ssh_extra" {
  type              = "ingress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ${cidrs}
  security_group_id = aws_security_group.web.id
}`;

  it('expands dynamic ingress blocks fed by a variable', async () => {
    // The attack: no literal ingress block; the rules come from a list of objects in a variable.
    const check = await gradeVariant({
      'security.tf': `+variable "admin_rules" {
  type        = list(object({ port = number, cidr = string }))
  description = "x"
  default     = [{ port = 22, cidr = "0.0.0.0/0" }]
}
resource "aws_security_group" "admin" {
  name   = "admin"
  vpc_id = aws_vpc.main.id
  dynamic "ingress" {
    for_each = var.admin_rules
    iterator = rule
    content {
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = [rule.value.cidr]
    }
  }
}`,
    });
    expect(check('ssh-not-public')?.passed).toBe(false);
  });

  it.each([
    [
      'a condition on a data source',
      'data.aws_region.current.name == "eu-west-1" ? ["0.0.0.0/0"] : ["10.0.0.0/8"]',
    ],
    ['two halves of the internet', '["0.0.0.0/1", "128.0.0.0/1"]'],
    ['cidrsubnet of the whole internet', '[cidrsubnet("0.0.0.0/0", 1, 0)]'],
  ])('sees through %s', async (_, cidrs) => {
    const check = await gradeVariant({ 'security.tf': rule(cidrs) });
    expect(check('ssh-not-public')?.passed).toBe(false);
  });

  it('accepts the VPC CIDR, which the configuration itself sets to a private range', async () => {
    const check = await gradeVariant({ 'security.tf': rule('[aws_vpc.main.cidr_block]') });
    expect(check('ssh-not-public')?.passed).toBe(true);
  });

  it('does not trust a CIDR read from a data source', async () => {
    // The attack: the peer VPC's CIDR is whatever AWS answers at plan time; nothing shows it is private.
    const check = await gradeVariant({ 'security.tf': rule('[data.aws_vpc.peer.cidr_block]') });
    expect(check('ssh-not-public')?.message).toContain('cannot be shown to be private');
    expect(check('ssh-not-public')?.evidence?.[0]).toContain('cannot be shown to be safe');
  });
});

describe('the other checks', () => {
  it('counts instances with the values terraform.tfvars gives, not the defaults', async () => {
    // The attack: the defaults declare three servers, the committed tfvars deploys two.
    const check = await gradeVariant({
      'terraform.tfvars': '+web_servers = { "web-1" = { zone = "a" }, "web-2" = { zone = "b" } }',
    });
    expect(check('infrastructure-preserved')?.passed).toBe(false);
  });

  it('accepts encryption attached by the bucket name and an account-wide public access block', async () => {
    const check = await gradeVariant({
      'storage.tf': `resource "aws_s3_bucket" "assets" {
  bucket = var.assets_bucket_name
}
resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
  bucket = var.assets_bucket_name
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
resource "aws_s3_account_public_access_block" "all" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`,
    });
    expect(check('s3-encrypted')?.passed).toBe(true);
    expect(check('s3-public-access-blocked')?.passed).toBe(true);
  });

  it('ends, with a result, on circular locals and a module that calls itself', async () => {
    const check = await gradeVariant({
      'loops.tf':
        'locals {\n  a = local.b\n  b = [local.a]\n}\nmodule "self" {\n  source = "./"\n  count = length(local.a)\n}',
    });
    expect(check('infrastructure-preserved')).toBeDefined();
  });
});

describe('the grader itself', () => {
  it('refuses a file nested too deep for the parser, and keeps grading', async () => {
    // The attack: hcl2json's WebAssembly parser overflows the stack on ~1,500 nested brackets, and a
    // second overflow aborts the process: no verdict at all. The grader refuses such files up front.
    const deep = `locals {\n  x = ${'['.repeat(3000)}1${']'.repeat(3000)}\n}\n`;
    for (let run = 0; run < 2; run++) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'terraform-evasion-'));
      scratch.push(dir);
      await cp(solution, dir, { recursive: true });
      await writeFile(path.join(dir, 'deep.tf'), deep);
      const result = graderOutputSchema.parse(await gradeWorkspace(dir));
      expect(result.diagnostics?.[0]).toMatchObject({ file: 'deep.tf', line: 2 });
      expect(result.checks.every((c) => !c.passed)).toBe(true);
    }
  });
});
