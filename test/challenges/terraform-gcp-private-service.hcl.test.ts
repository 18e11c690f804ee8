// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform, whose ${…} is not JavaScript's.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGrading } from '../../challenges/_lib/hcl/grading.ts';
import type { Inventory } from '../../challenges/_lib/hcl/inventory.ts';
import { awsProviderOf, effectiveLabels, effectiveTags } from '../../challenges/_lib/hcl/tags.ts';
import { isUnknown } from '../../challenges/_lib/hcl/values.ts';
import { loadWorkspace } from '../../challenges/_lib/hcl/workspace.ts';

/**
 * The shared HCL library on Google configurations: the provider a google_* resource uses (by its
 * type's prefix, a google-beta meta-argument, a module call's providers map), the labels Google
 * applies (default_labels merged under the resource's own), and data blocks read by type and name.
 */
const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function inventoryOf(files: Record<string, string>): Promise<Inventory> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hcl-google-'));
  scratch.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  const grading = createGrading(await loadWorkspace(dir));
  if (!grading) throw new Error('no root module');
  return grading.inventory();
}

const resource = (inventory: Inventory, address: string) => {
  const found = inventory.resources.find((r) => r.address === address);
  if (!found) throw new Error(`no ${address}`);
  return found;
};

const PROVIDERS = `
provider "google" {
  project        = "p"
  default_labels = { team = "payments", env = "prod" }
}
provider "google" {
  alias          = "eu"
  default_labels = { team = "eu" }
}
provider "google-beta" {
  default_labels = { team = "beta" }
}
provider "aws" {
  default_tags {
    tags = { Environment = "test" }
  }
}
`;

describe('providerOf and effectiveLabels', () => {
  it("merge the google provider default_labels under a resource's own labels", async () => {
    const inventory = await inventoryOf({
      'main.tf': `${PROVIDERS}
resource "google_secret_manager_secret" "own" {
  secret_id = "a"
  labels    = { env = "dev" }
}
resource "google_secret_manager_secret" "beta" {
  provider  = google-beta
  secret_id = "b"
}
resource "google_secret_manager_secret" "eu" {
  provider  = google.eu
  secret_id = "c"
}`,
    });
    expect(effectiveLabels(resource(inventory, 'google_secret_manager_secret.own'))).toEqual({
      team: 'payments',
      env: 'dev',
    });
    expect(effectiveLabels(resource(inventory, 'google_secret_manager_secret.beta'))).toEqual({
      team: 'beta',
    });
    expect(effectiveLabels(resource(inventory, 'google_secret_manager_secret.eu'))).toEqual({ team: 'eu' });
    // The aws provider is not a google resource's, and the other way round.
    expect(awsProviderOf(resource(inventory, 'google_secret_manager_secret.own'))).toBeUndefined();
  });

  it("follow a module call's providers map, and the same name up the module tree", async () => {
    const inventory = await inventoryOf({
      'main.tf': `${PROVIDERS}
module "eu" {
  source    = "./modules/secret"
  providers = { google = google.eu }
}
module "plain" {
  source = "./modules/secret"
}`,
      'modules/secret/main.tf': `resource "google_secret_manager_secret" "s" {
  secret_id = "s"
}
resource "aws_s3_bucket" "b" {}`,
    });
    expect(effectiveLabels(resource(inventory, 'module.eu.google_secret_manager_secret.s'))).toEqual({
      team: 'eu',
    });
    expect(effectiveLabels(resource(inventory, 'module.plain.google_secret_manager_secret.s'))).toMatchObject(
      {
        team: 'payments',
      },
    );
    expect(effectiveTags(resource(inventory, 'module.plain.aws_s3_bucket.b'))).toEqual({
      Environment: 'test',
    });
  });

  it('read a provider written in JSON syntax as a plain string', async () => {
    const inventory = await inventoryOf({
      'main.tf': PROVIDERS,
      'run.tf.json': JSON.stringify({
        resource: {
          google_cloud_run_v2_service: { api: { provider: 'google-beta', name: 'api', location: 'x' } },
        },
      }),
    });
    expect(effectiveLabels(resource(inventory, 'google_cloud_run_v2_service.api'))).toEqual({ team: 'beta' });
  });
});

describe('data blocks', () => {
  it('are indexed by type and name with the line of their header, and read from the provider', async () => {
    const inventory = await inventoryOf({
      'main.tf': `locals {
  x = 1
}

data "google_iam_policy" "p" {
  binding {
    role    = "roles/viewer"
    members = ["user:a@example.com"]
  }
}

resource "google_project_iam_policy" "p" {
  project     = "p"
  policy_data = data.google_iam_policy.p.policy_data
}`,
    });
    const block = inventory.root.config.dataIndex.get('google_iam_policy.p');
    expect(block).toMatchObject({ type: 'google_iam_policy', name: 'p', file: 'main.tf', line: 5 });
    const policy = inventory.root.attribute(
      resource(inventory, 'google_project_iam_policy.p'),
      'policy_data',
    );
    expect(isUnknown(policy) && policy.origin).toEqual([
      'data.google_iam_policy.p',
      'google_project_iam_policy.p',
    ]);
    expect(isUnknown(policy) && policy.detail).toContain('read from the provider at plan time');
  });
});
