import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyView } from '../../challenges/_lib/hcl/blocks.ts';
import type { Grading } from '../../challenges/_lib/hcl/grading.ts';
import { createGrading } from '../../challenges/_lib/hcl/grading.ts';
import { isUnknown } from '../../challenges/_lib/hcl/values.ts';
import { loadWorkspace } from '../../challenges/_lib/hcl/workspace.ts';
import { isPrivateCidr } from '../../challenges/terraform-refactor/grader/checks/private-cidr.ts';
import { secretsIn } from '../../challenges/terraform-refactor/grader/checks/secrets.ts';
import { unreadTerraformFiles } from '../../challenges/terraform-refactor/grader/context.ts';
import { LIVE_ARGUMENTS, LIVE_SETTINGS } from '../../challenges/terraform-refactor/grader/live-state.ts';
import { STARTER_ADDRESSES } from '../../challenges/terraform-refactor/grader/starter.ts';

const starter = path.resolve(import.meta.dirname, '../../challenges/terraform-refactor/starter');

describe('what counts as a private SSH source', () => {
  it.each([
    '10.0.0.0/8',
    '10.20.0.0/16',
    '172.16.0.0/12',
    '172.31.255.0/24',
    '192.168.0.0/16',
    '192.168.10.5/32',
    'fd00::/8',
    'fd12:3456:789a::/48',
    'fc00::/7',
  ])('accepts %s, inside a private block', (cidr) => {
    expect(isPrivateCidr(cidr)).toBe(true);
  });

  it.each([
    ['the whole internet', '0.0.0.0/0'],
    ['an office address', '203.0.113.7/32'],
    ['a block wider than 10/8', '8.0.0.0/6'],
    ['172.32/16, just past 172.16/12', '172.32.0.0/16'],
    ['172/12 that starts below it', '172.0.0.0/12'],
    ['a public IPv6 range', '2001:db8::/32'],
    ['every IPv6 address', '::/0'],
    ['a bare address (not a CIDR)', '10.0.0.1'],
    ['carrier-grade NAT space', '100.64.0.0/10'],
  ])('refuses %s', (_, cidr) => {
    expect(isPrivateCidr(cidr)).toBe(false);
  });
});

describe('the secret scan', () => {
  it('finds an access key id and a named secret key, and shows only their start', () => {
    const found = secretsIn(
      'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    );
    expect(found).toEqual(['an AWS access key id (AKIAIOSF…)', 'an AWS secret access key ("wJal…")']);
  });

  it('reads a credentials file and a JSON document', () => {
    expect(secretsIn('aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toHaveLength(1);
    expect(secretsIn('"SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"')).toHaveLength(1);
    expect(secretsIn('secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"')).toHaveLength(1);
  });

  it('leaves alone what only looks like one: an AMI, a 40-character hash with no secret name', () => {
    expect(secretsIn('ami = "ami-0a1b2c3d4e5f60718"')).toEqual([]);
    expect(secretsIn('sha = "0123456789abcdef0123456789abcdef01234567"')).toEqual([]);
    expect(secretsIn('secret_key_name = "storefront"')).toEqual([]);
  });
});

describe('the live state the refactor must keep', () => {
  it.each([
    ['replace-forcing arguments', LIVE_ARGUMENTS],
    ['in-place settings', LIVE_SETTINGS],
  ])('holds for every starter resource the %s starter/main.tf gives it', async (_, table) => {
    const grading = createGrading(await loadWorkspace(starter));
    const resources = new Map(grading?.inventory().resources.map((r) => [r.address, r]));
    expect([...table.keys()].sort()).toEqual([...STARTER_ADDRESSES].sort());
    for (const [address, argumentsOf] of table) {
      const resource = resources.get(address);
      if (!resource) throw new Error(`${address} is not in the starter`);
      const view = bodyView(resource.block.body, resource.scope);
      for (const [name, live] of Object.entries(argumentsOf)) {
        const value = view.get(name);
        const label = `${address}.${name}`;
        if (live.kind === 'unset') expect(value, label).toBeNull();
        else if (live.kind === 'reference') {
          expect(isUnknown(value) ? value.origin : value, label).toEqual([live.to]);
        } else if (live.kind === 'references') {
          const origins = Array.isArray(value) ? value.flatMap((v) => (isUnknown(v) ? v.origin : [])) : [];
          expect(origins, label).toEqual(live.to);
        } else if (live.unset === 'same' && value === null) continue;
        else expect(value, label).toBe(live.value);
      }
    }
  });
});

describe('files Terraform loads that the grader did not read', () => {
  const grading = {
    workspace: { files: [{ path: 'main.tf' }], diagnostics: [{ file: 'broken.tf', line: 1, message: 'x' }] },
  } as unknown as Grading;

  it('names a Terraform file the reader skipped, but not one it merged (override) or reported', () => {
    const texts = new Map(
      ['main.tf', 'extra.tf.json', 'web_override.tf', 'broken.tf', 'README.md', 'prod.tfvars'].map(
        (f) => [f, ''] as const,
      ),
    );
    expect(unreadTerraformFiles(grading, texts)).toEqual(['extra.tf.json', 'prod.tfvars']);
  });
});
