import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeWorkspace } from '../../challenges/terraform-gcp-private-service/grader/grade-workspace.ts';
import { operators } from '../../scripts/mutants/operators/hcl.ts';
import { loadMutationTarget } from '../../scripts/mutants/run.ts';
import type { SubmissionFile } from '../../scripts/mutants/types.ts';

/**
 * The HCL mutation operators on the GCP reference, graded in-process (the sandbox run is
 * `npm run mutants -- terraform-gcp-private-service`): every mutant mutants.yaml does not list as
 * equivalent loses a point, every one it lists keeps 100, so the record and the grader agree.
 */
const target = await loadMutationTarget(
  path.resolve(import.meta.dirname, '../../challenges/terraform-gcp-private-service'),
);
const mutants = operators.flatMap((o) => o.apply(target.reference));
const ids = mutants.map((m) => m.id);
const equivalent = new Set(target.manifest.equivalent.map((e) => e.id));

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function failing(files: readonly SubmissionFile[]): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gcp-mutant-'));
  scratch.push(dir);
  for (const file of files) {
    await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
    await writeFile(path.join(dir, file.path), file.content);
  }
  const result = await gradeWorkspace(dir);
  return result.checks.filter((c) => !c.passed).map((c) => c.id);
}

describe('the HCL mutation operators on Google resources', () => {
  it('hard-code a Cloud SQL user password and a secret version, replacing the generated value', () => {
    for (const id of [
      'hcl.hard-code-secret database.tf google_sql_user.app',
      'hcl.hard-code-secret secrets.tf google_secret_manager_secret_version.db_password',
    ]) {
      const mutant = mutants.find((m) => m.id === id);
      const changed = mutant?.files.find(
        (f) => f.content !== target.reference.find((r) => r.path === f.path)?.content,
      );
      expect(changed?.content, id).toContain('"Orders-Test-2024!"');
      expect(changed?.content, id).not.toMatch(/(password|secret_data) = random_password/);
    }
  });

  it('move IAM, ingress, TLS, network and firewall arguments of google resources behind inputs and data sources', () => {
    for (const expected of [
      'hcl.unknown-input iam.tf google_project_iam_member.ledger_sql_client role',
      'hcl.unknown-input iam.tf google_secret_manager_secret_iam_member.ledger_db_password member',
      'hcl.unknown-input service.tf google_cloud_run_v2_service.ledger ingress',
      'hcl.unknown-input database.tf google_sql_database_instance.ledger settings[0].ip_configuration[0].ssl_mode',
      'hcl.data-source firewall.tf google_compute_firewall.deny_admin_from_internet priority',
      'hcl.data-source network.tf google_compute_global_address.sql_range purpose',
    ]) {
      expect(ids).toContain(expected);
    }
  });
});

describe('terraform-gcp-private-service mutants, graded in-process', () => {
  it('lists only equivalents that some mutant has', () => {
    expect([...equivalent].filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('kills every mutant mutants.yaml does not call equivalent, and none that it does', {
    timeout: 300_000,
  }, async () => {
    const survivors: string[] = [];
    const killedEquivalents: string[] = [];
    for (const mutant of mutants) {
      const fails = await failing(mutant.files);
      if (fails.length === 0 && !equivalent.has(mutant.id)) survivors.push(mutant.id);
      if (fails.length > 0 && equivalent.has(mutant.id))
        killedEquivalents.push(`${mutant.id}: ${fails.join(', ')}`);
    }
    expect(survivors).toEqual([]);
    expect(killedEquivalents).toEqual([]);
  });
});
