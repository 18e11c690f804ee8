import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import { first, label, ofType, shown, viewOf } from '../model.ts';
import { ipConfiguration, SQL } from '../networks.ts';

const ENCRYPTED = ['ENCRYPTED_ONLY', 'TRUSTED_CLIENT_CERTIFICATE_REQUIRED'];

/**
 * R3. Per instance, a third each: backup_configuration.enabled = true; deletion_protection not false
 * (unset is the provider's default, true); TLS required (ssl_mode, or the older require_ssl when
 * ssl_mode is unset). Worst scenario.
 */
export const databaseHardenedCheck: Check = {
  id: 'database-hardened',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const all = ofType(inventory, SQL);
  if (all.length === 0) return outcome(0, `There is no database: no ${SQL} is declared.`);
  const findings: string[] = [];
  let total = 0;
  for (const db of all) {
    const name = label(db);
    const view = viewOf(db);
    const backups = first(first(view, 'settings'), 'backup_configuration')?.get('enabled') ?? null;
    if (backups === true) total += 1 / 3;
    else
      findings.push(
        `${name}: backup_configuration.enabled is ${backups === null ? 'unset (no automated backups)' : shown(backups)}; the brief wants true`,
      );
    const protection = view.get('deletion_protection');
    if (protection === null || protection === true) total += 1 / 3;
    else
      findings.push(
        `${name}: deletion_protection is ${shown(protection)}; Terraform must refuse to destroy the database`,
      );
    const ip = ipConfiguration(db);
    const mode = ip?.get('ssl_mode') ?? null;
    const required = ip?.get('require_ssl') ?? null;
    const tls = mode !== null ? typeof mode === 'string' && ENCRYPTED.includes(mode) : required === true;
    if (tls) total += 1 / 3;
    else
      findings.push(
        `${name}: ${mode !== null ? `ssl_mode is ${shown(mode)}` : `ssl_mode is unset and require_ssl is ${required === null ? 'unset' : shown(required)}`}, so unencrypted connections are accepted; the brief wants ${ENCRYPTED.join(' or ')}`,
      );
  }
  const score = total / all.length;
  return findings.length === 0
    ? outcome(1, 'Every Cloud SQL instance keeps backups, deletion protection and TLS.')
    : outcome(score, 'A Cloud SQL instance lacks backups, deletion protection or required TLS.', findings);
}
