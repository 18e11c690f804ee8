// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform, whose ${…} is not JavaScript's.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeWorkspace } from '../../challenges/terraform-test-env/grader/grade-workspace.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';

const solution = path.resolve(import.meta.dirname, '../../challenges/terraform-test-env/solution');
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * Grades the reference solution with some files changed: a string replaces the file, `+text` appends
 * to it, and `[old, new]` pairs edit it. Returns the ids of the checks that fail.
 */
async function failingWith(files: Record<string, string | [string, string][]>): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'terraform-test-env-evasion-'));
  scratch.push(dir);
  await cp(solution, dir, { recursive: true });
  for (const [name, change] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    const before = await readFile(file, 'utf8').catch(() => '');
    let after: string;
    if (typeof change !== 'string') {
      after = before;
      for (const [from, to] of change) {
        expect(after).toContain(from);
        after = after.replace(from, to);
      }
    } else after = change.startsWith('+') ? `${before}\n${change.slice(1)}\n` : change;
    await writeFile(file, after);
  }
  const result = graderOutputSchema.parse(await gradeWorkspace(dir));
  return result.checks.filter((c) => !c.passed).map((c) => c.id);
}

describe('the database checks', () => {
  it('do not trust a rule whose security group cannot be followed', async () => {
    // The attack: the open rule targets `var.db_group`, an input with no value, hoping a grader that
    // only follows references it understands will skip it.
    const fails = await failingWith({
      'security.tf': `+variable "db_group" {
  type        = string
  description = "Group to open."
}
resource "aws_vpc_security_group_ingress_rule" "debug" {
  security_group_id = var.db_group
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 5432
  to_port           = 5432
}`,
    });
    // It may as well sit on the load balancer's group, which then admits more than QA's office.
    expect(fails).toEqual(['app-behind-load-balancer', 'database-ingress-app-only']);
  });

  it('judge the worst .tfvars scenario for public access', async () => {
    // The attack: safe by default, but debug.tfvars (a file the team plans with) flips the database public.
    const fails = await failingWith({
      'database.tf': [['publicly_accessible         = false', 'publicly_accessible         = var.db_public']],
      'variables.tf':
        '+variable "db_public" {\n  type        = bool\n  description = "Debug only."\n  default     = false\n}',
      'debug.tfvars': 'db_public = true\n',
    });
    expect(fails).toEqual(['database-not-public']);
  });

  it('fail a publicly_accessible that is an input without a value', async () => {
    const fails = await failingWith({
      'database.tf': [['publicly_accessible         = false', 'publicly_accessible         = var.db_public']],
      'variables.tf': '+variable "db_public" {\n  type        = bool\n  description = "Set at plan time."\n}',
    });
    expect(fails).toEqual(['database-not-public']);
  });

  it('see through a database that shares the API security group', async () => {
    // The mistake: one group for API and database, so the load balancer's rule reaches the database too.
    const fails = await failingWith({
      'database.tf': [
        [
          'vpc_security_group_ids      = [aws_security_group.db.id]',
          'vpc_security_group_ids      = [aws_security_group.app.id]',
        ],
      ],
      'security.tf': [
        [
          'security_group_id            = aws_security_group.db.id',
          'security_group_id            = aws_security_group.app.id',
        ],
      ],
    });
    expect(fails).toEqual(['database-ingress-app-only']);
  });

  it("follow the API's group through its launch template, not the group's name", async () => {
    // The mistake: the database admits the group called "app", but the instances launch with the
    // load balancer's group.
    const fails = await failingWith({
      'app.tf': [
        [
          'vpc_security_group_ids = [aws_security_group.app.id]',
          'vpc_security_group_ids = [aws_security_group.lb.id]',
        ],
      ],
    });
    expect(fails).toContain('database-ingress-app-only');
  });

  it('follow a standalone aws_route to the internet gateway', async () => {
    const fails = await failingWith({
      'network.tf': `+resource "aws_route" "data_out" {
  route_table_id         = aws_route_table.data.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}`,
    });
    expect(fails).toEqual(['database-not-public']);
  });

  it("follow unassociated subnets to the VPC's default route table", async () => {
    // The attack: no association at all, so a grader that only reads associations calls them private,
    // while the managed default route table sends everything to the internet gateway.
    const fails = await failingWith({
      'network.tf': [
        [
          'resource "aws_route_table_association" "data" {\n  count          = length(aws_subnet.data)\n  subnet_id      = aws_subnet.data[count.index].id\n  route_table_id = aws_route_table.data.id\n}',
          'resource "aws_default_route_table" "main" {\n  default_route_table_id = aws_vpc.main.default_route_table_id\n\n  route {\n    cidr_block = "0.0.0.0/0"\n    gateway_id = aws_internet_gateway.main.id\n  }\n}',
        ],
      ],
    });
    expect(fails).toEqual(['database-not-public']);
  });

  it('fail a subnet group that mixes a public subnet in', async () => {
    const fails = await failingWith({
      'database.tf': [
        [
          'subnet_ids = aws_subnet.data[*].id',
          'subnet_ids = [aws_subnet.data[0].id, aws_subnet.public[1].id]',
        ],
      ],
    });
    expect(fails).toEqual(['database-not-public']);
  });
});

