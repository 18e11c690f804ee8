// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform, whose ${…} is not JavaScript's.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeWorkspace } from '../../challenges/terraform-gcp-private-service/grader/grade-workspace.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';

const solution = path.resolve(import.meta.dirname, '../../challenges/terraform-gcp-private-service/solution');
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * Grades the reference solution with some files changed: a string replaces the file, `+text` appends
 * to it, and `[old, new]` pairs edit it. Returns the ids of the checks that fail.
 */
async function failingWith(files: Record<string, string | [string, string][]>): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'terraform-gcp-evasion-'));
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

describe('unknown is not safe', () => {
  it('reads a role known only at plan time as a possible basic role, and a grant to the runtime account', async () => {
    const fails = await failingWith({
      'iam.tf': `+data "google_secret_manager_secret_version" "extra_role" {
  secret = "ledger-extra-role"
}
resource "google_project_iam_member" "extra" {
  project = var.project_id
  role    = data.google_secret_manager_secret_version.extra_role.secret_data
  member  = google_service_account.ledger.member
}`,
    });
    expect(fails).toEqual(['least-privilege', 'no-basic-roles']);
  });

  it('counts a grant to a member it cannot follow against the runtime account', async () => {
    const fails = await failingWith({
      'iam.tf': `+data "google_service_account" "someone" {
  account_id = "ledger-run"
}
resource "google_project_iam_member" "storage" {
  project = var.project_id
  role    = "roles/storage.admin"
  member  = "serviceAccount:\${data.google_service_account.someone.email}"
}`,
    });
    expect(fails).toEqual(['least-privilege']);
  });

  it('reads an SSH allow whose source range is known only at plan time as open to the internet', async () => {
    const fails = await failingWith({
      'firewall.tf': `+data "google_compute_subnetwork" "office" {
  name = "office"
}
resource "google_compute_firewall" "office_ssh" {
  name          = "office-ssh"
  network       = google_compute_network.main.id
  priority      = 10
  source_ranges = [data.google_compute_subnetwork.office.ip_cidr_range]
  allow {
    protocol = "tcp"
  }
}`,
    });
    expect(fails).toEqual(['admin-ports-closed']);
  });
});

describe('the firewall check', () => {
  it('lets the deny win a tie of priorities, and ignores private and IAP sources', async () => {
    const fails = await failingWith({
      'firewall.tf': `+resource "google_compute_firewall" "same_priority" {
  name          = "same-priority"
  network       = google_compute_network.main.id
  priority      = 100
  source_ranges = ["0.0.0.0/0"]
  allow {
    protocol = "tcp"
    ports    = ["20-25"]
  }
}
resource "google_compute_firewall" "internal" {
  name          = "internal"
  network       = google_compute_network.main.id
  priority      = 1
  source_ranges = ["10.30.0.0/24", "35.235.240.0/20"]
  allow {
    protocol = "all"
  }
}`,
    });
    expect(fails).toEqual([]);
  });

  it('finds a port range and an ingress rule with no source at all (0.0.0.0/0 by default) on another network', async () => {
    const fails = await failingWith({
      'firewall.tf': `+resource "google_compute_firewall" "legacy" {
  name     = "legacy-rdp"
  network  = "default"
  allow {
    protocol = "tcp"
    ports    = ["3000-4000"]
  }
}`,
    });
    expect(fails).toEqual(['admin-ports-closed']);
  });
});

describe('the firewall check, on sources', () => {
  it('does not let an IPv4 deny stand for IPv6, and reads an empty source_ranges as no source at all', async () => {
    const v6 = await failingWith({
      'firewall.tf': `+resource "google_compute_firewall" "ssh_v6" {
  name          = "ssh-v6"
  network       = google_compute_network.main.id
  priority      = 2000
  source_ranges = ["::/0"]
  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}`,
    });
    expect(v6).toEqual(['admin-ports-closed']);
    const empty = await failingWith({
      'firewall.tf': `+resource "google_compute_firewall" "rdp_default" {
  name          = "rdp-default"
  network       = "default"
  source_ranges = []
  allow {
    protocol = "tcp"
    ports    = ["3389"]
  }
}`,
    });
    expect(empty).toEqual(['admin-ports-closed']);
  });
});

describe('custom roles', () => {
  it('are never basic roles, but still count against the runtime account', async () => {
    const deployer = await failingWith({
      'iam.tf': `+resource "google_project_iam_custom_role" "deployer" {
  role_id     = "ledgerDeployer"
  title       = "Ledger deployer"
  permissions = ["run.services.update"]
}
resource "google_project_iam_member" "deployer" {
  project = var.project_id
  role    = google_project_iam_custom_role.deployer.id
  member  = "serviceAccount:deployer@acme-payments-prod.iam.gserviceaccount.com"
}`,
    });
    expect(deployer).toEqual([]);
    const runtime = await failingWith({
      'iam.tf': `+resource "google_project_iam_custom_role" "extra" {
  role_id     = "ledgerExtra"
  title       = "Ledger extra"
  permissions = ["storage.objects.list"]
}
resource "google_project_iam_member" "extra" {
  project = var.project_id
  role    = google_project_iam_custom_role.extra.id
  member  = google_service_account.ledger.member
}`,
    });
    expect(runtime).toEqual(['least-privilege']);
  });
});

describe('labels', () => {
  it('merges the provider default_labels only into resources that use that provider', async () => {
    const fails = await failingWith({
      'service.tf': [['  location = var.region\n', '  location = var.region\n  provider = google-beta\n']],
      'providers.tf': '+provider "google-beta" {\n  project = var.project_id\n}',
    });
    expect(fails).toEqual(['resources-labelled']);
  });
});

describe('identity', () => {
  it('does not take an account named in an email for one created here', async () => {
    const fails = await failingWith({
      'service.tf': [
        [
          'service_account = google_service_account.ledger.email',
          'service_account = "ledger-run@another-project.iam.gserviceaccount.com"',
        ],
      ],
    });
    // The account_id matches one created here, but in another project: another project's account.
    expect(fails).toEqual(['dedicated-identity', 'least-privilege']);
    const same = await failingWith({
      'service.tf': [
        [
          'service_account = google_service_account.ledger.email',
          'service_account = "ledger-run@acme-payments-prod.iam.gserviceaccount.com"',
        ],
      ],
    });
    expect(same).toEqual([]);
    const other = await failingWith({
      'service.tf': [
        [
          'service_account = google_service_account.ledger.email',
          'service_account = "ledger-batch@acme-payments-prod.iam.gserviceaccount.com"',
        ],
      ],
    });
    expect(other).toEqual(['dedicated-identity', 'least-privilege']);
  });
});

describe("what stops CI's plan", () => {
  it('fails every check when a root variable has no value, a required argument is missing or no project is set', async () => {
    const all = [
      'network-private',
      'database-private',
      'database-hardened',
      'service-private',
      'dedicated-identity',
      'least-privilege',
      'no-basic-roles',
      'password-from-secret',
      'admin-ports-closed',
      'resources-labelled',
    ];
    expect(await failingWith({ 'variables.tf': '+variable "owner" {\n  type = string\n}' })).toEqual(all);
    expect(await failingWith({ 'secrets.tf': [['  secret_id = "ledger-db-password"\n', '']] })).toEqual(all);
    expect(await failingWith({ 'providers.tf': [['  project = var.project_id\n', '']] })).toEqual(all);
    const module = await failingWith({
      'modules/audit/main.tf': 'variable "sink" {\n  type = string\n}\n',
      'iam.tf': '+module "audit" {\n  source = "./modules/audit"\n}',
    });
    expect(module).toEqual(all);
  });

  it('requires the database to be created after private services access', async () => {
    const fails = await failingWith({
      'database.tf': [['  depends_on = [google_service_networking_connection.sql]\n', '']],
    });
    expect(fails).toEqual(['database-private']);
  });
});