describe('the network and state checks', () => {
  it('do not count a subnet given as a literal id from another account or VPC', async () => {
    const fails = await failingWith({
      'app.tf': [
        [
          'vpc_zone_identifier = aws_subnet.app[*].id',
          'vpc_zone_identifier = ["subnet-0aa11", "subnet-0bb22"]',
        ],
      ],
    });
    expect(fails).toEqual(expect.arrayContaining(['network-isolated', 'app-tier-private']));
  });

  it('ignore a backend declared in a module folder, where Terraform ignores it too', async () => {
    const fails = await failingWith({
      'versions.tf': 'terraform {\n  required_version = ">= 1.6.0"\n}\n',
      'modules/state/backend.tf':
        'terraform {\n  backend "s3" {\n    bucket = "acme-orders-tfstate"\n    key = "orders/test/terraform.tfstate"\n    dynamodb_table = "orders-tf-locks"\n  }\n}\n',
    });
    expect(fails).toEqual(['state-isolated']);
  });
});

describe('the resulting state, as AWS would build it', () => {
  it('do not trust a route to the internet on a route table the grader cannot follow', async () => {
    // The attack: the default route's table is an input, so a grader that only attributes routes it
    // can follow would keep every subnet private; it may be the data subnets' table.
    const fails = await failingWith({
      'network.tf': `+variable "extra_table" {
  type        = string
  description = "Route table to open."
}
resource "aws_route" "extra" {
  route_table_id         = var.extra_table
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.main.id
}`,
    });
    expect(fails).toEqual(['app-tier-private', 'database-not-public']);
  });

  it('make no subnet public through an internet gateway attached to no VPC', async () => {
    const fails = await failingWith({
      'network.tf': [
        [
          'resource "aws_internet_gateway" "main" {\n  vpc_id = aws_vpc.main.id\n}',
          'resource "aws_internet_gateway" "main" {}',
        ],
      ],
    });
    expect(fails).toEqual(['app-behind-load-balancer']);
  });

  it('place an instance by the network interface it is given', async () => {
    const fails = await failingWith({
      'app.tf': `+resource "aws_network_interface" "jump" {
  subnet_id       = aws_subnet.public[0].id
  security_groups = [aws_security_group.app.id]
}
resource "aws_instance" "jump" {
  ami           = var.app_image_ami
  instance_type = "t3.micro"
  network_interface {
    network_interface_id = aws_network_interface.jump.id
    device_index         = 0
  }
}`,
    });
    expect(fails).toEqual(['app-tier-private', 'app-behind-load-balancer']);
  });

  it('want a certificate on an HTTPS listener', async () => {
    const fails = await failingWith({
      'load-balancer.tf': [['  certificate_arn   = var.certificate_arn\n', '']],
    });
    expect(fails).toEqual(['app-behind-load-balancer']);
  });

  it("want the VPC's DNS resolver on, so the API can resolve its database", async () => {
    const fails = await failingWith({
      'network.tf': [['enable_dns_support   = true', 'enable_dns_support   = false']],
    });
    expect(fails).toEqual(['network-isolated']);
  });

  it("follow a module's resources to the provider its call passes, and that provider's default_tags", async () => {
    const fails = await failingWith({
      'providers.tf': '+provider "aws" {\n  alias  = "plain"\n  region = "eu-west-1"\n}',
      'logs.tf': 'module "logs" {\n  source    = "./modules/logs"\n  providers = { aws = aws.plain }\n}\n',
      'modules/logs/main.tf': 'resource "aws_cloudwatch_log_group" "api" {\n  name = "/orders/test/api"\n}\n',
    });
    expect(fails).toEqual(['resources-tagged']);
  });

  it('count a rule whose type is an input as possibly ingress on the database', async () => {
    const fails = await failingWith({
      'security.tf': `+variable "rule_type" {
  type        = string
  description = "ingress or egress"
}
resource "aws_security_group_rule" "db_maybe" {
  type              = var.rule_type
  security_group_id = aws_security_group.db.id
  protocol          = "tcp"
  from_port         = 5432
  to_port           = 5432
  cidr_blocks       = ["10.0.0.0/8"]
}`,
    });
    expect(fails).toEqual(['database-ingress-app-only']);
  });
});

describe('correct answers written differently', () => {
  it('accept a redirect listener on a port QA is not admitted on', async () => {
    const fails = await failingWith({
      'load-balancer.tf': `+resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.app.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}`,
    });
    expect(fails).toEqual([]);
  });

  it("accept the API admitting the load balancer's subnets by range instead of by group", async () => {
    const fails = await failingWith({
      'security.tf': [
        [
          '  referenced_security_group_id = aws_security_group.lb.id\n  ip_protocol                  = "tcp"',
          '  cidr_ipv4                    = aws_subnet.public[0].cidr_block\n  ip_protocol                  = "tcp"',
        ],
      ],
    });
    expect(fails).toEqual([]);
  });
});
